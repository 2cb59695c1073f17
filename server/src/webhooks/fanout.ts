// Turns the ledger's notifications into deliveries: each notification after the fan-out
// cursor becomes one pending delivery per enabled endpoint of the merchant's store that
// subscribes to its type and existed when it happened. The body is fixed here, once — every
// attempt and redelivery sends the same bytes under the same webhook-id. The cursor row is
// locked for the batch, so relayers sharing a database fan out each notification once (and a
// delivery is unique per endpoint and event anyway).
import type { Store } from "../db/store.ts";

export async function fanOutNotifications(store: Store, parameters: { now: Date; retryForMs: number; batchSize?: number }): Promise<number> {
  return store.transaction(async (tx) => {
    await tx.query("INSERT INTO webhook_fanout (name, last_notification_id) VALUES ('notifications', 0) ON CONFLICT (name) DO NOTHING");
    const [cursor] = await tx.query<{ last_notification_id: string }>("SELECT last_notification_id FROM webhook_fanout WHERE name = 'notifications' FOR UPDATE");
    const [result] = await tx.query<{ last: string | null; created: string }>(
      `WITH batch AS (
         SELECT id, event_id, type, merchant_id, payload, occurred_at FROM commerce_notifications WHERE id > $1 ORDER BY id LIMIT $2
       ), created AS (
         INSERT INTO webhook_deliveries (id, endpoint_id, event_id, event_type, payload, status, attempts, next_attempt_at, retry_until, created_at, updated_at)
         SELECT replace(gen_random_uuid()::text, '-', ''), e.id, b.event_id, b.type,
                jsonb_build_object('type', b.type, 'timestamp', to_char(b.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                                   'data', b.payload || jsonb_build_object('storeId', s.id))::text,
                'pending', 0, $3, $4, $3, $3
           FROM batch b
           JOIN commerce_stores s ON s.merchant_id = b.merchant_id
           JOIN webhook_endpoints e ON e.store_id = s.id AND e.enabled AND e.event_types ? b.type AND e.after_notification_id < b.id
         ON CONFLICT (endpoint_id, event_id) DO NOTHING
         RETURNING 1)
       SELECT (SELECT max(id) FROM batch) AS last, (SELECT count(*) FROM created) AS created`,
      [cursor!.last_notification_id, parameters.batchSize ?? 500, parameters.now, new Date(parameters.now.getTime() + parameters.retryForMs)],
    );
    if (result!.last !== null) await tx.query("UPDATE webhook_fanout SET last_notification_id = $1 WHERE name = 'notifications'", [result!.last]);
    return Number(result!.created);
  });
}
