// The auditor guard: runs before every route of the relayer (see RelayerModule.onRequest) and refuses
// any request that could change state — every method but GET, HEAD and OPTIONS — when it carries an
// auditor session, whichever route it is for, including routes other modules add later. The one
// exception ends the auditor's own session (POST /api/audit/logout): it changes nothing but that token.
import type { FastifyRequest } from "fastify";
import type { RelayerContext } from "../context.ts";
import { AuditHttpError } from "./errors.ts";
import { isAuditToken, presentedTokens } from "./auditSessions.ts";

const readMethods = new Set(["GET", "HEAD", "OPTIONS"]);

export const auditorLogoutRoute = { method: "POST", url: "/api/audit/logout" } as const;

export async function auditorGuard(request: FastifyRequest, context: Pick<RelayerContext, "store">): Promise<void> {
  if (readMethods.has(request.method)) return;
  if (request.method === auditorLogoutRoute.method && request.url.split("?")[0] === auditorLogoutRoute.url) return;
  if (!(await isAuditToken(context.store, presentedTokens(request)))) return;
  throw new AuditHttpError("auditor_read_only", "Auditors have read-only access: this request would change state.", {
    data: { method: request.method, route: request.url.split("?")[0] },
  });
}
