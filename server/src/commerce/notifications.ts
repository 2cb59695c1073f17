// Notifications: what happened in the ledger, written by the indexer in the same transaction
// as the rows they describe, and read by the webhooks module (which fans them out to the
// merchant's endpoints). Each has a stable id derived from what it describes — the same
// escrow event indexed again (a restart, a re-index after a reorganisation) gets the same id
// and is stored once, so receivers can de-duplicate on it.
import { createHash } from "node:crypto";
import type { WebhookEventType } from "@paykey/sdk/api/webhooks";
import type { Queryable } from "../db/store.ts";
import type { Finality, IndexedPaymentEvent } from "./paymentEvents.ts";

/** The notification types; webhook endpoints subscribe to them by name. */
export type NotificationType = WebhookEventType;

export type NewNotification = {
  type: NotificationType;
  /** What the notification is about, unique per type (e.g. `<transaction hash>:<log index>`). */
  key: string;
  merchantId: bigint;
  paymentId: string | null;
  occurredAt: Date;
  data: Record<string, unknown>;
};

/** `msg_` and 32 hex digits of SHA-256 over type and key: stable, and opaque to receivers. */
export function notificationId(type: NotificationType, key: string): string {
  return `msg_${createHash("sha256").update(`${type}\n${key}`).digest("hex").slice(0, 32)}`;
}

/** The columns of a notification row, in the order of `notificationValues`. */
export const notificationColumns = "event_id, type, merchant_id, payment_id, payload, occurred_at";

/** A notification's row values (`payload` is JSON text: cast it with ::jsonb). */
export function notificationValues(notification: NewNotification): unknown[] {
  return [
    notificationId(notification.type, notification.key),
    notification.type,
    notification.merchantId,
    notification.paymentId,
    JSON.stringify(notification.data),
    notification.occurredAt,
  ];
}

/** Stores the notification unless one with its id exists. */
export function insertNotification(db: Queryable, notification: NewNotification): Promise<void> {
  return insertNotifications(db, [notification]);
}

/** Stores each notification unless one with its id exists: one statement, ids in the given order. */
export async function insertNotifications(db: Queryable, notifications: readonly NewNotification[]): Promise<void> {
  if (notifications.length === 0) return;
  const rows = notifications.map((notification) => ({
    eventId: notificationId(notification.type, notification.key),
    type: notification.type,
    merchantId: notification.merchantId.toString(),
    paymentId: notification.paymentId,
    payload: notification.data,
    occurredAt: notification.occurredAt.toISOString(),
  }));
  await db.query(
    `INSERT INTO commerce_notifications (${notificationColumns})
     SELECT n.value->>'eventId', n.value->>'type', (n.value->>'merchantId')::numeric, n.value->>'paymentId', n.value->'payload',
            (n.value->>'occurredAt')::timestamptz
       FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS n(value, position)
      ORDER BY n.position
     ON CONFLICT (event_id) DO NOTHING`,
    [JSON.stringify(rows)],
  );
}

/** The data of an escrow event as webhooks carry it (money as decimal strings of base units). */
export function paymentEventData(event: IndexedPaymentEvent, finality: Finality): Record<string, unknown> {
  return {
    paymentId: event.paymentId,
    merchantId: event.merchantId.toString(),
    event: event.kind,
    amount: event.amount.toString(),
    fee: event.fee.toString(),
    payer: event.payer,
    token: event.token,
    orderRef: event.orderRef,
    lineItemsHash: event.lineItemsHash,
    transactionHash: event.transactionHash,
    logIndex: event.logIndex,
    blockNumber: event.blockNumber.toString(),
    blockHash: event.blockHash,
    userOpHash: event.userOpHash,
    timestamp: event.timestamp.toISOString(),
    finality,
  };
}

/** `payment.<kind>` for a newly recorded event (not final yet). */
export function paymentEventPayload(event: IndexedPaymentEvent): NewNotification {
  return {
    type: `payment.${event.kind}`,
    key: `${event.transactionHash}:${event.logIndex}`,
    merchantId: event.merchantId,
    paymentId: event.paymentId,
    occurredAt: event.timestamp,
    data: paymentEventData(event, "pending"),
  };
}
