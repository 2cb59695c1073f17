// An audit period as a block range. A period given in time ([from, to), UTC instants) becomes the
// blocks whose timestamps fall inside it, found by binary search over block timestamps (they never
// decrease along the chain); a period given in blocks is taken as is. Both ends are reported with
// their hashes, so a report names exactly which chain it read.
import type { Client, Hex } from "viem";
import { getBlock } from "viem/actions";
import { InvalidPeriodError } from "./errors.ts";

export type AuditPeriod = {
  /** First instant of the period (inclusive). */
  from?: Date | undefined;
  /** End of the period (exclusive). */
  to?: Date | undefined;
  /** First block (inclusive); overrides `from`. */
  fromBlock?: bigint | undefined;
  /** Last block (inclusive); overrides `to`. */
  toBlock?: bigint | undefined;
};

/** `YYYY-MM-DD` (a UTC day) or an ISO instant with its offset. */
export const periodDatePattern = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/;

/** The first instant of a `from` value: the start of the UTC day, or the instant given. */
export function periodStart(value: string): Date {
  return new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
}

/** The end (exclusive) of a `to` value: the end of the UTC day (so the day is included), or the instant given. */
export function periodEnd(value: string): Date {
  const end = new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
  if (value.length === 10) end.setUTCDate(end.getUTCDate() + 1);
  return end;
}

/** Whether `value` is a valid `from`/`to` value. */
export function isPeriodDate(value: string): boolean {
  return periodDatePattern.test(value) && !Number.isNaN(periodStart(value).getTime());
}

export type BlockEnd = { number: bigint; hash: Hex; timestamp: bigint };

export type BlockRange = { from: BlockEnd; to: BlockEnd };

async function header(client: Client, blockNumber: bigint): Promise<BlockEnd> {
  const block = await getBlock(client, { blockNumber });
  return { number: block.number, hash: block.hash, timestamp: block.timestamp };
}

/** The first block whose timestamp is ≥ `timestamp` (seconds), or `head + 1` when there is none yet. */
export async function firstBlockAtOrAfter(client: Client, timestamp: bigint, head: BlockEnd, earliest = 0n): Promise<bigint> {
  if (head.timestamp < timestamp) return head.number + 1n;
  let low = earliest;
  let high = head.number;
  while (low < high) {
    const middle = (low + high) / 2n;
    if ((await header(client, middle)).timestamp >= timestamp) high = middle;
    else low = middle + 1n;
  }
  return low;
}

/**
 * The blocks of `period`, clamped to `[earliest, head]` (`earliest`: the deployment's first block;
 * `head`: the newest block the audit may read, e.g. the latest minus a confirmation depth).
 */
export async function resolveBlockRange(
  client: Client,
  period: AuditPeriod,
  bounds: { earliest: bigint; head?: bigint | undefined },
): Promise<BlockRange> {
  const head = await header(client, bounds.head ?? (await getBlock(client, { blockTag: "latest" })).number);
  const seconds = (date: Date) => BigInt(Math.floor(date.getTime() / 1000));
  let fromBlock =
    period.fromBlock ?? (period.from ? await firstBlockAtOrAfter(client, seconds(period.from), head, bounds.earliest) : bounds.earliest);
  let toBlock =
    period.toBlock ?? (period.to ? (await firstBlockAtOrAfter(client, seconds(period.to), head, bounds.earliest)) - 1n : head.number);
  if (fromBlock < bounds.earliest) fromBlock = bounds.earliest;
  if (toBlock > head.number) toBlock = head.number;
  if (fromBlock > toBlock) {
    throw new InvalidPeriodError({
      reason: `It starts at block ${fromBlock} and ends at block ${toBlock} (the deployment starts at ${bounds.earliest}, the newest block read is ${head.number}).`,
    });
  }
  const [from, to] = await Promise.all([header(client, fromBlock), toBlock === head.number ? head : header(client, toBlock)]);
  return { from, to };
}
