// One escrow payment event (authorized, captured, voided, reclaimed, refunded) as the indexer
// records it, with the ERC-4337 user operation that made the call, and how it moves the
// payment's totals and status.
import { getAddress, parseEventLogs, type Address, type Hex, type Log } from "viem";
import {
  applyPaymentEvent,
  paymentEventKinds,
  userOpHashAfter,
  type PaymentEventKind,
  type PaymentEventName,
  type PaymentStatus,
} from "@paykey/sdk/commerce";
import { escrowPaymentEvents } from "@paykey/sdk/audit";
import type { Queryable } from "../db/store.ts";
import { markRequestPaid } from "./requests.ts";

export type { PaymentEventKind, PaymentStatus };

/** The escrow's five payment events, for `getLogs`. */
export const paymentEventsAbi = escrowPaymentEvents;

export type IndexedPaymentEvent = {
  kind: PaymentEventKind;
  paymentId: Hex;
  merchantId: bigint;
  payer: Address;
  token: Address;
  amount: bigint;
  /** Only on authorization: the fee the terms disclose. */
  feeBps: number | null;
  orderRef: Hex;
  lineItemsHash: Hex;
  transactionHash: Hex;
  logIndex: number;
  blockNumber: bigint;
  blockHash: Hex;
  timestamp: Date;
  userOpHash: Hex | null;
};

/** Decodes escrow logs into events (without block time and user operation, filled in by the indexer). */
export function decodePaymentLogs(logs: readonly Log[]): Omit<IndexedPaymentEvent, "timestamp" | "userOpHash">[] {
  return parseEventLogs({ abi: paymentEventsAbi, logs: logs as Log[], strict: true }).map((log) => ({
    kind: paymentEventKinds[log.eventName],
    paymentId: log.args.paymentId.toLowerCase() as Hex,
    merchantId: log.args.merchantId,
    payer: getAddress(log.args.payer),
    token: getAddress(log.args.token),
    amount: log.args.amount,
    feeBps: log.eventName === "PaymentAuthorized" ? log.args.feeBps : null,
    orderRef: log.args.orderRef.toLowerCase() as Hex,
    lineItemsHash: log.args.lineItemsHash.toLowerCase() as Hex,
    transactionHash: log.transactionHash!.toLowerCase() as Hex,
    logIndex: log.logIndex!,
    blockNumber: log.blockNumber!,
    blockHash: log.blockHash!.toLowerCase() as Hex,
  }));
}

/** The user operation that emitted the log at `logIndex` (see `userOpHashAfter`). */
export const userOpHashOf = userOpHashAfter;

/** A payment's totals after an event (the status rule the auditor's rebuild shares). */
export const applyToTotals = applyPaymentEvent;

/**
 * Records `event` once (keyed by transaction hash and log index) and updates its payment and,
 * for the authorization of a checkout, the payment request. Returns false for an event that
 * was already recorded. Run inside the indexer's transaction.
 */
export async function recordPaymentEvent(db: Queryable, event: IndexedPaymentEvent): Promise<boolean> {
  const inserted = await db.query(
    `INSERT INTO commerce_payment_events
       (transaction_hash, log_index, payment_id, kind, amount, block_number, block_hash, block_timestamp, user_op_hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (transaction_hash, log_index) DO NOTHING
     RETURNING payment_id`,
    [event.transactionHash, event.logIndex, event.paymentId, event.kind, event.amount, event.blockNumber, event.blockHash, event.timestamp, event.userOpHash],
  );
  if (inserted.length === 0) return false;

  await db.query(
    `INSERT INTO commerce_payments
       (payment_id, merchant_id, payer, token, status, fee_bps, order_ref, line_items_hash, block_number, log_index, created_at, updated_at)
     VALUES ($1, $2, $3, $4, 'authorized', $5, $6, $7, $8, $9, $10, $10)
     ON CONFLICT (payment_id) DO NOTHING`,
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
    ],
  );
  const [row] = await db.query<{ authorized: string; captured: string; refunded: string; released: string; status: PaymentStatus }>(
    "SELECT authorized, captured, refunded, released, status FROM commerce_payments WHERE payment_id = $1 FOR UPDATE",
    [event.paymentId],
  );
  const totals = applyToTotals(
    { authorized: BigInt(row!.authorized), captured: BigInt(row!.captured), refunded: BigInt(row!.refunded), released: BigInt(row!.released), status: row!.status },
    event.kind,
    event.amount,
  );
  await db.query(
    `UPDATE commerce_payments
        SET authorized = $2, captured = $3, refunded = $4, released = $5, status = $6, updated_at = $7,
            fee_bps = COALESCE(fee_bps, $8)
      WHERE payment_id = $1`,
    [event.paymentId, totals.authorized, totals.captured, totals.refunded, totals.released, totals.status, event.timestamp, event.feeBps],
  );

  if (event.kind === "authorized") {
    const [checkout] = await db.query<{ request_id: string }>("SELECT request_id FROM commerce_checkouts WHERE payment_id = $1", [event.paymentId]);
    if (checkout) await markRequestPaid(db, checkout.request_id, event.paymentId, event.timestamp);
  }
  return true;
}
