// Payment requests: created by a store owner (line items adding up to the amount), read by
// whoever has the link, checked out by a payer for the escrow terms to sign.
import { z } from "zod";
import { lineItemLimits } from "../commerce/lineItems.ts";
import { address, addressIn, baseUnits, currency, hash, id, money } from "./primitives.ts";

export const requestParams = z.object({ requestId: id });

export const lineItemIn = z.object({
  name: z.string().min(1).max(lineItemLimits.maxNameLength),
  quantity: z.number().int().min(1).max(lineItemLimits.maxQuantity),
  unitPrice: baseUnits,
});

export const createRequestBody = z.object({
  amount: baseUnits.refine((value) => value > 0n, "must be more than 0"),
  orderRef: z.string().min(1).max(lineItemLimits.maxOrderRefLength),
  lineItems: z.array(lineItemIn).min(1).max(lineItemLimits.maxItems),
  expiresInSeconds: z.number().int().min(60).max(604_800).default(86_400),
});

/** Checkout names the paying wallet only when no session does (an injected wallet paying its own gas). */
export const checkoutBody = z.object({ payer: addressIn.optional() }).nullish();

export const lineItem = z.object({ name: z.string(), quantity: z.number(), unitPrice: money });

export const paymentRequest = z.object({
  id: z.string(),
  storeId: z.string(),
  /** The store's merchant and disclosed fee: requests exist only for stores registered on-chain. */
  store: z.object({ name: z.string(), merchantId: z.string(), payout: address, feeBps: z.number() }),
  amount: money,
  currency,
  token: address,
  decimals: z.number(),
  orderRef: z.string(),
  lineItems: z.array(lineItem),
  lineItemsHash: hash,
  status: z.enum(["open", "paid", "expired"]),
  expiresAt: z.string(),
  createdAt: z.string(),
  paymentId: hash.nullable(),
  url: z.string(),
});

/** `IPaymentEscrow.PaymentTerms` as JSON: uint256 values as decimal strings, expiries in unix seconds. */
export const paymentTerms = z.object({
  merchantId: money,
  payer: address,
  token: address,
  amount: money,
  feeBps: z.number(),
  authorizationExpiry: z.number(),
  refundDeadline: z.number(),
  orderRef: hash,
  lineItemsHash: hash,
  salt: money,
});

export const requestResult = z.object({ request: paymentRequest });
export const requestList = z.object({ requests: z.array(paymentRequest) });
export const checkoutResult = z.object({ paymentId: hash, terms: paymentTerms });

export type LineItem = z.output<typeof lineItem>;
export type CreateRequestBody = z.input<typeof createRequestBody>;
export type CheckoutBody = z.input<typeof checkoutBody>;
export type PaymentRequest = z.output<typeof paymentRequest>;
export type PaymentTermsJson = z.output<typeof paymentTerms>;
export type CheckoutResult = z.output<typeof checkoutResult>;
