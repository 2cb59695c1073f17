// Finality of ledger rows: `pending` until the block is at or below the chain's `safe` block,
// `safe` until it is at or below the `finalized` block, then `finalized` (no reorganisation can
// remove it). Chains without these block tags (the local chain reports every block as both)
// use confirmation depth instead. A payment is as final as the least final of its events.
import type { Hex, PublicClient } from "viem";
import type { Queryable } from "../db/store.ts";
import { insertNotifications, paymentEventData } from "./notifications.ts";
import { eventFromRow } from "./recordPaymentEvent.ts";

export type FinalityRule =
  | { readonly mode: "tags" }
  /** Safe with `safeDepth` blocks on top, finalized with `finalizedDepth` blocks on top. */
  | { readonly mode: "depth"; readonly safeDepth: bigint; readonly finalizedDepth: bigint };

/** The highest safe and finalized block numbers. */
export type FinalityHeights = { safe: bigint; finalized: bigint };

export async function finalityHeights(client: PublicClient, rule: FinalityRule, head: bigint): Promise<FinalityHeights> {
  if (rule.mode === "depth") return { safe: head - rule.safeDepth, finalized: head - rule.finalizedDepth };
  const [safe, finalized] = await Promise.all([client.getBlock({ blockTag: "safe" }), client.getBlock({ blockTag: "finalized" })]);
  return { safe: safe.number, finalized: finalized.number };
}

/** Sets each payment's finality to the least final of its events. */
export async function refreshPaymentFinality(db: Queryable, paymentIds: readonly string[]): Promise<void> {
  if (paymentIds.length === 0) return;
  await db.query(
    `UPDATE commerce_payments p SET finality = f.finality
       FROM (SELECT payment_id,
                    CASE min(CASE finality WHEN 'pending' THEN 0 WHEN 'safe' THEN 1 ELSE 2 END)
                      WHEN 0 THEN 'pending' WHEN 1 THEN 'safe' ELSE 'finalized' END AS finality
               FROM commerce_payment_events
              WHERE payment_id IN (SELECT jsonb_array_elements_text($1::jsonb))
              GROUP BY payment_id) f
      WHERE p.payment_id = f.payment_id AND p.finality <> f.finality`,
    [JSON.stringify([...new Set(paymentIds)])],
  );
}

/**
 * Moves rows forward to the finality `heights` give them and notifies `payment.finalized` for
 * each event that became final. Returns how many events changed.
 */
export async function updateFinality(db: Queryable, heights: FinalityHeights): Promise<number> {
  const finalized = await db.query<Parameters<typeof eventFromRow>[0]>(
    `UPDATE commerce_payment_events SET finality = 'finalized'
      WHERE finality <> 'finalized' AND block_number <= $1
      RETURNING *`,
    [heights.finalized],
  );
  const safe = await db.query<{ payment_id: Hex }>(
    `UPDATE commerce_payment_events SET finality = 'safe'
      WHERE finality = 'pending' AND block_number <= $1
      RETURNING payment_id`,
    [heights.safe],
  );
  const events = finalized
    .map(eventFromRow)
    .sort((a, b) => (a.blockNumber === b.blockNumber ? a.logIndex - b.logIndex : a.blockNumber < b.blockNumber ? -1 : 1));
  await insertNotifications(
    db,
    events.map((event) => ({
      type: "payment.finalized",
      key: `${event.transactionHash}:${event.logIndex}`,
      merchantId: event.merchantId,
      paymentId: event.paymentId,
      occurredAt: event.timestamp,
      data: paymentEventData(event, "finalized"),
    })),
  );
  await refreshPaymentFinality(db, [...events.map((event) => event.paymentId), ...safe.map((row) => row.payment_id)]);
  return events.length + safe.length;
}
