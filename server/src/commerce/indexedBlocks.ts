// The blocks the payment indexer recorded, by hash: those holding escrow events and the last
// block of each batch. A reorganisation shows as a block whose parent hash is not the hash
// recorded for the block before it; the common ancestor is the highest recorded block the
// chain still has, whatever the depth.
import { BlockNotFoundError, type Hex, type PublicClient } from "viem";
import type { Queryable } from "../db/store.ts";

export type BlockHeader = { number: bigint; hash: Hex; parentHash: Hex; timestamp: bigint };

/** The chain's block at `number`, or undefined when the chain is not that long (any more). */
export async function readHeader(client: PublicClient, number: bigint): Promise<BlockHeader | undefined> {
  try {
    const block = await client.getBlock({ blockNumber: number });
    return { number, hash: block.hash.toLowerCase() as Hex, parentHash: block.parentHash.toLowerCase() as Hex, timestamp: block.timestamp };
  } catch (error) {
    if (error instanceof BlockNotFoundError) return undefined;
    throw error;
  }
}

export async function storedBlock(db: Queryable, cursorName: string, number: bigint): Promise<BlockHeader | undefined> {
  const [row] = await db.query<{ block_hash: Hex; parent_hash: Hex; block_timestamp: Date }>(
    "SELECT block_hash, parent_hash, block_timestamp FROM commerce_indexed_blocks WHERE cursor_name = $1 AND block_number = $2",
    [cursorName, number],
  );
  return row && { number, hash: row.block_hash, parentHash: row.parent_hash, timestamp: BigInt(row.block_timestamp.getTime() / 1000) };
}

/** Records `headers` (`withEvents`: the block numbers that hold recorded events). */
export async function storeBlocks(db: Queryable, cursorName: string, headers: readonly BlockHeader[], withEvents: ReadonlySet<bigint>): Promise<void> {
  for (const header of headers) {
    await db.query(
      `INSERT INTO commerce_indexed_blocks (cursor_name, block_number, block_hash, parent_hash, block_timestamp, has_events)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (cursor_name, block_number) DO UPDATE
         SET block_hash = EXCLUDED.block_hash, parent_hash = EXCLUDED.parent_hash, block_timestamp = EXCLUDED.block_timestamp,
             has_events = commerce_indexed_blocks.has_events OR EXCLUDED.has_events`,
      [cursorName, header.number, header.hash, header.parentHash, new Date(Number(header.timestamp) * 1000), withEvents.has(header.number)],
    );
  }
}

/**
 * The highest recorded block below `below` whose hash the chain still has; `startBlock - 1`
 * (index everything again) when none is left. Checks recorded blocks newest first, a few at a
 * time.
 */
export async function findCommonAncestor(
  db: Queryable,
  client: PublicClient,
  parameters: { cursorName: string; below: bigint; startBlock: bigint },
): Promise<bigint> {
  const rows = await db.query<{ block_number: string; block_hash: Hex }>(
    "SELECT block_number, block_hash FROM commerce_indexed_blocks WHERE cursor_name = $1 AND block_number < $2 ORDER BY block_number DESC",
    [parameters.cursorName, parameters.below],
  );
  for (let index = 0; index < rows.length; index += 8) {
    const chunk = rows.slice(index, index + 8);
    const onChain = await Promise.all(chunk.map((row) => readHeader(client, BigInt(row.block_number))));
    const match = chunk.find((row, position) => onChain[position]?.hash === row.block_hash);
    if (match) return BigInt(match.block_number);
  }
  return parameters.startBlock - 1n;
}

/** Forgets batch-end blocks that are final (no reorg reaches them), keeping the newest one. */
export async function pruneBlocks(db: Queryable, cursorName: string, finalized: bigint): Promise<void> {
  await db.query(
    `DELETE FROM commerce_indexed_blocks
      WHERE cursor_name = $1 AND NOT has_events AND block_number < $2
        AND block_number < (SELECT max(block_number) FROM commerce_indexed_blocks WHERE cursor_name = $1)`,
    [cursorName, finalized],
  );
}

/** Forgets every recorded block above `ancestor` (they are no longer the chain's). */
export async function forgetBlocksAbove(db: Queryable, cursorName: string, ancestor: bigint): Promise<void> {
  await db.query("DELETE FROM commerce_indexed_blocks WHERE cursor_name = $1 AND block_number > $2", [cursorName, ancestor]);
}
