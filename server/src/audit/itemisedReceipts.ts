// The itemised receipt the relayer keeps off-chain for a payment (the payment request its checkout paid):
// what receipt verification checks against the chain's line-items hash and order reference.
import type { Hex } from "viem";
import type { ItemisedReceipt } from "@paykey/sdk/audit";
import type { LineItem } from "@paykey/sdk/commerce";
import type { Queryable } from "../db/store.ts";

export async function readItemisedReceipt(db: Queryable, paymentId: Hex): Promise<ItemisedReceipt | null> {
  const [row] = await db.query<{ order_ref: string; line_items: LineItem[] }>(
    `SELECT r.order_ref, r.line_items FROM commerce_checkouts c JOIN commerce_requests r ON r.id = c.request_id WHERE c.payment_id = $1`,
    [paymentId.toLowerCase()],
  );
  return row ? { orderRef: row.order_ref, lineItems: row.line_items } : null;
}
