// Commerce: the itemised receipt (line items, order reference), the escrow's payment events and payment
// terms between their JSON and typed forms. Browser-safe: viem only.
export { type LineItem, hashLineItems, lineItemLimits, orderRefHash, sumLineItems } from "./lineItems.ts";
export {
  type PaymentEventKind,
  type PaymentEventName,
  paymentEventKinds,
  paymentEventNames,
  userOpHashAfter,
} from "./paymentEvents.ts";
export { termsFromJson, termsToJson } from "./terms.ts";
export { type PaymentStatus, type PaymentTotals, applyPaymentEvent, emptyPaymentTotals } from "./paymentTotals.ts";
