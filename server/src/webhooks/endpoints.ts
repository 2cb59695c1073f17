// A store's webhook endpoints. Secrets follow Standard Webhooks (`whsec_` + base64 of 32 random
// bytes); the API returns one only when it is created or rotated. After a rotation the old
// secret keeps signing alongside the new one for a grace period, so a receiver can switch
// without missing a delivery.
import { randomBytes } from "node:crypto";
import type { WebhookEndpoint, WebhookEventType } from "@paykey/sdk/api/webhooks";
import type { Queryable } from "../db/store.ts";
import { WebhookError } from "./errors.ts";

/** How long a rotated-out secret still signs. */
export const secretGraceMs = 24 * 3600 * 1000;

export type EndpointRow = {
  id: string;
  store_id: string;
  url: string;
  event_types: WebhookEventType[];
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: Date | null;
  enabled: boolean;
  created_at: Date;
};

export const newSecret = () => `whsec_${randomBytes(32).toString("base64")}`;

export function endpointOut(row: EndpointRow): WebhookEndpoint {
  return {
    id: row.id,
    url: row.url,
    eventTypes: row.event_types,
    enabled: row.enabled,
    createdAt: row.created_at.toISOString(),
    previousSecretExpiresAt: row.previous_secret_expires_at?.toISOString() ?? null,
  };
}

export async function insertEndpoint(db: Queryable, parameters: { storeId: string; url: string; eventTypes: WebhookEventType[]; now: Date }): Promise<EndpointRow> {
  const [row] = await db.query<EndpointRow>(
    `INSERT INTO webhook_endpoints (id, store_id, url, event_types, secret, after_notification_id, created_at, updated_at)
     VALUES ($1, $2, $3, $4::jsonb, $5, (SELECT COALESCE(max(id), 0) FROM commerce_notifications), $6, $6) RETURNING *`,
    [randomBytes(12).toString("base64url"), parameters.storeId, parameters.url, JSON.stringify([...new Set(parameters.eventTypes)]), newSecret(), parameters.now],
  );
  return row!;
}

export async function listEndpoints(db: Queryable, storeId: string): Promise<EndpointRow[]> {
  return db.query<EndpointRow>("SELECT * FROM webhook_endpoints WHERE store_id = $1 ORDER BY created_at, id", [storeId]);
}

/** The store's endpoint `endpointId` (404 for another store's). */
export async function findEndpoint(db: Queryable, storeId: string, endpointId: string): Promise<EndpointRow> {
  const [row] = await db.query<EndpointRow>("SELECT * FROM webhook_endpoints WHERE id = $1 AND store_id = $2", [endpointId, storeId]);
  if (!row) throw new WebhookError("not_found", "No webhook endpoint with this id in this store.");
  return row;
}

export async function updateEndpoint(
  db: Queryable,
  endpoint: EndpointRow,
  changes: { eventTypes?: WebhookEventType[] | undefined; enabled?: boolean | undefined; now: Date },
): Promise<EndpointRow> {
  const [row] = await db.query<EndpointRow>(
    `UPDATE webhook_endpoints SET event_types = $2::jsonb, enabled = $3, updated_at = $4 WHERE id = $1 RETURNING *`,
    [endpoint.id, JSON.stringify([...new Set(changes.eventTypes ?? endpoint.event_types)]), changes.enabled ?? endpoint.enabled, changes.now],
  );
  return row!;
}

/** A new secret; the current one keeps signing for `secretGraceMs`. */
export async function rotateSecret(db: Queryable, endpoint: EndpointRow, now: Date): Promise<EndpointRow> {
  const [row] = await db.query<EndpointRow>(
    `UPDATE webhook_endpoints SET previous_secret = secret, previous_secret_expires_at = $3, secret = $2, updated_at = $4 WHERE id = $1 RETURNING *`,
    [endpoint.id, newSecret(), new Date(now.getTime() + secretGraceMs), now],
  );
  return row!;
}

export async function deleteEndpoint(db: Queryable, endpoint: EndpointRow): Promise<void> {
  await db.query("DELETE FROM webhook_endpoints WHERE id = $1", [endpoint.id]);
}
