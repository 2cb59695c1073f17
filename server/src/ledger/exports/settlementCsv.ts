// settlement.csv, by payment or by local day (see sdk/src/api/exports.ts). Where a payment was
// paid through a currency conversion, its rate, spread and the token and amount the payer
// paid come from the FX module's `fx_conversions` table (transaction_hash, log_index,
// payment_id, token_in, amount_in, rate, rate_decimals, spread_bps, ...). That table belongs
// to another module and may not exist in this database: its presence is checked per export
// and the FX columns stay empty without it.
import type { Queryable } from "../../db/store.ts";
import { toDecimalString } from "@paykey/sdk/money";
import { keysetRows, type CsvRow } from "./csv.ts";
import { amount, localColumns, type ExportScope } from "./scope.ts";

export async function hasFxConversions(db: Queryable): Promise<boolean> {
  const [row] = await db.query<{ present: boolean }>("SELECT to_regclass('fx_conversions') IS NOT NULL AS present");
  return row!.present;
}

type PaymentRow = Record<"payment_id" | "sale_date" | "sale_local_time" | "order_ref" | "payer" | "captured" | "discount" | "fees" | "refunded" | "finality", string> & {
  first_captured_at: Date;
  capture_tx: string | null;
  authorization_tx: string | null;
  paid_token: string | null;
  paid_amount: string | null;
  fx_rate: string | null;
  fx_rate_decimals: number | null;
  fx_spread_bps: number | null;
};

const fxJoin = `LEFT JOIN LATERAL (SELECT f.token_in::text AS paid_token, f.amount_in::text AS paid_amount, f.rate::text AS fx_rate,
                                          f.rate_decimals::int AS fx_rate_decimals, f.spread_bps::int AS fx_spread_bps
                                     FROM fx_conversions f WHERE f.payment_id = p.payment_id
                                    ORDER BY f.block_number, f.log_index LIMIT 1) fx ON true`;
const noFx = "CROSS JOIN (SELECT NULL::text AS paid_token, NULL::text AS paid_amount, NULL::text AS fx_rate, NULL::int AS fx_rate_decimals, NULL::int AS fx_spread_bps) fx";

/**
 * One row per sale (first capture) of the period, in time order. The order reference is the
 * request's, copied onto the payment (migration 0114). The capture and authorization
 * transactions are looked up by what orders them in time — the first capture is the payment's
 * event at `first_captured_at` (index on merchant and time), the authorization the event at the
 * payment's `(block_number, log_index)` — so a batch's lookups walk neighbouring index pages
 * instead of probing the payment-id index at random (see the benchmark notes in the report).
 */
export function settlementPaymentRows(db: Queryable, scope: ExportScope, parameters: { fx: boolean; decimalsOf: (token: string) => number }): AsyncGenerator<CsvRow> {
  const rows = keysetRows<PaymentRow, [Date, string]>(
    (after, size) =>
      db.query<PaymentRow>(
        `SELECT p.payment_id, p.first_captured_at, ${localColumns("p.first_captured_at", "$2", "sale")}, COALESCE(p.request_order_ref, p.order_ref) AS order_ref, p.payer,
                p.captured, p.points_redeemed + p.coupon_discount AS discount, p.fees, p.refunded, p.finality,
                cap.transaction_hash AS capture_tx, auth.transaction_hash AS authorization_tx, fx.*
           FROM commerce_payments p
           LEFT JOIN commerce_payment_events cap
                  ON cap.merchant_id = p.merchant_id AND cap.first_capture AND cap.block_timestamp = p.first_captured_at AND cap.payment_id = p.payment_id
           LEFT JOIN commerce_payment_events auth
                  ON auth.block_number = p.block_number AND auth.log_index = p.log_index AND auth.payment_id = p.payment_id AND auth.kind = 'authorized'
           ${parameters.fx ? fxJoin : noFx}
          WHERE p.merchant_id = $1 AND p.first_captured_at >= $3 AND p.first_captured_at < $4 AND (p.first_captured_at, p.payment_id) > ($5, $6)
          ORDER BY p.first_captured_at, p.payment_id LIMIT $7`,
        [scope.merchantId, scope.timeZone, scope.period.start, scope.period.end, after?.[0] ?? new Date(0), after?.[1] ?? "", size],
      ),
    (row) => [row.first_captured_at, row.payment_id],
  );
  return (async function* () {
    for await (const row of rows) {
      const money = (value: string) => amount(value, scope.decimals);
      const captured = BigInt(row.captured);
      const toPayout = captured - BigInt(row.fees);
      yield {
        sale_date: row.sale_date,
        sale_local_time: row.sale_local_time,
        sale_utc: row.first_captured_at.toISOString(),
        payment_id: row.payment_id,
        order_ref: row.order_ref,
        payer: row.payer,
        currency: scope.currency,
        gross: money((captured + BigInt(row.discount)).toString()),
        discount: money(row.discount),
        fee: money(row.fees),
        net_to_payout: money(toPayout.toString()),
        refunded: money(row.refunded),
        net: money((toPayout - BigInt(row.refunded)).toString()),
        paid_token: row.paid_token,
        paid_amount: row.paid_token === null ? null : amount(row.paid_amount, parameters.decimalsOf(row.paid_token)),
        fx_rate: row.fx_rate === null ? null : toDecimalString(BigInt(row.fx_rate), row.fx_rate_decimals ?? 0, 0),
        fx_spread_bps: row.fx_spread_bps,
        capture_transaction_hash: row.capture_tx,
        authorization_transaction_hash: row.authorization_tx,
        finality: row.finality,
      };
    }
  })();
}

type DayRow = Record<"date" | "sales" | "gross" | "discounts" | "fees" | "captured" | "refunds" | "fx_conversions", string>;

/** One row per local day of the period, from the hourly rollup (FX conversions counted when the FX table exists). */
export async function* settlementDayRows(db: Queryable, scope: ExportScope, parameters: { fx: boolean }): AsyncGenerator<CsvRow> {
  const fxDays = parameters.fx
    ? `SELECT (f.block_timestamp AT TIME ZONE $2)::date AS day, count(*) AS fx_conversions
         FROM fx_conversions f JOIN commerce_payments p ON p.payment_id = f.payment_id
        WHERE p.merchant_id = $1 AND f.block_timestamp >= $3 AND f.block_timestamp < $4 GROUP BY 1`
    : "SELECT NULL::date AS day, 0 AS fx_conversions WHERE false";
  const rows = await db.query<DayRow>(
    `WITH days AS (SELECT d::date AS day FROM generate_series($5::date::timestamp, $6::date::timestamp, interval '1 day') d),
          sales AS (SELECT (hour AT TIME ZONE $2)::date AS day, sum(orders) AS sales, sum(gross) AS gross, sum(discounts) AS discounts,
                           sum(fees) AS fees, sum(captured) AS captured, sum(refunds) AS refunds
                      FROM commerce_sales_hourly WHERE merchant_id = $1 AND hour >= $3 AND hour < $4 GROUP BY 1),
          fx AS (${fxDays})
     SELECT to_char(d.day, 'YYYY-MM-DD') AS date, COALESCE(s.sales, 0) AS sales, COALESCE(s.gross, 0) AS gross,
            COALESCE(s.discounts, 0) AS discounts, COALESCE(s.fees, 0) AS fees, COALESCE(s.captured, 0) AS captured,
            COALESCE(s.refunds, 0) AS refunds, COALESCE(fx.fx_conversions, 0) AS fx_conversions
       FROM days d LEFT JOIN sales s ON s.day = d.day LEFT JOIN fx ON fx.day = d.day
      ORDER BY d.day`,
    [scope.merchantId, scope.timeZone, scope.period.start, scope.period.end, scope.period.from, scope.period.to],
  );
  for (const row of rows) {
    const toPayout = BigInt(row.captured) - BigInt(row.fees);
    yield {
      date: row.date,
      currency: scope.currency,
      sales: Number(row.sales),
      gross: amount(row.gross, scope.decimals),
      discounts: amount(row.discounts, scope.decimals),
      fees: amount(row.fees, scope.decimals),
      net_to_payout: amount(toPayout.toString(), scope.decimals),
      refunds: amount(row.refunds, scope.decimals),
      net: amount((toPayout - BigInt(row.refunds)).toString(), scope.decimals),
      fx_conversions: Number(row.fx_conversions),
    };
  }
}
