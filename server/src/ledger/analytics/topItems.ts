// The period's best-selling line items, by revenue and by quantity, from the daily item rollup.
import type { Queryable } from "../../db/store.ts";
import type { SalesScope } from "./sales.ts";

type ItemRow = { name: string; quantity: string; revenue: string; orders: string };

export async function topItems(db: Queryable, { merchantId, period }: SalesScope, limit = 10) {
  const query = (order: string) =>
    db.query<ItemRow>(
      `SELECT name, sum(quantity) AS quantity, sum(revenue) AS revenue, sum(orders) AS orders
         FROM commerce_item_sales_daily WHERE merchant_id = $1 AND day >= $2::date AND day <= $3::date
        GROUP BY name ORDER BY ${order}, name LIMIT $4`,
      [merchantId, period.from, period.to, limit],
    );
  const out = (row: ItemRow) => ({ name: row.name, quantity: Number(row.quantity), revenue: row.revenue, orders: Number(row.orders) });
  const [byRevenue, byQuantity] = await Promise.all([query("sum(revenue) DESC"), query("sum(quantity) DESC")]);
  return { byRevenue: byRevenue.map(out), byQuantity: byQuantity.map(out) };
}
