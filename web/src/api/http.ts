// The relayer's REST API, called relatively (the app is served from the relayer's origin, so the session
// cookie travels with every call). A refusal becomes an ApiError carrying the server's reason and message.
import type { ErrorBody } from "@paykey/sdk/api";
import { BaseError } from "viem";

export type ApiErrorType = ApiError;

/** A REST call answered with a 4xx/5xx, or not answered at all (`status` 0). */
export class ApiError extends BaseError {
  override name = "ApiError";
  readonly status: number;
  /** The server's machine-readable reason (`request_paid`, `faucet_disabled`, …); `network` when unreachable. */
  readonly reason: string;

  constructor({ status, reason, message, cause }: { status: number; reason: string; message: string; cause?: Error | undefined }) {
    super(message, { details: `${status} ${reason}`, cause });
    this.status = status;
    this.reason = reason;
  }
}

async function call<T>(method: "GET" | "POST", path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: "same-origin",
      headers: body === undefined ? { accept: "application/json" } : { accept: "application/json", "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (cause) {
    throw new ApiError({ status: 0, reason: "network", message: "The Paykey server cannot be reached. Check your connection and retry.", cause: cause as Error });
  }
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!response.ok) {
    // Anything in front of the relayer (a proxy, a CDN) may answer without the relayer's error body.
    const error = (parsed as Partial<ErrorBody> | undefined)?.error;
    throw new ApiError({
      status: response.status,
      reason: error?.reason ?? error?.code ?? `http_${response.status}`,
      message: error?.message ?? `The server answered ${response.status}.`,
    });
  }
  return parsed as T;
}

export const api = {
  get: <T>(path: string) => call<T>("GET", path),
  post: <T>(path: string, body: unknown = {}) => call<T>("POST", path, body),
};
