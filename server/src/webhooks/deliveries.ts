// A store's recent webhook deliveries with every attempt (status code, time, error), newest first.
import type { WebhookDelivery } from "@paykey/sdk/api/webhooks";
import type { Queryable } from "../db/store.ts";

type Row = {
  id: string;
  endpoint_id: string;
  event_id: string;
  event_type: WebhookDelivery["eventType"];
  status: WebhookDelivery["status"];
  created_at: Date;
  next_attempt_at: Date | null;
  attempts: { attempt: number; at: string; statusCode: number | null; error: string | null; durationMs: number }[];
};

export async function listDeliveries(db: Queryable, parameters: { storeId: string; endpointId?: string | undefined; limit: number; deliveryId?: string }): Promise<WebhookDelivery[]> {
  const rows = await db.query<Row>(
    `SELECT d.id, d.endpoint_id, d.event_id, d.event_type, d.status, d.created_at, d.next_attempt_at,
            COALESCE((SELECT json_agg(json_build_object('attempt', a.attempt, 'at', a.attempted_at, 'statusCode', a.status_code,
                                                        'error', a.error, 'durationMs', a.duration_ms) ORDER BY a.attempt)
                        FROM webhook_attempts a WHERE a.delivery_id = d.id), '[]'::json) AS attempts
       FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
      WHERE e.store_id = $1 AND ($2::text IS NULL OR d.endpoint_id = $2) AND ($4::text IS NULL OR d.id = $4)
      ORDER BY d.created_at DESC, d.id
      LIMIT $3`,
    [parameters.storeId, parameters.endpointId ?? null, parameters.limit, parameters.deliveryId ?? null],
  );
  return rows.map((row) => ({
    id: row.id,
    endpointId: row.endpoint_id,
    eventId: row.event_id,
    eventType: row.event_type,
    status: row.status,
    createdAt: row.created_at.toISOString(),
    nextAttemptAt: row.status === "pending" ? (row.next_attempt_at?.toISOString() ?? null) : null,
    attempts: row.attempts.map((attempt) => ({ ...attempt, at: new Date(attempt.at).toISOString() })),
  }));
}
