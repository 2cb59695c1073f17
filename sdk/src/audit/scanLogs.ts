// Reads logs straight from a node with eth_getLogs over a block range of any length, in adaptive
// steps: a step shrinks when the node refuses it ("too many results", "range too large", a size or
// time limit) or when an answer carries more logs than wanted, and grows again while answers are
// small. Nodes differ widely (a public RPC may cap a query at 1,000 blocks or 10,000 logs; a local
// node answers a million blocks at once), so no fixed step suits them all.
import { type Address, type Client, type Hex, type RpcLog, BaseError, numberToHex } from "viem";
import { LogRangeError } from "./errors.ts";

export type ScanLogsParameters = {
  /** Contracts whose logs are read (one eth_getLogs for all). */
  address: readonly Address[];
  /** eth_getLogs topic filter, e.g. `[[sigA, sigB]]` or `[null, paymentId]`. */
  topics?: readonly (Hex | readonly Hex[] | null)[] | undefined;
  fromBlock: bigint;
  toBlock: bigint;
  /** First step, in blocks (default 10,000). */
  initialStep?: bigint | undefined;
  /** Largest step (default 1,000,000 blocks). */
  maxStep?: bigint | undefined;
  /** Answers with more logs than this shrink the next step; under a quarter of it grow it (default 10,000). */
  targetLogs?: number | undefined;
};

export type ScannedRange = { fromBlock: bigint; toBlock: bigint; logs: RpcLog[] };

/** Whether a failed eth_getLogs is the node asking for a smaller query (rather than being down). */
export function isRangeRefusal(error: unknown): boolean {
  const messages: string[] = [];
  const codes: unknown[] = [];
  if (error instanceof BaseError) {
    error.walk((cause) => {
      if (cause instanceof Error) messages.push(cause.message);
      codes.push((cause as { code?: unknown }).code, (cause as { status?: unknown }).status);
      return false;
    });
  } else if (error instanceof Error) messages.push(error.message);
  // -32005: "limit exceeded" (EIP-1474), used by most providers for oversized log queries; 413: body too large.
  if (codes.includes(-32005) || codes.includes(413)) return true;
  return /too many|more than \d+|range|limit|exceed|too large|size|timeout|timed out|took too long|10,?000/i.test(messages.join(" "));
}

/**
 * Yields the logs of `address` in `[fromBlock, toBlock]`, range by range in block order, each range's
 * logs as the node returned them (ordered by block and log index).
 */
export async function* scanLogs(client: Pick<Client, "request">, parameters: ScanLogsParameters): AsyncGenerator<ScannedRange> {
  const maxStep = parameters.maxStep ?? 1_000_000n;
  const targetLogs = parameters.targetLogs ?? 10_000;
  let step = parameters.initialStep ?? 10_000n;
  let from = parameters.fromBlock;
  while (from <= parameters.toBlock) {
    const to = from + step - 1n < parameters.toBlock ? from + step - 1n : parameters.toBlock;
    let logs: RpcLog[];
    try {
      logs = (await client.request({
        method: "eth_getLogs",
        params: [
          {
            address: [...parameters.address],
            topics: parameters.topics ? ([...parameters.topics] as never) : undefined,
            fromBlock: numberToHex(from),
            toBlock: numberToHex(to),
          },
        ],
      })) as RpcLog[];
    } catch (error) {
      if (!isRangeRefusal(error)) throw error;
      if (to === from) throw new LogRangeError({ block: from, cause: error as Error });
      // Halve the range and try again from the same block.
      step = (to - from + 1n) / 2n || 1n;
      continue;
    }
    yield { fromBlock: from, toBlock: to, logs };
    const span = to - from + 1n;
    from = to + 1n;
    if (logs.length > targetLogs) {
      // Aim the next step at the target density.
      step = (span * BigInt(targetLogs)) / BigInt(logs.length) || 1n;
    } else if (logs.length < targetLogs / 4 && step < maxStep) {
      step = step * 2n > maxStep ? maxStep : step * 2n;
    }
  }
}
