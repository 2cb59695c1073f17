// Payments as the relayer indexed them from the escrow: terms, line items and every event.
import { z } from "zod";
import { paymentEventKinds } from "../commerce/paymentEvents.ts";
import { address, currency, hash, hex32In, money } from "./primitives.ts";
import { lineItem, paymentTerms } from "./requests.ts";

export const paymentParams = z.object({ paymentId: hex32In });

export const paymentEventKind = z.enum(paymentEventKinds);

export const paymentEvent = z.object({
  kind: paymentEventKind,
  amount: money,
  transactionHash: hash,
  blockNumber: z.number(),
  logIndex: z.number(),
  userOpHash: hash.nullable(),
  timestamp: z.string(),
});

export const paymentStatus = z.enum(["authorized", "captured", "refunded", "voided", "reclaimed"]);

export const payment = z.object({
  paymentId: hash,
  status: paymentStatus,
  /** Null for a payment indexed from the chain that no checkout of this relayer handed out. */
  terms: paymentTerms.nullable(),
  authorized: money,
  captured: money,
  refunded: money,
  payer: address,
  store: z.object({ id: z.string(), name: z.string(), merchantId: z.string(), payout: address }).nullable(),
  request: z
    .object({
      id: z.string(),
      orderRef: z.string(),
      lineItems: z.array(lineItem),
      lineItemsHash: hash,
      currency,
      decimals: z.number(),
    })
    .nullable(),
  events: z.array(paymentEvent),
});

export const paymentResult = z.object({ payment });
export const paymentList = z.object({ payments: z.array(payment) });

export type PaymentEvent = z.output<typeof paymentEvent>;
export type PaymentStatus = z.output<typeof paymentStatus>;
export type Payment = z.output<typeof payment>;
