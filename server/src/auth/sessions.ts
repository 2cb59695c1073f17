// Sessions: a random token given to the client (httpOnly cookie and/or bearer token), stored
// only as its SHA-256, with an expiry. Revoked on logout.
import { createHash, randomBytes } from "node:crypto";
import type { FastifyRequest } from "fastify";
import type { Queryable } from "../db/store.ts";
import { AuthError } from "./errors.ts";

export const sessionCookie = "paykey_session";

export type Session = {
  userId: string;
  credentialId: string | null;
  accountAddress: string;
  expiresAt: Date;
};

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export async function createSession(
  db: Queryable,
  parameters: { userId: string; credentialId: string; now: Date; ttlSeconds: number },
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(parameters.now.getTime() + parameters.ttlSeconds * 1000);
  await db.query("DELETE FROM sessions WHERE expires_at < $1", [parameters.now]);
  await db.query(
    "INSERT INTO sessions (token_hash, user_id, credential_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
    [hashToken(token), parameters.userId, parameters.credentialId, parameters.now, expiresAt],
  );
  return { token, expiresAt };
}

/** The session token of a request: `Authorization: Bearer …` first, then the cookie. */
export function sessionToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (typeof header === "string" && header.startsWith("Bearer ")) return header.slice(7).trim() || undefined;
  const cookie = request.cookies?.[sessionCookie];
  return cookie || undefined;
}

export async function resolveSession(db: Queryable, token: string | undefined, now: Date): Promise<Session> {
  if (!token || token.length > 128) throw new AuthError("unauthenticated", "Sign in with your passkey first.");
  const rows = await db.query<{ user_id: string; credential_id: string | null; account_address: string; expires_at: Date; revoked_at: Date | null }>(
    `SELECT s.user_id, s.credential_id, u.account_address, s.expires_at, s.revoked_at
       FROM sessions s JOIN users u ON u.id = s.user_id
      WHERE s.token_hash = $1`,
    [hashToken(token)],
  );
  const row = rows[0];
  if (!row || row.revoked_at) throw new AuthError("unauthenticated", "Sign in with your passkey first.");
  if (row.expires_at.getTime() <= now.getTime()) {
    throw new AuthError("session_expired", "Your session expired; sign in again.");
  }
  return { userId: row.user_id, credentialId: row.credential_id, accountAddress: row.account_address, expiresAt: row.expires_at };
}

export async function revokeSession(db: Queryable, token: string, now: Date): Promise<void> {
  await db.query("UPDATE sessions SET revoked_at = $2 WHERE token_hash = $1 AND revoked_at IS NULL", [hashToken(token), now]);
}

/**
 * The account of the request's session, if it carries one (a route open to anyone that uses the payer's
 * account when signed in); a token that is invalid or expired is still refused.
 */
export async function optionalSessionAccount(db: Queryable, request: FastifyRequest, now: Date): Promise<string | undefined> {
  const token = sessionToken(request);
  return token ? (await resolveSession(db, token, now)).accountAddress : undefined;
}
