// The "verified on-chain" mark: the itemised receipt the relayer serves must hash to what the payer's
// authorization committed to on-chain — line items (hashLineItems), order reference, and the price they add
// up to. Any difference fails the mark, visibly.
import type { Payment } from "@paykey/sdk/api";
import { hashLineItems, orderRefHash, sumLineItems } from "@paykey/sdk/commerce";
import type { ChainReceipt } from "./readChainReceipt.ts";

export type ReceiptCheck = { name: "lineItems" | "orderRef" | "price"; ok: boolean; offChain: string; onChain: string };
export type ReceiptVerification = { state: "pending" | "verified" | "mismatch"; checks: ReceiptCheck[] };

export function verifyReceipt(chain: ChainReceipt | undefined, payment: Payment | undefined): ReceiptVerification {
  const authorization = chain?.steps.find((step) => step.kind === "authorized");
  const request = payment?.request;
  if (!authorization || !request) return { state: "pending", checks: [] };
  const lineItemsHash = hashLineItems(request.lineItems);
  const orderRef = orderRefHash(request.orderRef);
  const price = sumLineItems(request.lineItems);
  const checks: ReceiptCheck[] = [
    { name: "lineItems", ok: lineItemsHash === authorization.lineItemsHash.toLowerCase(), offChain: lineItemsHash, onChain: authorization.lineItemsHash },
    { name: "orderRef", ok: orderRef === authorization.orderRef.toLowerCase(), offChain: orderRef, onChain: authorization.orderRef },
    { name: "price", ok: price === authorization.price, offChain: price.toString(), onChain: String(authorization.price) },
  ];
  return { state: checks.every((check) => check.ok) ? "verified" : "mismatch", checks };
}
