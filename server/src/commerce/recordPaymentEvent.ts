// Writes one escrow event into the ledger: the event row (keyed by transaction hash and log
// index, so recording it twice changes nothing), the payment's running totals, the payment
// request it paid, and the notifications webhooks are sent from. `replayPayments` rebuilds
// payments from their remaining event rows after a reorganisation removed some.
import { getAddress, type Address, type Hex } from "viem";
import type { Queryable } from "../db/store.ts";
import { insertNotification, notificationColumns, notificationValues, paymentEventPayload } from "./notifications.ts";
import { applyPaymentEvent } from "@paykey/sdk/commerce";
import type { IndexedPaymentEvent, PaymentStatus } from "./paymentEvents.ts";
import { markRequestPaid } from "./requests.ts";

type PaymentRow = {
  authorized: string;
  captured: string;
  refunded: string;
  released: string;
  status: PaymentStatus;
  points_redeemed: string;
  coupon_discount: string;
};

const paymentColumns = "authorized, captured, refunded, released, status, points_redeemed, coupon_discount";

const lockPayment = async (db: Queryable, paymentId: Hex) =>
  (
    await db.query<PaymentRow>(
      `SELECT ${paymentColumns} FROM commerce_payments WHERE payment_id = $1 FOR UPDATE`,
      [paymentId],
    )
  )[0];

/** The columns a payment is created with (its first event, or a replay), in the order of both inserts. */
const paymentInsertColumns = `(payment_id, merchant_id, payer, token, status, fee_bps, order_ref, line_items_hash, block_number, log_index, created_at, updated_at,
          price, points_redeemed, coupon_id, coupon_discount, request_order_ref,
          authorized, captured, refunded, released, fees, points_minted, points_burned, points_restored, first_captured_at)`;

/** The order reference of the payment request a payment's checkout came from (`paymentId`: its parameter). */
const requestOrderRef = (paymentId: string) =>
  `(SELECT r.order_ref FROM commerce_checkouts c JOIN commerce_requests r ON r.id = c.request_id WHERE c.payment_id = ${paymentId})`;

const newPayment = { authorized: 0n, captured: 0n, refunded: 0n, released: 0n, status: "authorized" as PaymentStatus };

/**
 * Moves the payment's totals by `event`, creating the payment on its first event with the
 * event's totals in the same statement. `existing`: the payment's row, already read and
 * locked in this transaction; `insert: false`: the payment is known to exist. Returns the
 * payment request it pays, when its checkout came from one (read along, for an authorization).
 */
async function applyToPayment(
  db: Queryable,
  event: IndexedPaymentEvent,
  existing?: PaymentRow,
  { insert = true }: { insert?: boolean } = {},
): Promise<{ requestId: string | null }> {
  const checkoutRequest = "(SELECT request_id FROM commerce_checkouts WHERE payment_id = $1)";
  if (!existing && insert) {
    const first = applyPaymentEvent(newPayment, event.kind, event.amount);
    const [created] = await db.query<{ request_id: string | null }>(
      `INSERT INTO commerce_payments
         ${paymentInsertColumns}
       VALUES ($1, $2, $3, $4, $15, $5, $6, $7, $8, $9, $10, $10, $11, $12, $13, $14,
               ${requestOrderRef("$1")},
               $16, $17, $18, $19, $20, $21, $22, $23, CASE WHEN $24 THEN $10::timestamptz END)
       ON CONFLICT (payment_id) DO NOTHING
       RETURNING ${checkoutRequest} AS request_id`,
      [
        event.paymentId,
        event.merchantId,
        event.payer.toLowerCase(),
        event.token.toLowerCase(),
        event.feeBps,
        event.orderRef,
        event.lineItemsHash,
        event.blockNumber,
        event.logIndex,
        event.timestamp,
        event.price ?? 0n,
        event.pointsRedeemed,
        event.couponId,
        event.couponDiscount,
        first.status,
        first.authorized,
        first.captured,
        first.refunded,
        first.released,
        event.fee,
        event.pointsMinted,
        event.pointsBurned,
        event.pointsRestored,
        event.kind === "captured",
      ],
    );
    if (created) return { requestId: created.request_id };
  }
  const row = (existing ?? (await lockPayment(db, event.paymentId)))!;
  const totals = applyPaymentEvent(
    { authorized: BigInt(row.authorized), captured: BigInt(row.captured), refunded: BigInt(row.refunded), released: BigInt(row.released), status: row.status },
    event.kind,
    event.amount,
  );
  const [updated] = await db.query<{ request_id: string | null }>(
    `UPDATE commerce_payments
        SET authorized = $2, captured = $3, refunded = $4, released = $5, status = $6, updated_at = $7,
            fee_bps = COALESCE(fee_bps, $8), fees = fees + $9, points_minted = points_minted + $10,
            points_burned = points_burned + $11, points_restored = points_restored + $12,
            first_captured_at = CASE WHEN $13 THEN COALESCE(first_captured_at, $7) ELSE first_captured_at END,
            finality = 'pending'
      WHERE payment_id = $1
      RETURNING ${checkoutRequest} AS request_id`,
    [
      event.paymentId,
      totals.authorized,
      totals.captured,
      totals.refunded,
      totals.released,
      totals.status,
      event.timestamp,
      event.feeBps,
      event.fee,
      event.pointsMinted,
      event.pointsBurned,
      event.pointsRestored,
      event.kind === "captured",
    ],
  );
  return { requestId: updated?.request_id ?? null };
}

/**
 * Records `event` once, with its notification (one statement), and updates its payment and,
 * for the authorization of a checkout, the payment request. Returns false for an event that
 * was already recorded. Run inside the indexer's transaction, in chain order.
 */
export async function recordPaymentEvent(db: Queryable, event: IndexedPaymentEvent): Promise<boolean> {
  // The payment's first capture is its sale and carries the discounts given at checkout.
  const before = event.kind === "captured" ? await lockPayment(db, event.paymentId) : undefined;
  const firstCapture = event.kind === "captured" && (before === undefined || BigInt(before.captured) === 0n);
  const discount = firstCapture && before ? BigInt(before.points_redeemed) + BigInt(before.coupon_discount) : 0n;
  // A sale also records the payer's previous two sales here (for new / returning / repeat payers).
  const [previous] = firstCapture
    ? await db.query<{ block_timestamp: Date; payer_prev_sale_at: Date | null }>(
        `SELECT block_timestamp, payer_prev_sale_at FROM commerce_payment_events
          WHERE merchant_id = $1 AND payer = $2 AND first_capture ORDER BY block_number DESC, log_index DESC LIMIT 1`,
        [event.merchantId, event.payer.toLowerCase()],
      )
    : [];
  // Its first event creates the payment in the same statement (a capture's was read above).
  const create = before === undefined;
  const first = create ? applyPaymentEvent(newPayment, event.kind, event.amount) : undefined;
  const inserted = await db.query<{ payment_id: Hex; created: boolean; request_id: string | null }>(
    `WITH inserted AS (
       INSERT INTO commerce_payment_events
         (transaction_hash, log_index, payment_id, kind, amount, block_number, block_hash, block_timestamp, user_op_hash,
          merchant_id, payer, token, order_ref, line_items_hash, price, points_redeemed, coupon_id, coupon_discount, fee_bps,
          fee, payout, fee_receiver, points_minted, refunder, points_burned, points_restored, first_capture, discount,
          payer_prev_sale_at, payer_prev2_sale_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30)
       ON CONFLICT (transaction_hash, log_index) DO NOTHING
       RETURNING payment_id),
     notified AS (
       INSERT INTO commerce_notifications (${notificationColumns})
       SELECT $31::text, $32::text, $33::numeric, $34::text, $35::jsonb, $36::timestamptz WHERE EXISTS (SELECT 1 FROM inserted)
       ON CONFLICT (event_id) DO NOTHING)${
       // The payment's first event creates it here, with the event's totals (as applyToPayment would).
       create
         ? `,
     created AS (
       INSERT INTO commerce_payments
         ${paymentInsertColumns}
       SELECT $3, $10, $11, $12, $37::text, $19, $13, $14, $6, $2, $8, $8, coalesce($15, 0), $16, $17, $18,
              ${requestOrderRef("$3")},
              $38::numeric, $39::numeric, $40::numeric, $41::numeric, $20, $23, $25, $26, CASE WHEN $4 = 'captured' THEN $8::timestamptz END
        WHERE EXISTS (SELECT 1 FROM inserted)
       ON CONFLICT (payment_id) DO NOTHING
       RETURNING (SELECT request_id FROM commerce_checkouts WHERE payment_id = $3) AS request_id)
     SELECT payment_id, EXISTS (SELECT 1 FROM created) AS created, (SELECT request_id FROM created) AS request_id FROM inserted`
         : `
     SELECT payment_id, false AS created, NULL AS request_id FROM inserted`
     }`,
    [
      event.transactionHash,
      event.logIndex,
      event.paymentId,
      event.kind,
      event.amount,
      event.blockNumber,
      event.blockHash,
      event.timestamp,
      event.userOpHash,
      event.merchantId,
      event.payer.toLowerCase(),
      event.token.toLowerCase(),
      event.orderRef,
      event.lineItemsHash,
      event.price,
      event.pointsRedeemed,
      event.couponId,
      event.couponDiscount,
      event.feeBps,
      event.fee,
      event.payout?.toLowerCase() ?? null,
      event.feeReceiver?.toLowerCase() ?? null,
      event.pointsMinted,
      event.refunder?.toLowerCase() ?? null,
      event.pointsBurned,
      event.pointsRestored,
      firstCapture,
      discount,
      previous?.block_timestamp ?? null,
      previous?.payer_prev_sale_at ?? null,
      ...notificationValues(paymentEventPayload(event)),
      ...(first ? [first.status, first.authorized, first.captured, first.refunded, first.released] : []),
    ],
  );
  const [row] = inserted;
  if (!row) return false;
  // Not created here: the payment exists (read above, or found on conflict), and moves by the event.
  const { requestId } = row.created ? { requestId: row.request_id } : await applyToPayment(db, event, before, { insert: false });

  if (event.kind === "authorized" && requestId && (await markRequestPaid(db, requestId, event.paymentId, event.timestamp))) {
    await insertNotification(db, {
      type: "request.paid",
      key: `${event.transactionHash}:${event.logIndex}`,
      merchantId: event.merchantId,
      paymentId: event.paymentId,
      occurredAt: event.timestamp,
      data: { requestId, paymentId: event.paymentId, amount: event.amount.toString(), transactionHash: event.transactionHash, paidAt: event.timestamp.toISOString() },
    });
  }
  return true;
}

type EventRow = {
  transaction_hash: Hex;
  log_index: number;
  payment_id: Hex;
  kind: IndexedPaymentEvent["kind"];
  amount: string;
  block_number: string;
  block_hash: Hex;
  block_timestamp: Date;
  user_op_hash: Hex | null;
  merchant_id: string;
  payer: string;
  token: string;
  order_ref: Hex;
  line_items_hash: Hex;
  price: string | null;
  points_redeemed: string;
  coupon_id: Hex | null;
  coupon_discount: string;
  fee_bps: number | null;
  fee: string;
  payout: string | null;
  fee_receiver: string | null;
  points_minted: string;
  refunder: string | null;
  points_burned: string;
  points_restored: string;
};

const addressOrNull = (value: string | null): Address | null => (value === null ? null : getAddress(value));

/** An event as recorded, back in its indexed form. */
export function eventFromRow(row: EventRow): IndexedPaymentEvent {
  return {
    kind: row.kind,
    paymentId: row.payment_id,
    merchantId: BigInt(row.merchant_id),
    payer: getAddress(row.payer),
    token: getAddress(row.token),
    amount: BigInt(row.amount),
    feeBps: row.fee_bps,
    price: row.price === null ? null : BigInt(row.price),
    pointsRedeemed: BigInt(row.points_redeemed),
    couponId: row.coupon_id,
    couponDiscount: BigInt(row.coupon_discount),
    fee: BigInt(row.fee),
    payout: addressOrNull(row.payout),
    feeReceiver: addressOrNull(row.fee_receiver),
    pointsMinted: BigInt(row.points_minted),
    refunder: addressOrNull(row.refunder),
    pointsBurned: BigInt(row.points_burned),
    pointsRestored: BigInt(row.points_restored),
    orderRef: row.order_ref,
    lineItemsHash: row.line_items_hash,
    transactionHash: row.transaction_hash,
    logIndex: row.log_index,
    blockNumber: BigInt(row.block_number),
    blockHash: row.block_hash,
    timestamp: row.block_timestamp,
    userOpHash: row.user_op_hash,
  };
}

/**
 * Rebuilds `paymentIds` from the event rows they still have (after a rollback deleted some):
 * the totals are replayed in chain order; a payment with no event left is deleted, and a
 * request it paid is open again.
 */
export async function replayPayments(db: Queryable, paymentIds: readonly Hex[]): Promise<void> {
  if (paymentIds.length === 0) return;
  const ids = JSON.stringify(paymentIds);
  await db.query("DELETE FROM commerce_payments WHERE payment_id IN (SELECT jsonb_array_elements_text($1::jsonb))", [ids]);
  await db.query("UPDATE commerce_requests SET payment_id = NULL, paid_at = NULL WHERE payment_id IN (SELECT jsonb_array_elements_text($1::jsonb))", [ids]);
  const rows = await db.query<EventRow>(
    `SELECT * FROM commerce_payment_events WHERE payment_id IN (SELECT jsonb_array_elements_text($1::jsonb)) ORDER BY block_number, log_index`,
    [ids],
  );
  for (const row of rows) {
    const event = eventFromRow(row);
    await applyToPayment(db, event);
    if (event.kind === "authorized") {
      const [checkout] = await db.query<{ request_id: string }>("SELECT request_id FROM commerce_checkouts WHERE payment_id = $1", [event.paymentId]);
      if (checkout) await markRequestPaid(db, checkout.request_id, event.paymentId, event.timestamp);
    }
  }
}
