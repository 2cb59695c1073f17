// A payment's running totals and status, folded from its escrow events in chain order. Shared by the
// relayer's indexer and the auditor's rebuild from chain logs, so both read the same status rule.
import type { PaymentEventKind } from "./paymentEvents.ts";

export type PaymentStatus = "authorized" | "captured" | "refunded" | "voided" | "reclaimed";

export type PaymentTotals = { authorized: bigint; captured: bigint; refunded: bigint; released: bigint; status: PaymentStatus };

export const emptyPaymentTotals: PaymentTotals = { authorized: 0n, captured: 0n, refunded: 0n, released: 0n, status: "authorized" };

/**
 * A payment's totals after an event of `kind`. Status follows the last event, except that releasing
 * the uncaptured remainder (void, reclaim) of a payment that was captured keeps it "captured" (or
 * "refunded"): its captured money is still the merchant's and still refundable.
 */
export function applyPaymentEvent(totals: PaymentTotals, kind: PaymentEventKind, amount: bigint): PaymentTotals {
  switch (kind) {
    case "authorized":
      return { ...totals, authorized: totals.authorized + amount, status: "authorized" };
    case "captured":
      return { ...totals, captured: totals.captured + amount, status: "captured" };
    case "refunded":
      return { ...totals, refunded: totals.refunded + amount, status: "refunded" };
    case "voided":
    case "reclaimed": {
      const status = totals.captured === 0n ? kind : totals.refunded > 0n ? "refunded" : "captured";
      return { ...totals, released: totals.released + amount, status };
    }
  }
}
