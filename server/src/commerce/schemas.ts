// The commerce API's shapes in zod: request bodies and params (validated; a bad one is a 400
// with the issues) and responses (documented in /openapi.json). Money is a decimal string of
// token base units, never a JSON number; addresses are checksummed; times are ISO strings,
// except the escrow terms' expiries (unix seconds, as on-chain).
import { z } from "zod";
import { lineItemLimits } from "@paykey/sdk/commerce";

/** The escrow caps an amount at type(uint120).max. */
export const maxAmount = 2n ** 120n - 1n;

const baseUnits = z
  .string()
  .regex(/^\d{1,37}$/, "must be a decimal string of token base units")
  .transform((value) => BigInt(value))
  .refine((value) => value <= maxAmount, "must be at most 2^120 - 1");

export const id = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, "must be an id");
export const hex32 = z
  .string()
  .regex(/^0x[0-9a-fA-F]{64}$/, "must be 32 bytes of hex")
  .transform((value) => value.toLowerCase() as `0x${string}`);
export const addressIn = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}$/, "must be a 20-byte hex address")
  .transform((value) => value.toLowerCase() as `0x${string}`);

export const currency = z.enum(["USD", "EUR"]);

export const createStoreBody = z.object({
  name: z.string().trim().min(1).max(64),
  currency,
  loyaltyBps: z.number().int().min(0).max(10_000).default(100),
});

export const registeredBody = z.object({ transactionHash: hex32 });

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

export const checkoutBody = z.object({ payer: addressIn.optional() }).nullish();

export const listQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) });

// ------------------------------------------------------------------ responses

const address = z.string();
const money = z.string();

export const storeOut = z.object({
  id: z.string(),
  name: z.string(),
  currency: z.string(),
  settlementToken: address,
  payout: address,
  ownerAccount: address,
  merchantId: z.string().nullable(),
  feeBps: z.number().nullable(),
  status: z.enum(["pending", "active"]),
});

export const callOut = z.object({ to: address, data: z.string() });

export const lineItemOut = z.object({ name: z.string(), quantity: z.number(), unitPrice: money });

export const requestOut = z.object({
  id: z.string(),
  storeId: z.string(),
  store: z.object({ name: z.string(), merchantId: z.string().nullable(), payout: address, feeBps: z.number().nullable() }),
  amount: money,
  currency: z.string(),
  token: address,
  decimals: z.number(),
  orderRef: z.string(),
  lineItems: z.array(lineItemOut),
  lineItemsHash: z.string(),
  status: z.enum(["open", "paid", "expired"]),
  expiresAt: z.string(),
  createdAt: z.string(),
  paymentId: z.string().nullable(),
  url: z.string(),
});

export const termsOut = z.object({
  merchantId: money,
  payer: address,
  token: address,
  amount: money,
  feeBps: z.number(),
  authorizationExpiry: z.number(),
  refundDeadline: z.number(),
  orderRef: z.string(),
  lineItemsHash: z.string(),
  salt: money,
});

export const paymentKind = z.enum(["authorized", "captured", "voided", "reclaimed", "refunded"]);

/** pending → safe → finalized: only a finalized row can no longer be removed by a chain reorganisation. */
export const finality = z.enum(["pending", "safe", "finalized"]);

export const paymentEventOut = z.object({
  kind: paymentKind,
  amount: money,
  transactionHash: z.string(),
  blockNumber: z.number(),
  logIndex: z.number(),
  userOpHash: z.string().nullable(),
  timestamp: z.string(),
  finality,
});

export const paymentOut = z.object({
  paymentId: z.string(),
  status: z.enum(["authorized", "captured", "refunded", "voided", "reclaimed"]),
  /** The least final of its events: the payment is final only when every step of it is. */
  finality,
  terms: termsOut.nullable(),
  authorized: money,
  captured: money,
  refunded: money,
  payer: address,
  store: z.object({ id: z.string(), name: z.string(), merchantId: z.string(), payout: address }).nullable(),
  request: z
    .object({
      id: z.string(),
      orderRef: z.string(),
      lineItems: z.array(lineItemOut),
      lineItemsHash: z.string(),
      currency: z.string(),
      decimals: z.number(),
    })
    .nullable(),
  events: z.array(paymentEventOut),
});

export type StoreOut = z.output<typeof storeOut>;
export type RequestOut = z.output<typeof requestOut>;
export type TermsOut = z.output<typeof termsOut>;
export type PaymentOut = z.output<typeof paymentOut>;
export type LineItemOut = z.output<typeof lineItemOut>;
