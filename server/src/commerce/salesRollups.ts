// Keeps the sales rollups (commerce_sales_hourly, commerce_item_sales_daily, commerce_payer_gaps_daily;
// see migrations 0111 and 0113) in step with the ledger: each recorded event adds its share to its local hour (and a
// sale its line items to its local day), a rolled-back event subtracts it, and a merchant's
// rollups can be rebuilt from its events (after its store's time zone changed, or to seed a
// benchmark). Set-based SQL over the chosen events, in the caller's transaction.
import type { Queryable } from "../db/store.ts";

/** Which events: those just inserted (by transaction hash and log index), those above a block, or a merchant's. */
export type EventSelection =
  | { readonly keys: readonly { transactionHash: string; logIndex: number }[] }
  | { readonly aboveBlock: bigint }
  | { readonly merchantId: bigint | string };

function where(selection: EventSelection): { sql: string; param: unknown } {
  if ("keys" in selection) {
    return {
      sql: "(e.transaction_hash, e.log_index) IN (SELECT k->>0, (k->>1)::int FROM jsonb_array_elements($2::jsonb) k)",
      param: JSON.stringify(selection.keys.map((key) => [key.transactionHash, key.logIndex])),
    };
  }
  if ("aboveBlock" in selection) return { sql: "e.block_number > $2", param: selection.aboveBlock };
  return { sql: "e.merchant_id = $2", param: selection.merchantId };
}

const tz = "COALESCE(s.time_zone, 'UTC')";

/**
 * Adds (`sign` 1) or subtracts (-1) the selected events' shares, deleting rows left empty. Adding counts
 * at least one event into every row it touches, so only a subtraction can empty one: the indexer's
 * batches skip the three clean-up scans.
 */
export async function applySalesRollups(db: Queryable, selection: EventSelection, sign: 1 | -1): Promise<void> {
  if ("keys" in selection && selection.keys.length === 0) return;
  const filter = where(selection);
  await db.query(
    `INSERT INTO commerce_sales_hourly AS h
       (merchant_id, hour, event_count, orders, gross, discounts, fees, captured, refunds, refund_count, authorizations,
        points_minted, points_redeemed, points_burned, points_restored, coupons, coupon_discount, new_payers)
     SELECT e.merchant_id, date_trunc('hour', e.block_timestamp, ${tz}),
            $1::int * count(*),
            $1::int * count(*) FILTER (WHERE e.first_capture),
            $1::int * COALESCE(sum(e.amount + e.discount) FILTER (WHERE e.kind = 'captured'), 0),
            $1::int * sum(e.discount),
            $1::int * sum(e.fee),
            $1::int * COALESCE(sum(e.amount) FILTER (WHERE e.kind = 'captured'), 0),
            $1::int * COALESCE(sum(e.amount) FILTER (WHERE e.kind = 'refunded'), 0),
            $1::int * count(*) FILTER (WHERE e.kind = 'refunded'),
            $1::int * count(*) FILTER (WHERE e.kind = 'authorized'),
            $1::int * sum(e.points_minted),
            $1::int * sum(e.points_redeemed),
            $1::int * sum(e.points_burned),
            $1::int * sum(e.points_restored),
            $1::int * count(*) FILTER (WHERE e.coupon_id IS NOT NULL),
            $1::int * sum(e.coupon_discount),
            $1::int * count(*) FILTER (WHERE e.first_capture AND e.payer_prev_sale_at IS NULL)
       FROM commerce_payment_events e LEFT JOIN commerce_stores s ON s.merchant_id = e.merchant_id
      WHERE ${filter.sql}
      GROUP BY 1, 2
     ON CONFLICT (merchant_id, hour) DO UPDATE SET
       event_count = h.event_count + EXCLUDED.event_count, orders = h.orders + EXCLUDED.orders, gross = h.gross + EXCLUDED.gross,
       discounts = h.discounts + EXCLUDED.discounts, fees = h.fees + EXCLUDED.fees, captured = h.captured + EXCLUDED.captured,
       refunds = h.refunds + EXCLUDED.refunds, refund_count = h.refund_count + EXCLUDED.refund_count,
       authorizations = h.authorizations + EXCLUDED.authorizations, points_minted = h.points_minted + EXCLUDED.points_minted,
       points_redeemed = h.points_redeemed + EXCLUDED.points_redeemed, points_burned = h.points_burned + EXCLUDED.points_burned,
       points_restored = h.points_restored + EXCLUDED.points_restored, coupons = h.coupons + EXCLUDED.coupons,
       coupon_discount = h.coupon_discount + EXCLUDED.coupon_discount, new_payers = h.new_payers + EXCLUDED.new_payers`,
    [sign, filter.param],
  );
  if (sign < 0) await db.query("DELETE FROM commerce_sales_hourly WHERE event_count = 0");

  // Sales by how many local days before them the payer's previous two sales were (repeat and returning payers).
  await db.query(
    `INSERT INTO commerce_payer_gaps_daily AS g (merchant_id, day, which, gap, sales)
     SELECT e.merchant_id, (e.block_timestamp AT TIME ZONE ${tz})::date, w.which,
            (e.block_timestamp AT TIME ZONE ${tz})::date - (w.previous AT TIME ZONE ${tz})::date, $1::int * count(*)
       FROM commerce_payment_events e
       LEFT JOIN commerce_stores s ON s.merchant_id = e.merchant_id
      CROSS JOIN LATERAL (VALUES (1, e.payer_prev_sale_at), (2, e.payer_prev2_sale_at)) w(which, previous)
      WHERE e.first_capture AND w.previous IS NOT NULL AND ${filter.sql}
      GROUP BY 1, 2, 3, 4
     ON CONFLICT (merchant_id, day, which, gap) DO UPDATE SET sales = g.sales + EXCLUDED.sales`,
    [sign, filter.param],
  );
  if (sign < 0) await db.query("DELETE FROM commerce_payer_gaps_daily WHERE sales = 0");

  // Line items of sales made through a Paykey checkout (the request holds them), by local day and name.
  await db.query(
    `INSERT INTO commerce_item_sales_daily AS d (merchant_id, day, name, orders, quantity, revenue)
     SELECT e.merchant_id, (e.block_timestamp AT TIME ZONE ${tz})::date, item->>'name',
            $1::int * count(*), $1::int * sum((item->>'quantity')::bigint), $1::int * sum((item->>'quantity')::numeric * (item->>'unitPrice')::numeric)
       FROM commerce_payment_events e
       LEFT JOIN commerce_stores s ON s.merchant_id = e.merchant_id
       JOIN commerce_checkouts c ON c.payment_id = e.payment_id
       JOIN commerce_requests r ON r.id = c.request_id
       CROSS JOIN LATERAL jsonb_array_elements(r.line_items) item
      WHERE e.first_capture AND ${filter.sql}
      GROUP BY 1, 2, 3
     ON CONFLICT (merchant_id, day, name) DO UPDATE SET
       orders = d.orders + EXCLUDED.orders, quantity = d.quantity + EXCLUDED.quantity, revenue = d.revenue + EXCLUDED.revenue`,
    [sign, filter.param],
  );
  if (sign < 0) await db.query("DELETE FROM commerce_item_sales_daily WHERE orders = 0");
}

/** Recomputes a merchant's rollups from its events (its store's time zone changed, or a bulk load). */
export async function rebuildSalesRollups(db: Queryable, merchantId: bigint | string): Promise<void> {
  await db.query("DELETE FROM commerce_sales_hourly WHERE merchant_id = $1", [merchantId]);
  await db.query("DELETE FROM commerce_item_sales_daily WHERE merchant_id = $1", [merchantId]);
  await db.query("DELETE FROM commerce_payer_gaps_daily WHERE merchant_id = $1", [merchantId]);
  await applySalesRollups(db, { merchantId }, 1);
}
