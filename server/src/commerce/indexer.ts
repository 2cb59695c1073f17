// Follows the escrow's payment events from the deployment's start block into the ledger.
//
// Each batch of blocks is recorded in one transaction together with the cursor (the next block
// to read) and the hashes of the blocks it read, so a restart resumes where the last committed
// batch ended and an event is never counted twice (events are also keyed by transaction hash
// and log index). An advisory lock lets several relayers share one database: one of them
// records a batch, the others skip it.
//
// Reorganisations: before reading on, the indexer checks that the next block's parent is the
// block it recorded last. If not, it finds the highest recorded block the chain still has (the
// common ancestor, at any depth), rolls the ledger back to it and reads the new chain from
// there. Within a batch, each block holding events must have the hash its logs carry and the
// batch's last block must be the same before and after the logs are read; otherwise the batch
// is read again. Rows start `pending` and become `safe` and `finalized` as the chain moves on.
import type { Address, Hex, Log, PublicClient } from "viem";
import type { Store } from "../db/store.ts";
import { BaseError } from "../errors/base.ts";
import type { Logger } from "../logger.ts";
import { createPollingLoop } from "../pollingLoop.ts";
import { finalityHeights, updateFinality, type FinalityRule } from "./finality.ts";
import { findCommonAncestor, pruneBlocks, readHeader, storeBlocks, storedBlock, type BlockHeader } from "./indexedBlocks.ts";
import { userOpHashAfter } from "@paykey/sdk/commerce";
import { decodePaymentLogs, paymentEventsAbi, type IndexedPaymentEvent } from "./paymentEvents.ts";
import { recordPaymentEvent } from "./recordPaymentEvent.ts";
import { rollBackLedger, type Rollback } from "./rollback.ts";
import { applySalesRollups } from "./salesRollups.ts";

export type PaymentIndexerParameters = {
  store: Store;
  client: PublicClient;
  escrow: Address;
  entryPoint: Address;
  /** Where to start when there is no cursor yet (the deployment's first block). */
  startBlock: bigint;
  pollIntervalMs: number;
  logger: Logger;
  /** Most blocks read per batch (eth_getLogs range). */
  maxBlockRange?: bigint;
  /** Blocks on top of a block before its events are indexed (0: index up to the latest block). */
  confirmations?: bigint;
  /** How rows become safe and finalized (default: the chain's `safe` and `finalized` blocks). */
  finality?: FinalityRule;
};

export type IndexedBatch = {
  fromBlock: bigint;
  toBlock: bigint;
  latestBlock: bigint;
  recorded: number;
  skipped: number;
  /** Set when this run found a reorganisation and rolled the ledger back instead of reading on. */
  rolledBack?: Rollback;
};

export type PaymentIndexer = {
  /** Reads and records the next batch of blocks (or rolls back a reorganisation); undefined when there is no new block. */
  runOnce(): Promise<IndexedBatch | undefined>;
  start(): void;
  stop(): Promise<void>;
  readonly cursorName: string;
};

/** The chain changed while a batch was being read; the batch is read again. */
export class ChainMovedError extends BaseError {
  constructor(block: bigint) {
    super(`Block ${block} changed while its batch was read.`, { name: "ChainMovedError" });
  }
}

/** Runs `fn` over `items` with at most `limit` calls in flight. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** The advisory lock the indexer holds while it writes the ledger (others that rewrite ledger rows take it too). */
export function indexerLockKey(escrow: Address): string {
  return `paykey.commerce.escrow:${escrow.toLowerCase()}`;
}

export async function readCursor(db: Pick<Store, "query">, name: string): Promise<bigint | undefined> {
  const [row] = await db.query<{ next_block: string }>("SELECT next_block FROM commerce_cursors WHERE name = $1", [name]);
  return row ? BigInt(row.next_block) : undefined;
}

const byPosition = (a: IndexedPaymentEvent, b: IndexedPaymentEvent) =>
  a.blockNumber === b.blockNumber ? a.logIndex - b.logIndex : a.blockNumber < b.blockNumber ? -1 : 1;

export function createPaymentIndexer(parameters: PaymentIndexerParameters): PaymentIndexer {
  const { store, client, escrow, entryPoint, logger, startBlock } = parameters;
  const maxBlockRange = parameters.maxBlockRange ?? 2_000n;
  const confirmations = parameters.confirmations ?? 0n;
  const finality = parameters.finality ?? { mode: "tags" };
  const cursorName = `escrow:${escrow.toLowerCase()}`;
  const lockKey = indexerLockKey(escrow);

  /** The batch's events with block time and user operation, and the headers of their blocks. */
  async function readBatch(fromBlock: bigint, toBlock: bigint): Promise<{ events: IndexedPaymentEvent[]; headers: BlockHeader[] }> {
    const last = await readHeader(client, toBlock);
    if (!last) throw new ChainMovedError(toBlock);
    const logs = await client.getLogs({ address: escrow, events: paymentEventsAbi, fromBlock, toBlock, strict: true });
    const decoded = decodePaymentLogs(logs as Log[]);
    const blockNumbers = [...new Set(decoded.map((event) => event.blockNumber))].filter((number) => number !== toBlock);
    const transactions = [...new Set(decoded.map((event) => event.transactionHash))];
    const [headers, receipts, lastAgain] = await Promise.all([
      mapLimit(blockNumbers, 8, (number) => readHeader(client, number)),
      mapLimit(transactions, 8, async (hash) => [hash, (await client.getTransactionReceipt({ hash })).logs] as const),
      readHeader(client, toBlock),
    ]);
    // Check: the logs, their blocks and the batch's last block all belong to one chain.
    if (lastAgain?.hash !== last.hash) throw new ChainMovedError(toBlock);
    const headerOf = new Map<bigint, BlockHeader>([[toBlock, last]]);
    for (const header of headers) if (header) headerOf.set(header.number, header);
    for (const event of decoded) {
      if (headerOf.get(event.blockNumber)?.hash !== event.blockHash) throw new ChainMovedError(event.blockNumber);
    }
    const logsOf = new Map<Hex, Log[]>(receipts);
    const events = decoded
      .map((event) => ({
        ...event,
        timestamp: new Date(Number(headerOf.get(event.blockNumber)!.timestamp) * 1000),
        userOpHash: userOpHashAfter(logsOf.get(event.transactionHash)!, entryPoint, event.logIndex),
      }))
      .sort(byPosition);
    return { events, headers: [...headerOf.values()] };
  }

  /** Whether the block recorded last is still the chain's: the next block's parent, or the block itself at the head. */
  async function stillOnChain(cursor: bigint, head: bigint): Promise<boolean> {
    if (cursor <= startBlock) return true;
    const tip = await storedBlock(store, cursorName, cursor - 1n);
    if (!tip) return true;
    if (cursor <= head) return (await readHeader(client, cursor))?.parentHash === tip.hash;
    return (await readHeader(client, tip.number))?.hash === tip.hash;
  }

  async function rollBack(cursor: bigint, latest: bigint): Promise<IndexedBatch> {
    const ancestor = await findCommonAncestor(store, client, { cursorName, below: cursor, startBlock });
    return store.transaction(async (tx) => {
      await tx.query("SELECT pg_advisory_xact_lock(hashtext($1))", [lockKey]);
      const skipped = { fromBlock: ancestor + 1n, toBlock: cursor - 1n, latestBlock: latest, recorded: 0, skipped: 0 };
      if (((await readCursor(tx, cursorName)) ?? startBlock) !== cursor) return skipped;
      const rolledBack = await rollBackLedger(tx, { cursorName, ancestor });
      logger.warn({ escrow, ancestor: ancestor.toString(), depth: (cursor - 1n - ancestor).toString(), removedEvents: rolledBack.removedEvents }, "payment indexer: chain reorganised; ledger rolled back");
      return { ...skipped, rolledBack };
    });
  }

  async function refreshFinality(head: bigint): Promise<void> {
    const heights = await finalityHeights(client, finality, head);
    await store.transaction(async (tx) => {
      await tx.query("SELECT pg_advisory_xact_lock(hashtext($1))", [lockKey]);
      await updateFinality(tx, heights);
    });
  }

  async function runOnce(): Promise<IndexedBatch | undefined> {
    const fromBlock = (await readCursor(store, cursorName)) ?? startBlock;
    const head = await client.getBlockNumber({ cacheTime: 0 });
    // The newest block with enough blocks on top of it: shallower reorgs never reach the index.
    const latest = head - confirmations;
    if (!(await stillOnChain(fromBlock, head))) return rollBack(fromBlock, latest);
    if (fromBlock > latest) {
      await refreshFinality(head);
      return undefined;
    }
    const toBlock = latest - fromBlock + 1n > maxBlockRange ? fromBlock + maxBlockRange - 1n : latest;
    const { events, headers } = await readBatch(fromBlock, toBlock);
    const heights = await finalityHeights(client, finality, head);

    return store.transaction(async (tx) => {
      await tx.query("SELECT pg_advisory_xact_lock(hashtext($1))", [lockKey]);
      // Another relayer may have recorded this batch meanwhile: then leave it alone.
      const cursor = (await readCursor(tx, cursorName)) ?? startBlock;
      if (cursor !== fromBlock) return { fromBlock, toBlock, latestBlock: latest, recorded: 0, skipped: events.length };
      const recorded: IndexedPaymentEvent[] = [];
      for (const event of events) if (await recordPaymentEvent(tx, event)) recorded.push(event);
      await applySalesRollups(tx, { keys: recorded }, 1);
      await storeBlocks(tx, cursorName, headers, new Set(events.map((event) => event.blockNumber)));
      await tx.query(
        `INSERT INTO commerce_cursors (name, next_block, updated_at) VALUES ($1, $2, now())
         ON CONFLICT (name) DO UPDATE SET next_block = EXCLUDED.next_block, updated_at = now()`,
        [cursorName, toBlock + 1n],
      );
      await updateFinality(tx, heights);
      await pruneBlocks(tx, cursorName, heights.finalized);
      return { fromBlock, toBlock, latestBlock: latest, recorded: recorded.length, skipped: events.length - recorded.length };
    });
  }

  const loop = createPollingLoop({
    pollMs: parameters.pollIntervalMs,
    // Catch up batch by batch (re-reading after a rollback), then wait for new blocks.
    async round(isRunning) {
      let batch: IndexedBatch | undefined;
      do batch = await runOnce();
      while (isRunning() && batch && (batch.rolledBack !== undefined || batch.toBlock < batch.latestBlock));
      return false;
    },
    onError(error) {
      if (error instanceof ChainMovedError) logger.debug({ err: error, escrow }, "payment indexer: the chain moved during a batch; reading it again");
      else logger.warn({ err: error, escrow }, "payment indexer: batch failed; retrying");
    },
  });

  return { cursorName, runOnce, start: loop.start, stop: loop.stop };
}
