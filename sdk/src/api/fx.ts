// The FX routes' shapes (server/src/fx): GET /api/fx/quote and GET /api/payments/:paymentId/conversions.
// The relayer validates with these schemas; the web app derives its types with `import type` (zod stays
// out of the browser bundle). Money is a decimal string of base units, rates are fixed-point integers
// with their decimals, times on the chain are unix seconds.
import { z } from "zod";
import { address, addressIn, baseUnits, hash, hex32In, id, money } from "./primitives.ts";

const positiveBaseUnits = baseUnits.refine((value) => value > 0n, "must be more than 0");

/**
 * GET /api/fx/quote: either a payment request (`requestId`: its token and amount are what comes out, and
 * its merchant's fee is disclosed) or an explicit `tokenOut` and `amountOut`; always `tokenIn`.
 */
export const fxQuoteQuery = z
  .object({
    tokenIn: addressIn,
    tokenOut: addressIn.optional(),
    amountOut: positiveBaseUnits.optional(),
    requestId: id.optional(),
  })
  .refine((query) => (query.requestId === undefined) === (query.tokenOut !== undefined && query.amountOut !== undefined), {
    message: "give either requestId or both tokenOut and amountOut",
  });

export const fxToken = z.object({ address, symbol: z.string(), currency: z.string(), decimals: z.number() });

/** A feed answer: one `base` unit is worth `value / 10**decimals` `quote` units (e.g. 1 EUR = 1.0850 USD). */
export const fxRate = z.object({ value: money, decimals: z.number(), base: z.string(), quote: z.string() });

export const fxQuote = z.object({
  router: address,
  tokenIn: fxToken,
  tokenOut: fxToken,
  /** Exactly what the payer receives (and the merchant's escrow then pulls). */
  amountOut: money,
  /** What the conversion costs at the feed's latest round, spread included, rounded up. */
  amountIn: money,
  /** `amountIn` plus the slippage buffer: the most the payer signs to pay (the router refuses above it). */
  maxAmountIn: money,
  bufferBps: z.number(),
  rate: fxRate,
  /** The pair's spread and what it costs the payer, in `tokenIn` base units. */
  spread: z.object({ bps: z.number(), amount: money }),
  /** The merchant's fee on the payment (paid by the merchant out of `amountOut`); null without a request. */
  fee: z.object({ bps: z.number(), amount: money }).nullable(),
  feed: z.object({ address, roundId: money, updatedAt: z.number() }),
  /** Unix seconds: the router's deadline for this quote. */
  expiresAt: z.number(),
  requestId: z.string().nullable(),
});

export const fxConversion = z.object({
  /** The conversion's reference: the payment it paid for (or the refunded payment it converted back). */
  paymentId: hash,
  payer: address,
  tokenIn: fxToken,
  tokenOut: fxToken,
  amountIn: money,
  amountOut: money,
  rate: fxRate,
  spreadBps: z.number(),
  feedRoundId: money,
  transactionHash: hash,
  blockNumber: z.number(),
  logIndex: z.number(),
  userOpHash: hash.nullable(),
  timestamp: z.string(),
});

export const fxConversionParams = z.object({ paymentId: hex32In });

export const fxConversionList = z.object({ router: address.nullable(), conversions: z.array(fxConversion) });

export type FxQuoteQuery = z.input<typeof fxQuoteQuery>;
export type FxQuote = z.output<typeof fxQuote>;
export type FxToken = z.output<typeof fxToken>;
export type FxRate = z.output<typeof fxRate>;
export type FxConversion = z.output<typeof fxConversion>;
export type FxConversionList = z.output<typeof fxConversionList>;
