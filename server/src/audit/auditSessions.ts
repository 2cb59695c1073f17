// Auditor sessions: an auditor signs in with its passkey like anyone else, and the session that sign-in
// issues is marked read-only here. The mark, not the route, decides: every state-changing request that
// carries a marked session is refused (guard.ts), and the /api/audit routes accept only marked sessions.
// The token travels as a bearer token or in the `paykey_audit` cookie, scoped to /api/audit so that the
// same browser's own wallet session keeps working beside it.
import { createHash } from "node:crypto";
import type { FastifyRequest } from "fastify";
import { getAddress, type Address } from "viem";
import { resolveSession, sessionCookie } from "../auth/sessions.ts";
import type { Queryable } from "../db/store.ts";
import { AuditHttpError } from "./errors.ts";

export const auditCookie = "paykey_audit";
export const auditCookiePath = "/api/audit";

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/** Every session token a request presents: bearer, the auditor cookie and the wallet's session cookie. */
export function presentedTokens(request: FastifyRequest): string[] {
  const tokens: string[] = [];
  const header = request.headers.authorization;
  if (typeof header === "string" && header.startsWith("Bearer ")) tokens.push(header.slice(7).trim());
  for (const name of [auditCookie, sessionCookie]) {
    const cookie = request.cookies?.[name];
    if (cookie) tokens.push(cookie);
  }
  return tokens.filter((token) => token.length > 0 && token.length <= 128);
}

export async function markAuditSession(db: Queryable, token: string, account: string): Promise<void> {
  await db.query("INSERT INTO audit_sessions (token_hash, account_address) VALUES ($1, $2)", [hashToken(token), account.toLowerCase()]);
}

/** Whether any of `tokens` is an auditor session (valid or not: a marked token is never allowed to write). */
export async function isAuditToken(db: Queryable, tokens: readonly string[]): Promise<boolean> {
  if (tokens.length === 0) return false;
  const rows = await db.query("SELECT 1 FROM audit_sessions WHERE token_hash IN (SELECT jsonb_array_elements_text($1::jsonb))", [
    JSON.stringify(tokens.map(hashToken)),
  ]);
  return rows.length > 0;
}

export type Auditor = { userId: string; account: Address; token: string };

declare module "fastify" {
  interface FastifyRequest {
    auditor?: Auditor;
  }
}

/** preHandler of the /api/audit routes: the request must carry a valid auditor session. */
export function createAuthenticateAuditor(context: { store: Queryable; now: () => Date }) {
  return async (request: FastifyRequest): Promise<void> => {
    for (const token of presentedTokens(request)) {
      const [marked] = await context.store.query<{ account_address: string }>("SELECT account_address FROM audit_sessions WHERE token_hash = $1", [hashToken(token)]);
      if (!marked) continue;
      const session = await resolveSession(context.store, token, context.now());
      request.auditor = { userId: session.userId, account: getAddress(marked.account_address), token };
      return;
    }
    throw new AuditHttpError("not_auditor", "Sign in as an auditor first.");
  };
}
