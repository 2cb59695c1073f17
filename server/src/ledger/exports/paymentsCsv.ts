// payments.csv: every payment authorized in the period (see sdk/src/api/exports.ts).
import type { Queryable } from "../../db/store.ts";
import { keysetRows, type CsvRow } from "./csv.ts";
import { amount, localColumns, orderJoins, orderRefColumn, type ExportScope } from "./scope.ts";

type Row = Record<
  | "payment_id" | "status" | "finality" | "authorized_date" | "authorized_local_time" | "payer" | "order_ref" | "price" | "points_redeemed"
  | "coupon_discount" | "authorized" | "captured" | "fees" | "refunded" | "released" | "points_minted" | "line_items_hash",
  string
> & { created_at: Date; request_id: string | null; coupon_id: string | null; authorization_tx: string | null; user_op_hash: string | null };

export function paymentRows(db: Queryable, scope: ExportScope): AsyncGenerator<CsvRow> {
  const rows = keysetRows<Row, [Date, string]>(
    (after, size) =>
      db.query<Row>(
        `SELECT p.payment_id, p.status, p.finality, p.created_at, ${localColumns("p.created_at", "$2", "authorized")},
                p.payer, ${orderRefColumn}, c.request_id, p.price, p.points_redeemed, p.coupon_id, p.coupon_discount,
                p.authorized, p.captured, p.fees, p.refunded, p.released, p.points_minted, p.line_items_hash,
                a.transaction_hash AS authorization_tx, a.user_op_hash
           FROM commerce_payments p ${orderJoins}
           LEFT JOIN LATERAL (SELECT transaction_hash, user_op_hash FROM commerce_payment_events e
                               WHERE e.payment_id = p.payment_id AND e.kind = 'authorized' ORDER BY block_number, log_index LIMIT 1) a ON true
          WHERE p.merchant_id = $1 AND p.created_at >= $3 AND p.created_at < $4 AND (p.created_at, p.payment_id) > ($5, $6)
          ORDER BY p.created_at, p.payment_id LIMIT $7`,
        [scope.merchantId, scope.timeZone, scope.period.start, scope.period.end, after?.[0] ?? new Date(0), after?.[1] ?? "", size],
      ),
    (row) => [row.created_at, row.payment_id],
  );
  return (async function* () {
    for await (const row of rows) {
      const money = (value: string) => amount(value, scope.decimals);
      yield {
        payment_id: row.payment_id,
        status: row.status,
        finality: row.finality,
        authorized_date: row.authorized_date,
        authorized_local_time: row.authorized_local_time,
        authorized_utc: row.created_at.toISOString(),
        payer: row.payer,
        order_ref: row.order_ref,
        request_id: row.request_id,
        currency: scope.currency,
        price: money(row.price),
        points_redeemed: row.points_redeemed,
        coupon_id: row.coupon_id,
        coupon_discount: money(row.coupon_discount),
        authorized: money(row.authorized),
        captured: money(row.captured),
        fees: money(row.fees),
        refunded: money(row.refunded),
        released: money(row.released),
        net: money((BigInt(row.captured) - BigInt(row.fees) - BigInt(row.refunded)).toString()),
        points_minted: row.points_minted,
        line_items_hash: row.line_items_hash,
        authorization_transaction_hash: row.authorization_tx,
        user_op_hash: row.user_op_hash,
      };
    }
  })();
}
