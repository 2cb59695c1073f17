// The period's coupon redemptions by coupon (redeemed at authorization), most used first.
import type { Queryable } from "../../db/store.ts";
import type { SalesScope } from "./sales.ts";

export async function couponsByCoupon(db: Queryable, { merchantId, period }: SalesScope, limit = 10) {
  const rows = await db.query<{ coupon_id: string; redemptions: string; discount: string }>(
    `SELECT coupon_id, count(*) AS redemptions, sum(coupon_discount) AS discount
       FROM commerce_payment_events
      WHERE merchant_id = $1 AND coupon_id IS NOT NULL AND block_timestamp >= $2 AND block_timestamp < $3
      GROUP BY coupon_id ORDER BY count(*) DESC, coupon_id LIMIT $4`,
    [merchantId, period.start, period.end, limit],
  );
  return rows.map((row) => ({ couponId: row.coupon_id, redemptions: Number(row.redemptions), discount: row.discount }));
}
