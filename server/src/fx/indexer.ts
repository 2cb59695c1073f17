// Follows the FxRouter's Converted events into fx_conversions, with its own cursor (fx_cursors), so it
// runs beside the payment indexer without sharing its batches. Reorg-safe the same way: only blocks with
// INDEXER_CONFIRMATIONS blocks on top are read (a shallower reorg never reaches the index), each batch is
// recorded in one transaction with the cursor, rows are keyed by transaction hash and log index, and an
// advisory lock lets several relayers share one database (one records a batch, the others skip it).
import { type Address, type Hex, type Log, type PublicClient, getAbiItem } from "viem";
import { iFxRouterAbi } from "@paykey/sdk/contracts";
import { userOpHashAfter } from "@paykey/sdk/commerce";
import type { Queryable, Store } from "../db/store.ts";
import type { Logger } from "../logger.ts";
import { createPollingLoop } from "../pollingLoop.ts";
import { type IndexedConversion, decodeConversionLogs, recordConversion } from "./conversions.ts";

export type ConversionIndexerParameters = {
  store: Store;
  client: PublicClient;
  router: Address;
  entryPoint: Address;
  /** Where to start when there is no cursor yet (the deployment's first block). */
  startBlock: bigint;
  pollIntervalMs: number;
  logger: Logger;
  /** Blocks on top of a block before its events are indexed (0: up to the latest block). */
  confirmations: bigint;
  /** Most blocks read per batch (eth_getLogs range). */
  maxBlockRange?: bigint;
};

export type ConversionBatch = { fromBlock: bigint; toBlock: bigint; latestBlock: bigint; recorded: number };

export type ConversionIndexer = {
  /** Reads and records the next batch of blocks; undefined when there is no new block. */
  runOnce(): Promise<ConversionBatch | undefined>;
  start(): void;
  stop(): Promise<void>;
  readonly cursorName: string;
};

const convertedEvent = getAbiItem({ abi: iFxRouterAbi, name: "Converted" });

export async function readFxCursor(db: Queryable, name: string): Promise<bigint | undefined> {
  const [row] = await db.query<{ next_block: string }>("SELECT next_block FROM fx_cursors WHERE name = $1", [name]);
  return row ? BigInt(row.next_block) : undefined;
}

export function createConversionIndexer(parameters: ConversionIndexerParameters): ConversionIndexer {
  const { store, client, router, entryPoint, logger, confirmations } = parameters;
  const maxBlockRange = parameters.maxBlockRange ?? 2_000n;
  const cursorName = `fx:${router.toLowerCase()}`;

  /** Adds each conversion's block time and user operation (from its transaction's receipt). */
  async function complete(logs: Log[]): Promise<IndexedConversion[]> {
    const decoded = decodeConversionLogs(logs);
    const receipts = new Map<Hex, Promise<Log[]>>();
    const times = new Map<bigint, Promise<bigint>>();
    for (const event of decoded) {
      if (!receipts.has(event.transactionHash)) {
        receipts.set(event.transactionHash, client.getTransactionReceipt({ hash: event.transactionHash }).then((receipt) => receipt.logs));
      }
      if (!times.has(event.blockNumber)) {
        times.set(event.blockNumber, client.getBlock({ blockNumber: event.blockNumber }).then((block) => block.timestamp));
      }
    }
    return Promise.all(
      decoded.map(async (event) => ({
        ...event,
        timestamp: new Date(Number(await times.get(event.blockNumber)!) * 1000),
        userOpHash: userOpHashAfter(await receipts.get(event.transactionHash)!, entryPoint, event.logIndex),
      })),
    );
  }

  async function runOnce(): Promise<ConversionBatch | undefined> {
    const fromBlock = (await readFxCursor(store, cursorName)) ?? parameters.startBlock;
    const latest = (await client.getBlockNumber({ cacheTime: 0 })) - confirmations;
    if (fromBlock > latest) return undefined;
    const toBlock = latest - fromBlock + 1n > maxBlockRange ? fromBlock + maxBlockRange - 1n : latest;
    const logs = await client.getLogs({ address: router, event: convertedEvent, fromBlock, toBlock, strict: true });
    const conversions = await complete(logs as Log[]);

    return store.transaction(async (tx) => {
      await tx.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`paykey.fx.${cursorName}`]);
      // Another relayer may have recorded this batch meanwhile: then leave it alone.
      if (((await readFxCursor(tx, cursorName)) ?? parameters.startBlock) !== fromBlock) {
        return { fromBlock, toBlock, latestBlock: latest, recorded: 0 };
      }
      let recorded = 0;
      for (const conversion of conversions) if (await recordConversion(tx, conversion)) recorded++;
      await tx.query(
        `INSERT INTO fx_cursors (name, next_block, updated_at) VALUES ($1, $2, now())
         ON CONFLICT (name) DO UPDATE SET next_block = EXCLUDED.next_block, updated_at = now()`,
        [cursorName, (toBlock + 1n).toString()],
      );
      return { fromBlock, toBlock, latestBlock: latest, recorded };
    });
  }

  const loop = createPollingLoop({
    pollMs: parameters.pollIntervalMs,
    // Catch up batch by batch, then wait for new blocks.
    async round(isRunning) {
      let batch: ConversionBatch | undefined;
      do batch = await runOnce();
      while (isRunning() && batch && batch.toBlock < batch.latestBlock);
      return false;
    },
    onError(error) {
      logger.warn({ err: error, router }, "fx indexer: batch failed; retrying");
    },
  });

  return { cursorName, runOnce, start: loop.start, stop: loop.stop };
}
