// Payment requests: an amount in the store's settlement token, an order reference and the line
// items it is the sum of, with an expiry. A request is "paid" once the indexer sees the
// authorization of one of its checkouts, "expired" after its expiry while unpaid.
import { randomBytes } from "node:crypto";
import { getAddress, type Hex } from "viem";
import { hashLineItems, sumLineItems } from "@paykey/sdk/commerce";
import type { Queryable } from "../db/store.ts";
import { CommerceError } from "./errors.ts";
import type { Currency, LineItem, PaymentRequest } from "@paykey/sdk/api";
import type { StoreRow } from "./stores.ts";

export type RequestRow = {
  id: string;
  store_id: string;
  amount: string;
  currency: Currency;
  token: string;
  decimals: number;
  order_ref: string;
  line_items: LineItem[];
  line_items_hash: Hex;
  expires_at: Date;
  payment_id: Hex | null;
  paid_at: Date | null;
  created_at: Date;
};

export type RequestWithStore = RequestRow & Pick<StoreRow, "name" | "merchant_id" | "payout" | "fee_bps" | "owner_account">;

const selectWithStore = `SELECT r.*, s.name, s.merchant_id, s.payout, s.fee_bps, s.owner_account
   FROM commerce_requests r JOIN commerce_stores s ON s.id = r.store_id`;

export function requestStatus(row: Pick<RequestRow, "payment_id" | "expires_at">, now: Date): PaymentRequest["status"] {
  if (row.payment_id) return "paid";
  return row.expires_at.getTime() <= now.getTime() ? "expired" : "open";
}

export function requestOut(row: RequestWithStore, now: Date, publicOrigin: string): PaymentRequest {
  return {
    id: row.id,
    storeId: row.store_id,
    // Requests are created only for active stores, which have their merchant id and fee.
    store: { name: row.name, merchantId: row.merchant_id!, payout: getAddress(row.payout), feeBps: row.fee_bps! },
    amount: row.amount,
    currency: row.currency,
    token: getAddress(row.token),
    decimals: row.decimals,
    orderRef: row.order_ref,
    lineItems: row.line_items,
    lineItemsHash: row.line_items_hash,
    status: requestStatus(row, now),
    expiresAt: row.expires_at.toISOString(),
    createdAt: row.created_at.toISOString(),
    paymentId: row.payment_id,
    url: `${publicOrigin}/pay/${row.id}`,
  };
}

export type NewRequest = {
  amount: bigint;
  orderRef: string;
  lineItems: { name: string; quantity: number; unitPrice: bigint }[];
  expiresInSeconds: number;
};

export async function insertRequest(
  db: Queryable,
  store: StoreRow,
  token: { decimals: number },
  request: NewRequest,
  now: Date,
): Promise<RequestWithStore> {
  // Check: the amount is exactly what the itemised receipt adds up to.
  const total = sumLineItems(request.lineItems);
  if (total !== request.amount) {
    throw new CommerceError("line_items_mismatch", "The line items do not add up to the amount.", {
      data: { amount: request.amount.toString(), lineItemsTotal: total.toString() },
    });
  }
  const lineItems: LineItem[] = request.lineItems.map((item) => ({
    name: item.name,
    quantity: item.quantity,
    unitPrice: item.unitPrice.toString(),
  }));
  const id = randomBytes(16).toString("base64url");
  await db.query(
    `INSERT INTO commerce_requests (id, store_id, amount, currency, token, decimals, order_ref, line_items, line_items_hash, expires_at, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11)`,
    [
      id,
      store.id,
      request.amount,
      store.currency,
      store.settlement_token,
      token.decimals,
      request.orderRef,
      JSON.stringify(lineItems),
      hashLineItems(lineItems),
      new Date(now.getTime() + request.expiresInSeconds * 1000),
      now,
    ],
  );
  return findRequest(db, id);
}

export async function findRequest(db: Queryable, requestId: string): Promise<RequestWithStore> {
  const [row] = await db.query<RequestWithStore>(`${selectWithStore} WHERE r.id = $1`, [requestId]);
  if (!row) throw new CommerceError("not_found", "No payment request with this id.");
  return row;
}

export async function listRequests(db: Queryable, storeId: string, limit: number): Promise<RequestWithStore[]> {
  return db.query<RequestWithStore>(`${selectWithStore} WHERE r.store_id = $1 ORDER BY r.created_at DESC, r.id LIMIT $2`, [storeId, limit]);
}

/** Marks the request paid by `paymentId` unless another payment already paid it. */
export async function markRequestPaid(db: Queryable, requestId: string, paymentId: Hex, paidAt: Date): Promise<void> {
  await db.query("UPDATE commerce_requests SET payment_id = $2, paid_at = $3 WHERE id = $1 AND payment_id IS NULL", [
    requestId,
    paymentId,
    paidAt,
  ]);
}
