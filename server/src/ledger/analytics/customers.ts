// Payers of a period's sales: new (first sale at this merchant ever), returning, and repeat
// (two or more sales in the period). Each sale carries the payer's previous two sales, rolled up
// by local day and by how many days before the sale they were (commerce_payer_gaps_daily), so
// these are sums over the period's days, not a scan of its sales or a group-by over payers.
// A period starts at local midnight of `from`; a sale on day d:
//   is the payer's 2nd+ sale in the period when its previous sale is in it (gap1 <= d - from),
//   is the payer's 3rd+ when the one before that is too (gap2 <= d - from);
// so payers = sales − 2nd+ sales, and repeat payers (exactly one 2nd sale each) = 2nd+ − 3rd+.
import type { Queryable } from "../../db/store.ts";
import type { SalesScope } from "./sales.ts";

export async function customers(db: Queryable, { merchantId, period }: SalesScope) {
  const [row] = await db.query<{ sales: string; new_payers: string; second_or_later: string; third_or_later: string }>(
    `SELECT (SELECT COALESCE(sum(orders), 0) FROM commerce_sales_hourly WHERE merchant_id = $1 AND hour >= $2 AND hour < $3) AS sales,
            (SELECT COALESCE(sum(new_payers), 0) FROM commerce_sales_hourly WHERE merchant_id = $1 AND hour >= $2 AND hour < $3) AS new_payers,
            COALESCE(sum(g.sales) FILTER (WHERE g.which = 1), 0) AS second_or_later,
            COALESCE(sum(g.sales) FILTER (WHERE g.which = 2), 0) AS third_or_later
       FROM commerce_payer_gaps_daily g
      WHERE g.merchant_id = $1 AND g.day >= $4::date AND g.day <= $5::date AND g.gap <= g.day - $4::date`,
    [merchantId, period.start, period.end, period.from, period.to],
  );
  const secondOrLater = Number(row!.second_or_later);
  const payers = Number(row!.sales) - secondOrLater;
  const repeatPayers = secondOrLater - Number(row!.third_or_later);
  return {
    payers,
    newPayers: Number(row!.new_payers),
    returningPayers: payers - Number(row!.new_payers),
    repeatPayers,
    repeatRateBps: payers === 0 ? null : Math.floor((repeatPayers * 10_000) / payers),
  };
}
