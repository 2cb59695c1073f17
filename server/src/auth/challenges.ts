// WebAuthn challenges live on the server: random, single-use (consumed by a DELETE, so a
// replay finds nothing) and short-lived (5 minutes by default). The option routes issue them
// without a session, so the table is bounded: expired ones are deleted whenever one is issued,
// and beyond `maxPending` unused ones the oldest are dropped (a flood from many addresses
// then costs the earliest of them their sign-in attempt, never the table's growth).
import { randomBytes } from "node:crypto";
import type { Queryable } from "../db/store.ts";
import { AuthError } from "./errors.ts";

export type ChallengePurpose = "register" | "login" | "add_device";

export type StoredChallenge = {
  challenge: string;
  purpose: ChallengePurpose;
  userId: string | null;
  displayName: string | null;
};

export function newChallengeBytes(): Uint8Array<ArrayBuffer> {
  return new Uint8Array(randomBytes(32));
}

export async function storeChallenge(
  db: Queryable,
  parameters: StoredChallenge & { now: Date; ttlSeconds: number; maxPending: number },
): Promise<void> {
  const { challenge, purpose, userId, displayName, now, ttlSeconds, maxPending } = parameters;
  // One statement: expired challenges are useless and go; of the others the newest
  // `maxPending - 1` stay (the issue-order index walked from its newest end), then this one.
  await db.query(
    `WITH expired AS (DELETE FROM auth_challenges WHERE expires_at < $6),
          oldest AS (DELETE FROM auth_challenges
                      WHERE issued <= (SELECT issued FROM auth_challenges ORDER BY issued DESC OFFSET $7 LIMIT 1))
     INSERT INTO auth_challenges (challenge, purpose, user_id, display_name, expires_at, created_at)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [challenge, purpose, userId, displayName, new Date(now.getTime() + ttlSeconds * 1000), now, Math.max(0, maxPending - 1)],
  );
}

/** Takes the challenge out of the store; throws when it was never issued, already used or expired. */
export async function consumeChallenge(
  db: Queryable,
  challenge: string,
  purpose: ChallengePurpose,
  now: Date,
): Promise<StoredChallenge> {
  const rows = await db.query<{ purpose: ChallengePurpose; user_id: string | null; display_name: string | null; expires_at: Date }>(
    "DELETE FROM auth_challenges WHERE challenge = $1 RETURNING purpose, user_id, display_name, expires_at",
    [challenge],
  );
  const row = rows[0];
  if (!row || row.purpose !== purpose) {
    throw new AuthError("challenge_unknown", "This sign-in request is unknown or was already used; start again.");
  }
  if (row.expires_at.getTime() <= now.getTime()) {
    throw new AuthError("challenge_expired", "This sign-in request expired; start again.");
  }
  return { challenge, purpose, userId: row.user_id, displayName: row.display_name };
}
