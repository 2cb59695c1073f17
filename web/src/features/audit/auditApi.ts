// The relayer's /api/audit routes from the browser: the auditor's passkey sign-in (a read-only session in
// the `paykey_audit` cookie, which travels only to /api/audit), and a reconciliation streamed as
// server-sent events read with fetch, so a refusal before the stream starts keeps its reason.
import type { AuditReport, AuditorSession, ReconciliationProgress } from "@paykey/sdk/api/audit";
import { ApiError, api } from "../../api/http.ts";
import { type RequestOptionsJson, getPasskeyAssertion } from "../../connector/webauthn.ts";

export async function signInAsAuditor(): Promise<AuditorSession> {
  const { options } = await api.post<{ options: RequestOptionsJson }>("/auth/auditor/options");
  const response = await getPasskeyAssertion(options);
  return api.post<AuditorSession>("/auth/auditor/verify", { response });
}

/** The signed-in auditor, or null when there is no auditor session. */
export async function auditorSession(): Promise<AuditorSession | null> {
  try {
    return await api.get<AuditorSession>("/api/audit/session");
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export function signOutAuditor(): Promise<unknown> {
  return api.post("/api/audit/logout");
}

export type ReconciliationHandlers = { onProgress(progress: ReconciliationProgress): void };

/** Runs a reconciliation of `storeId` for `[from, to]` (UTC days), reporting progress; resolves with the report. */
export async function streamReconciliation(
  storeId: string,
  period: { from?: string; to?: string },
  { onProgress }: ReconciliationHandlers,
  signal?: AbortSignal,
): Promise<AuditReport> {
  const query = new URLSearchParams(Object.entries(period).filter(([, value]) => value) as [string, string][]);
  const response = await fetch(`/api/audit/stores/${encodeURIComponent(storeId)}/reconciliation/stream?${query}`, { credentials: "same-origin", signal }).catch(
    (cause: Error) => {
      throw new ApiError({ status: 0, reason: "network", message: "The Paykey server cannot be reached.", cause });
    },
  );
  if (!response.ok || !response.body) {
    const body = (await response.json().catch(() => undefined)) as { error?: { reason?: string; message?: string } } | undefined;
    throw new ApiError({ status: response.status, reason: body?.error?.reason ?? `http_${response.status}`, message: body?.error?.message ?? `The server answered ${response.status}.` });
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let end: number;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const chunk = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.*)$/m.exec(chunk)?.[1];
      const data = JSON.parse(/^data: (.*)$/m.exec(chunk)?.[1] ?? "null");
      if (event === "progress") onProgress(data as ReconciliationProgress);
      else if (event === "report") return data as AuditReport;
      else if (event === "failed") throw new ApiError({ status: 500, reason: data.reason, message: data.message });
    }
  }
  throw new ApiError({ status: 0, reason: "network", message: "The reconciliation stream ended before its report." });
}
