// Rolls the ledger back to a common ancestor after a reorganisation: every event recorded in a
// later block is deleted (and subtracted from the sales rollups), the payments they touched are replayed from the events they have
// left (or deleted, reopening the requests they paid), the blocks above the ancestor are
// forgotten and the cursor moves back to the block after it, so the indexer re-reads the new
// chain from there. Run inside the indexer's transaction, under its lock.
import type { Hex } from "viem";
import type { Queryable } from "../db/store.ts";
import { refreshPaymentFinality } from "./finality.ts";
import { forgetBlocksAbove } from "./indexedBlocks.ts";
import { replayPayments } from "./recordPaymentEvent.ts";
import { applySalesRollups } from "./salesRollups.ts";

export type Rollback = { ancestor: bigint; removedEvents: number; payments: Hex[] };

export async function rollBackLedger(db: Queryable, parameters: { cursorName: string; ancestor: bigint }): Promise<Rollback> {
  const { cursorName, ancestor } = parameters;
  await applySalesRollups(db, { aboveBlock: ancestor }, -1);
  const removed = await db.query<{ payment_id: Hex }>("DELETE FROM commerce_payment_events WHERE block_number > $1 RETURNING payment_id", [ancestor]);
  const payments = [...new Set(removed.map((row) => row.payment_id))];
  await replayPayments(db, payments);
  await refreshPaymentFinality(db, payments);
  await forgetBlocksAbove(db, cursorName, ancestor);
  await db.query(
    `INSERT INTO commerce_cursors (name, next_block, updated_at) VALUES ($1, $2, now())
     ON CONFLICT (name) DO UPDATE SET next_block = EXCLUDED.next_block, updated_at = now()`,
    [cursorName, ancestor + 1n],
  );
  return { ancestor, removedEvents: removed.length, payments };
}
