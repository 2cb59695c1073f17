// The analytics API (GET /api/stores/:storeId/analytics) and the store's time zone
// (POST /api/stores/:storeId/time-zone): request and response schemas. The relayer validates
// with them; the web app derives its types with `import type` only (zod stays out of the
// browser bundle).
//
// Everything is counted in the store's time zone: a period is whole local days `from`..`to`
// (inclusive), a day has 23 or 25 hours across a daylight-saving change. Money is a decimal
// string of token base units. Definitions:
//   sale      a payment's first capture; its time is that capture's block time
//   gross     captured amount of the period's captures plus the discounts of its sales
//   discounts loyalty points (one point = one base unit) and coupons redeemed by its sales
//   fees      the escrow's fee on each capture;  refunds: refunded in the period
//   net       gross − discounts − fees − refunds (what reached the payout, less refunds)
//   average ticket  captured ÷ sales (rounded down);  refund rate: refunds ÷ captured
//   payers    payers with a sale in the period: new (their first sale at this store ever) or
//             returning; repeat payers: those with two or more sales in the period
import { z } from "zod";

/** A real calendar date, YYYY-MM-DD. */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date YYYY-MM-DD")
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), "must be a real date");

export const analyticsGranularity = z.enum(["day", "hour"]);

export const analyticsQuery = z.object({
  /** First local day (default: `days` − 1 days before `to`). */
  from: isoDate.optional(),
  /** Without `from`: how many local days the period has, ending with `to` (default 30). */
  days: z.coerce.number().int().min(1).max(366).optional(),
  /** Last local day, inclusive (default: today in the store's time zone). */
  to: isoDate.optional(),
  /** Buckets of the sales series (hours: periods of at most 31 days). */
  granularity: analyticsGranularity.default("day"),
});

export const timeZoneBody = z.object({
  /** An IANA time zone name, e.g. `Europe/Berlin`. */
  timeZone: z.string().min(1).max(64),
});

const money = z.string();

const salesTotals = {
  orders: z.number(),
  gross: money,
  discounts: money,
  fees: money,
  refunds: money,
  net: money,
};

export const analyticsResponse = z.object({
  store: z.object({ id: z.string(), name: z.string(), currency: z.string(), decimals: z.number(), timeZone: z.string() }),
  period: z.object({
    from: z.string(),
    to: z.string(),
    /** The period's first and first-after instants (local midnights), ISO UTC. */
    start: z.string(),
    end: z.string(),
    granularity: analyticsGranularity,
  }),
  summary: z.object({
    ...salesTotals,
    captured: money,
    averageTicket: money,
    refundCount: z.number(),
    /** refunds ÷ captured in basis points; null without captures. */
    refundRateBps: z.number().nullable(),
    authorizations: z.number(),
  }),
  /** One bucket per local day or hour of the period, empty ones included, oldest first. */
  series: z.array(
    z.object({
      /** The bucket's start, ISO UTC. */
      start: z.string(),
      /** Its local date (`2025-03-30`) or local hour (`2025-03-30T02:00`). */
      label: z.string(),
      ...salesTotals,
    }),
  ),
  /** Sales by local weekday (ISO: 1 Monday … 7 Sunday) and hour; only cells with sales. */
  peakHours: z.array(z.object({ weekday: z.number(), hour: z.number(), orders: z.number(), captured: money })),
  customers: z.object({
    payers: z.number(),
    newPayers: z.number(),
    returningPayers: z.number(),
    repeatPayers: z.number(),
    /** repeat ÷ payers in basis points; null without payers. */
    repeatRateBps: z.number().nullable(),
  }),
  /** Line items of the period's sales (list prices), best ten. */
  topItems: z.object({
    byRevenue: z.array(z.object({ name: z.string(), quantity: z.number(), revenue: money, orders: z.number() })),
    byQuantity: z.array(z.object({ name: z.string(), quantity: z.number(), revenue: money, orders: z.number() })),
  }),
  loyalty: z.object({ pointsIssued: money, pointsRedeemed: money, pointsBurned: money, pointsRestored: money }),
  coupons: z.object({
    redemptions: z.number(),
    discount: money,
    byCoupon: z.array(z.object({ couponId: z.string(), redemptions: z.number(), discount: money })),
  }),
});

export const timeZoneResponse = z.object({ storeId: z.string(), timeZone: z.string() });

export type AnalyticsQuery = z.input<typeof analyticsQuery>;
export type Analytics = z.output<typeof analyticsResponse>;
export type AnalyticsGranularity = z.output<typeof analyticsGranularity>;
