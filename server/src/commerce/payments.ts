// Payments as indexed from the escrow, joined with what the relayer knows off-chain: the
// checkout's terms, the payment request's line items and the store. A payment made outside
// a Paykey checkout (terms not known here) still shows its on-chain events and totals.
import { getAddress, type Hex } from "viem";
import type { Queryable } from "../db/store.ts";
import { CommerceError } from "./errors.ts";
import type { Currency, LineItem, Payment, PaymentTermsJson } from "@paykey/sdk/api";
import type { PaymentEventKind, PaymentStatus } from "./paymentEvents.ts";

type PaymentRow = {
  payment_id: Hex;
  merchant_id: string;
  payer: string;
  status: PaymentStatus;
  authorized: string;
  captured: string;
  refunded: string;
  terms: PaymentTermsJson | null;
  request_id: string | null;
  request_order_ref: string | null;
  line_items: LineItem[] | null;
  request_line_items_hash: Hex | null;
  currency: Currency | null;
  decimals: number | null;
  store_id: string | null;
  store_name: string | null;
  store_payout: string | null;
};

type EventRow = {
  payment_id: string;
  kind: PaymentEventKind;
  amount: string;
  transaction_hash: Hex;
  block_number: string;
  log_index: number;
  user_op_hash: Hex | null;
  block_timestamp: Date;
};

const selectPayments = `SELECT p.payment_id, p.merchant_id, p.payer, p.status, p.authorized, p.captured, p.refunded,
       c.terms, c.request_id, r.order_ref AS request_order_ref, r.line_items, r.line_items_hash AS request_line_items_hash,
       r.currency, r.decimals, s.id AS store_id, s.name AS store_name, s.payout AS store_payout
  FROM commerce_payments p
  LEFT JOIN commerce_checkouts c ON c.payment_id = p.payment_id
  LEFT JOIN commerce_requests r ON r.id = c.request_id
  LEFT JOIN commerce_stores s ON s.merchant_id = p.merchant_id`;
const newestFirst = "ORDER BY p.block_number DESC, p.log_index DESC";

async function withEvents(db: Queryable, rows: PaymentRow[]): Promise<Payment[]> {
  if (rows.length === 0) return [];
  const events = await db.query<EventRow>(
    `SELECT payment_id, kind, amount, transaction_hash, block_number, log_index, user_op_hash, block_timestamp
       FROM commerce_payment_events
      WHERE payment_id IN (SELECT jsonb_array_elements_text($1::jsonb))
      ORDER BY block_number, log_index`,
    [JSON.stringify(rows.map((row) => row.payment_id))],
  );
  return rows.map((row) => ({
    paymentId: row.payment_id,
    status: row.status,
    terms: row.terms,
    authorized: row.authorized,
    captured: row.captured,
    refunded: row.refunded,
    payer: getAddress(row.payer),
    store:
      row.store_id === null
        ? null
        : { id: row.store_id, name: row.store_name!, merchantId: row.merchant_id, payout: getAddress(row.store_payout!) },
    request:
      row.request_id === null
        ? null
        : {
            id: row.request_id,
            orderRef: row.request_order_ref!,
            lineItems: row.line_items!,
            lineItemsHash: row.request_line_items_hash!,
            currency: row.currency!,
            decimals: row.decimals!,
          },
    events: events
      .filter((event) => event.payment_id === row.payment_id)
      .map((event) => ({
        kind: event.kind,
        amount: event.amount,
        transactionHash: event.transaction_hash,
        blockNumber: Number(event.block_number),
        logIndex: event.log_index,
        userOpHash: event.user_op_hash,
        timestamp: event.block_timestamp.toISOString(),
      })),
  }));
}

export async function findPayment(db: Queryable, paymentId: string): Promise<Payment> {
  const rows = await db.query<PaymentRow>(`${selectPayments} WHERE p.payment_id = $1`, [paymentId]);
  const [payment] = await withEvents(db, rows);
  if (!payment) throw new CommerceError("not_found", "No payment with this id has been seen on-chain.");
  return payment;
}

export async function listMerchantPayments(db: Queryable, merchantId: string, limit: number): Promise<Payment[]> {
  return withEvents(db, await db.query<PaymentRow>(`${selectPayments} WHERE p.merchant_id = $1 ${newestFirst} LIMIT $2`, [merchantId, limit]));
}

export async function listPayerPayments(db: Queryable, payer: string, limit: number): Promise<Payment[]> {
  return withEvents(db, await db.query<PaymentRow>(`${selectPayments} WHERE p.payer = $1 ${newestFirst} LIMIT $2`, [payer.toLowerCase(), limit]));
}
