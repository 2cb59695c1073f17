// Payers of a period's sales: new (first sale at this merchant ever), returning, and repeat
// (two or more sales in the period). Each sale row carries the payer's previous two sales, so
// these are counts over the period's sales, with no grouping by payer:
//   a payer's first sale in the period is the one whose previous sale is before the period;
//   their second is the one whose previous sale is in it and the one before that is not.
import type { Queryable } from "../../db/store.ts";
import type { SalesScope } from "./sales.ts";

export async function customers(db: Queryable, { merchantId, period }: SalesScope) {
  const [row] = await db.query<{ payers: string; new_payers: string; repeat_payers: string }>(
    `SELECT count(*) FILTER (WHERE payer_prev_sale_at IS NULL OR payer_prev_sale_at < $2) AS payers,
            count(*) FILTER (WHERE payer_prev_sale_at IS NULL) AS new_payers,
            count(*) FILTER (WHERE payer_prev_sale_at >= $2 AND (payer_prev2_sale_at IS NULL OR payer_prev2_sale_at < $2)) AS repeat_payers
       FROM commerce_payment_events
      WHERE merchant_id = $1 AND first_capture AND block_timestamp >= $2 AND block_timestamp < $3`,
    [merchantId, period.start, period.end],
  );
  const payers = Number(row!.payers);
  const repeatPayers = Number(row!.repeat_payers);
  return {
    payers,
    newPayers: Number(row!.new_payers),
    returningPayers: payers - Number(row!.new_payers),
    repeatPayers,
    repeatRateBps: payers === 0 ? null : Math.floor((repeatPayers * 10_000) / payers),
  };
}
