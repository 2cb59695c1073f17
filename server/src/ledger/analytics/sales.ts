// Sales totals of a period and its series by local day or hour, from the hourly rollup
// (commerce_sales_hourly: one row per local hour with sales, refunds or other events).
import type { Queryable } from "../../db/store.ts";
import type { AnalyticsGranularity } from "@paykey/sdk/api/analytics";
import type { Period } from "../period.ts";

export type SalesScope = { merchantId: string; timeZone: string; period: Period };

type TotalsRow = { orders: string; gross: string; discounts: string; fees: string; refunds: string };

/** Gross, discounts, fees, refunds and net as decimal strings (net = gross − discounts − fees − refunds). */
function totals(row: TotalsRow) {
  const [gross, discounts, fees, refunds] = [row.gross, row.discounts, row.fees, row.refunds].map(BigInt) as [bigint, bigint, bigint, bigint];
  return {
    orders: Number(row.orders),
    gross: gross.toString(),
    discounts: discounts.toString(),
    fees: fees.toString(),
    refunds: refunds.toString(),
    net: (gross - discounts - fees - refunds).toString(),
  };
}

const ratioBps = (part: bigint, whole: bigint) => (whole === 0n ? null : Number((part * 10_000n) / whole));

export async function salesSummary(db: Queryable, { merchantId, period }: SalesScope) {
  type SummaryRow = TotalsRow & Record<"captured" | "refund_count" | "authorizations" | "points_minted" | "points_redeemed" | "points_burned" | "points_restored" | "coupons" | "coupon_discount", string>;
  const [row] = await db.query<SummaryRow>(
    `SELECT COALESCE(sum(orders), 0) AS orders, COALESCE(sum(gross), 0) AS gross, COALESCE(sum(discounts), 0) AS discounts,
            COALESCE(sum(fees), 0) AS fees, COALESCE(sum(refunds), 0) AS refunds, COALESCE(sum(captured), 0) AS captured,
            COALESCE(sum(refund_count), 0) AS refund_count, COALESCE(sum(authorizations), 0) AS authorizations,
            COALESCE(sum(points_minted), 0) AS points_minted, COALESCE(sum(points_redeemed), 0) AS points_redeemed,
            COALESCE(sum(points_burned), 0) AS points_burned, COALESCE(sum(points_restored), 0) AS points_restored,
            COALESCE(sum(coupons), 0) AS coupons, COALESCE(sum(coupon_discount), 0) AS coupon_discount
       FROM commerce_sales_hourly WHERE merchant_id = $1 AND hour >= $2 AND hour < $3`,
    [merchantId, period.start, period.end],
  );
  const captured = BigInt(row!.captured);
  const orders = BigInt(row!.orders);
  return {
    summary: {
      ...totals(row!),
      captured: captured.toString(),
      averageTicket: (orders === 0n ? 0n : captured / orders).toString(),
      refundCount: Number(row!.refund_count),
      refundRateBps: ratioBps(BigInt(row!.refunds), captured),
      authorizations: Number(row!.authorizations),
    },
    loyalty: {
      pointsIssued: row!.points_minted,
      pointsRedeemed: row!.points_redeemed,
      pointsBurned: row!.points_burned,
      pointsRestored: row!.points_restored,
    },
    coupons: { redemptions: Number(row!.coupons), discount: row!.coupon_discount },
  };
}

/**
 * One bucket per local day or hour of the period (empty ones included). Days are generated as
 * local dates (so a daylight-saving day is one bucket of 23 or 25 hours); hours as absolute
 * hours from the first local midnight (so a repeated local hour is two buckets).
 */
export async function salesSeries(db: Queryable, { merchantId, timeZone, period }: SalesScope, granularity: AnalyticsGranularity) {
  const buckets =
    granularity === "day"
      ? `SELECT d::timestamp AT TIME ZONE $1 AS start, to_char(d, 'YYYY-MM-DD') AS label
           FROM generate_series($4::date::timestamp, $5::date::timestamp, interval '1 day') d`
      : `SELECT h AS start, to_char(h AT TIME ZONE $1, 'YYYY-MM-DD"T"HH24:MI') AS label
           FROM generate_series($4::date::timestamp AT TIME ZONE $1, ($5::date + 1)::timestamp AT TIME ZONE $1 - interval '1 hour', interval '1 hour') h`;
  const rows = await db.query<TotalsRow & { start: Date; label: string }>(
    `WITH buckets AS (${buckets}),
          sales AS (
            SELECT date_trunc($6, hour, $1) AS start, sum(orders) AS orders, sum(gross) AS gross, sum(discounts) AS discounts,
                   sum(fees) AS fees, sum(refunds) AS refunds
              FROM commerce_sales_hourly WHERE merchant_id = $7 AND hour >= $2 AND hour < $3
             GROUP BY 1)
     SELECT b.start, b.label, COALESCE(s.orders, 0) AS orders, COALESCE(s.gross, 0) AS gross, COALESCE(s.discounts, 0) AS discounts,
            COALESCE(s.fees, 0) AS fees, COALESCE(s.refunds, 0) AS refunds
       FROM buckets b LEFT JOIN sales s ON s.start = b.start
      ORDER BY b.start`,
    [timeZone, period.start, period.end, period.from, period.to, granularity, merchantId],
  );
  return rows.map((row) => ({ start: row.start.toISOString(), label: row.label, ...totals(row) }));
}
