// The "verified on-chain" mark: the itemised receipt kept off-chain (line items and order reference, as
// the relayer serves them) must hash to what the payer's authorization committed to on-chain, and its
// line items must add up to the authorized price. Any difference fails the mark, visibly.
import { hashLineItems, orderRefHash, sumLineItems } from "../commerce/lineItems.ts";
import type { LineItem } from "../commerce/lineItems.ts";
import type { ChainReceipt } from "./chainReceipt.ts";

/** The off-chain half of a receipt. */
export type ItemisedReceipt = { orderRef: string; lineItems: readonly LineItem[] };

export type ReceiptCheck = { name: "lineItems" | "orderRef" | "price"; ok: boolean; offChain: string; onChain: string };

export type ReceiptVerification = {
  /** pending: no authorization on-chain (yet) or no itemised receipt to check; mismatch: any check failed. */
  state: "pending" | "verified" | "mismatch";
  checks: ReceiptCheck[];
};

function attempt(compute: () => string): string {
  try {
    return compute();
  } catch (error) {
    return `invalid: ${(error as Error).message}`;
  }
}

export function checkItemisedReceipt(chain: ChainReceipt | undefined, itemised: ItemisedReceipt | null | undefined): ReceiptVerification {
  const authorization = chain?.steps.find((step) => step.kind === "authorized");
  if (!authorization || !itemised) return { state: "pending", checks: [] };
  const lineItemsHash = attempt(() => hashLineItems(itemised.lineItems));
  const orderRef = attempt(() => orderRefHash(itemised.orderRef));
  const price = attempt(() => sumLineItems(itemised.lineItems).toString());
  const onChainPrice = String(authorization.price ?? "");
  const checks: ReceiptCheck[] = [
    { name: "lineItems", ok: lineItemsHash === authorization.lineItemsHash.toLowerCase(), offChain: lineItemsHash, onChain: authorization.lineItemsHash },
    { name: "orderRef", ok: orderRef === authorization.orderRef.toLowerCase(), offChain: orderRef, onChain: authorization.orderRef },
    { name: "price", ok: price === onChainPrice, offChain: price, onChain: onChainPrice },
  ];
  return { state: checks.every((check) => check.ok) ? "verified" : "mismatch", checks };
}
