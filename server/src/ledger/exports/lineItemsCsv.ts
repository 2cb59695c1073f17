// line-items.csv: the line items of every sale in the period, one row per item (see sdk/src/api/exports.ts).
import type { Queryable } from "../../db/store.ts";
import { keysetRows, type CsvRow } from "./csv.ts";
import { amount, localColumns, orderRefColumn, type ExportScope } from "./scope.ts";

type Row = { payment_id: string; first_captured_at: Date; sale_date: string; sale_local_time: string; order_ref: string; n: string; name: string; quantity: number; unit_price: string };

export function lineItemRows(db: Queryable, scope: ExportScope): AsyncGenerator<CsvRow> {
  const rows = keysetRows<Row, [Date, string, string]>(
    (after, size) =>
      db.query<Row>(
        `SELECT p.payment_id, p.first_captured_at, ${localColumns("p.first_captured_at", "$2", "sale")}, ${orderRefColumn},
                li.n, li.item->>'name' AS name, (li.item->>'quantity')::int AS quantity, li.item->>'unitPrice' AS unit_price
           FROM commerce_payments p
           JOIN commerce_checkouts c ON c.payment_id = p.payment_id
           JOIN commerce_requests r ON r.id = c.request_id
           CROSS JOIN LATERAL jsonb_array_elements(r.line_items) WITH ORDINALITY AS li(item, n)
          WHERE p.merchant_id = $1 AND p.first_captured_at >= $3 AND p.first_captured_at < $4
            AND (p.first_captured_at, p.payment_id, li.n) > ($5, $6, $7)
          ORDER BY p.first_captured_at, p.payment_id, li.n LIMIT $8`,
        [scope.merchantId, scope.timeZone, scope.period.start, scope.period.end, after?.[0] ?? new Date(0), after?.[1] ?? "", after?.[2] ?? 0, size],
      ),
    (row) => [row.first_captured_at, row.payment_id, row.n],
  );
  return (async function* () {
    for await (const row of rows) {
      yield {
        sale_date: row.sale_date,
        sale_local_time: row.sale_local_time,
        payment_id: row.payment_id,
        order_ref: row.order_ref,
        item: row.name,
        quantity: row.quantity,
        unit_price: amount(row.unit_price, scope.decimals),
        total: amount((BigInt(row.unit_price) * BigInt(row.quantity)).toString(), scope.decimals),
        currency: scope.currency,
      };
    }
  })();
}
