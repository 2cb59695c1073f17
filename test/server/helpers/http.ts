// Small fetch wrapper for REST calls in tests: status, parsed body and headers.
export type ApiResponse<T = any> = { status: number; body: T; headers: Headers };

export async function api<T = any>(
  baseUrl: string,
  method: "GET" | "POST" | "DELETE",
  path: string,
  parameters: { body?: unknown; token?: string; cookie?: string; headers?: Record<string, string> } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...parameters.headers };
  if (parameters.body !== undefined) headers["content-type"] ??= "application/json";
  if (parameters.token) headers.authorization = `Bearer ${parameters.token}`;
  if (parameters.cookie) headers.cookie = parameters.cookie;
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    body: parameters.body === undefined ? undefined : typeof parameters.body === "string" ? parameters.body : JSON.stringify(parameters.body),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body: body as T, headers: response.headers };
}
