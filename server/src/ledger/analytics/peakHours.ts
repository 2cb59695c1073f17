// Sales by local weekday and hour of day over a period (the peak-hours grid), from the hourly rollup.
import type { Queryable } from "../../db/store.ts";
import type { SalesScope } from "./sales.ts";

export async function peakHours(db: Queryable, { merchantId, timeZone, period }: SalesScope) {
  const rows = await db.query<{ weekday: number; hour: number; orders: string; captured: string }>(
    `SELECT extract(isodow FROM hour AT TIME ZONE $1)::int AS weekday, extract(hour FROM hour AT TIME ZONE $1)::int AS hour,
            sum(orders) AS orders, sum(captured) AS captured
       FROM commerce_sales_hourly WHERE merchant_id = $2 AND hour >= $3 AND hour < $4
      GROUP BY 1, 2 HAVING sum(orders) > 0
      ORDER BY 1, 2`,
    [timeZone, merchantId, period.start, period.end],
  );
  return rows.map((row) => ({ weekday: row.weekday, hour: row.hour, orders: Number(row.orders), captured: row.captured }));
}
