// The delivery queue in SQL. A worker claims due deliveries with FOR UPDATE SKIP LOCKED (so
// relayers sharing a database never claim the same one) and a lease: the claim is committed
// at once, the HTTP call happens outside any transaction, and a worker that dies mid-delivery
// leaves a lease that expires, after which the delivery is claimed again — at least once. A
// result is recorded only by the claim that made it (the attempt number must still match).
import type { Queryable, Store } from "../db/store.ts";
import { nextAttemptAt, type RetryPolicy } from "./backoff.ts";

export type ClaimedDelivery = {
  id: string;
  endpoint_id: string;
  event_id: string;
  payload: string;
  attempts: number;
  retry_until: Date;
  url: string;
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: Date | null;
};

export async function claimDeliveries(store: Store, parameters: { now: Date; leaseMs: number; limit: number }): Promise<ClaimedDelivery[]> {
  return store.transaction((tx) =>
    tx.query<ClaimedDelivery>(
      `WITH due AS (
         SELECT d.id FROM webhook_deliveries d
          WHERE d.status = 'pending' AND d.next_attempt_at <= $1 AND (d.locked_until IS NULL OR d.locked_until <= $1)
            AND EXISTS (SELECT 1 FROM webhook_endpoints e WHERE e.id = d.endpoint_id AND e.enabled)
          ORDER BY d.next_attempt_at
          LIMIT $3
          FOR UPDATE SKIP LOCKED)
       UPDATE webhook_deliveries d SET locked_until = $2, attempts = d.attempts + 1, updated_at = $1
         FROM due, webhook_endpoints e
        WHERE d.id = due.id AND e.id = d.endpoint_id
       RETURNING d.id, d.endpoint_id, d.event_id, d.payload, d.attempts, d.retry_until, e.url, e.secret, e.previous_secret, e.previous_secret_expires_at`,
      [parameters.now, new Date(parameters.now.getTime() + parameters.leaseMs), parameters.limit],
    ),
  );
}

export type AttemptResult = { attemptedAt: Date; statusCode: number | null; error: string | null; durationMs: number };

/** Records the attempt and what follows: succeeded (2xx), another attempt later, or failed for good. */
export async function recordAttempt(store: Store, delivery: ClaimedDelivery, result: AttemptResult, policy: RetryPolicy, now: Date): Promise<void> {
  const succeeded = result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300;
  const next = succeeded ? null : nextAttemptAt(policy, { attempt: delivery.attempts, now, retryUntil: delivery.retry_until });
  const status = succeeded ? "succeeded" : next === null ? "failed" : "pending";
  await store.transaction(async (tx) => {
    const updated = await tx.query(
      `UPDATE webhook_deliveries SET status = $3, next_attempt_at = $4, locked_until = NULL, updated_at = $5
        WHERE id = $1 AND attempts = $2 RETURNING id`,
      [delivery.id, delivery.attempts, status, next, now],
    );
    if (updated.length === 0) return;
    await tx.query(
      `INSERT INTO webhook_attempts (delivery_id, attempt, attempted_at, status_code, error, duration_ms) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (delivery_id, attempt) DO NOTHING`,
      [delivery.id, delivery.attempts, result.attemptedAt, result.statusCode, result.error?.slice(0, 500) ?? null, result.durationMs],
    );
  });
}

/** Queues `deliveryId` (of `storeId`'s endpoints) to be sent again now, with a fresh retry window; its attempts are kept. */
export async function redeliver(db: Queryable, parameters: { storeId: string; deliveryId: string; now: Date; retryForMs: number }): Promise<boolean> {
  const rows = await db.query(
    `UPDATE webhook_deliveries d SET status = 'pending', next_attempt_at = $3, retry_until = $4, locked_until = NULL, updated_at = $3
       FROM webhook_endpoints e
      WHERE d.id = $2 AND e.id = d.endpoint_id AND e.store_id = $1
      RETURNING d.id`,
    [parameters.storeId, parameters.deliveryId, parameters.now, new Date(parameters.now.getTime() + parameters.retryForMs)],
  );
  return rows.length > 0;
}
