// Follows the escrow's payment events from the deployment's start block into SQL. Each batch
// of blocks is recorded in one transaction together with the cursor (the next block to read),
// so a restart resumes where the last committed batch ended and an event is never counted
// twice (events are also keyed by transaction hash and log index). An advisory lock lets
// several relayers share one database: one of them records a batch, the others skip it.
import type { Address, Hex, Log, PublicClient } from "viem";
import type { Store } from "../db/store.ts";
import type { Logger } from "../logger.ts";
import { decodePaymentLogs, paymentEventsAbi, recordPaymentEvent, userOpHashOf, type IndexedPaymentEvent } from "./paymentEvents.ts";

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
};

export type IndexedBatch = { fromBlock: bigint; toBlock: bigint; latestBlock: bigint; recorded: number; skipped: number };

export type PaymentIndexer = {
  /** Reads and records the next batch of blocks; undefined when there is no new block. */
  runOnce(): Promise<IndexedBatch | undefined>;
  start(): void;
  stop(): Promise<void>;
  readonly cursorName: string;
};

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

export async function readCursor(db: Pick<Store, "query">, name: string): Promise<bigint | undefined> {
  const [row] = await db.query<{ next_block: string }>("SELECT next_block FROM commerce_cursors WHERE name = $1", [name]);
  return row ? BigInt(row.next_block) : undefined;
}

export function createPaymentIndexer(parameters: PaymentIndexerParameters): PaymentIndexer {
  const { store, client, escrow, entryPoint, logger } = parameters;
  const maxBlockRange = parameters.maxBlockRange ?? 2_000n;
  const confirmations = parameters.confirmations ?? 0n;
  const cursorName = `escrow:${escrow.toLowerCase()}`;

  async function complete(decoded: ReturnType<typeof decodePaymentLogs>): Promise<IndexedPaymentEvent[]> {
    const transactions = [...new Set(decoded.map((event) => event.transactionHash))];
    const blocks = [...new Set(decoded.map((event) => event.blockNumber))];
    const [receipts, timestamps] = await Promise.all([
      mapLimit(transactions, 8, async (hash) => [hash, (await client.getTransactionReceipt({ hash })).logs] as const),
      mapLimit(blocks, 8, async (blockNumber) => [blockNumber, (await client.getBlock({ blockNumber })).timestamp] as const),
    ]);
    const logsOf = new Map<Hex, Log[]>(receipts);
    const timeOf = new Map<bigint, bigint>(timestamps);
    return decoded.map((event) => ({
      ...event,
      timestamp: new Date(Number(timeOf.get(event.blockNumber)!) * 1000),
      userOpHash: userOpHashOf(logsOf.get(event.transactionHash)!, entryPoint, event.logIndex),
    }));
  }

  async function runOnce(): Promise<IndexedBatch | undefined> {
    const fromBlock = (await readCursor(store, cursorName)) ?? parameters.startBlock;
    // The newest block with enough blocks on top of it: shallower reorgs never reach the index.
    const latest = (await client.getBlockNumber({ cacheTime: 0 })) - confirmations;
    if (fromBlock > latest) return undefined;
    const toBlock = latest - fromBlock + 1n > maxBlockRange ? fromBlock + maxBlockRange - 1n : latest;

    const logs = await client.getLogs({ address: escrow, events: paymentEventsAbi, fromBlock, toBlock, strict: true });
    const events = await complete(decodePaymentLogs(logs as Log[]));
    events.sort((a, b) => (a.blockNumber === b.blockNumber ? a.logIndex - b.logIndex : a.blockNumber < b.blockNumber ? -1 : 1));

    return store.transaction(async (tx) => {
      await tx.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`paykey.commerce.${cursorName}`]);
      // Another relayer may have recorded this batch meanwhile: then leave it alone.
      const cursor = (await readCursor(tx, cursorName)) ?? parameters.startBlock;
      if (cursor !== fromBlock) return { fromBlock, toBlock, latestBlock: latest, recorded: 0, skipped: events.length };
      let recorded = 0;
      for (const event of events) if (await recordPaymentEvent(tx, event)) recorded++;
      await tx.query(
        `INSERT INTO commerce_cursors (name, next_block, updated_at) VALUES ($1, $2, now())
         ON CONFLICT (name) DO UPDATE SET next_block = EXCLUDED.next_block, updated_at = now()`,
        [cursorName, toBlock + 1n],
      );
      return { fromBlock, toBlock, latestBlock: latest, recorded, skipped: events.length - recorded };
    });
  }

  let running = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> | undefined;

  const loop = async () => {
    try {
      // Catch up batch by batch, then wait for new blocks.
      let batch: IndexedBatch | undefined;
      do batch = await runOnce();
      while (running && batch && batch.toBlock < batch.latestBlock);
    } catch (error) {
      logger.warn({ err: error, escrow }, "payment indexer: batch failed; retrying");
    }
    if (running) timer = setTimeout(() => (current = loop()), parameters.pollIntervalMs);
  };

  return {
    cursorName,
    runOnce,
    start() {
      if (running) return;
      running = true;
      current = loop();
    },
    async stop() {
      running = false;
      clearTimeout(timer);
      await current;
    },
  };
}
