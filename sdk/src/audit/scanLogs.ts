// Reads logs straight from a node with eth_getLogs over a block range of any length, in adaptive
// steps: a step shrinks when the node refuses it ("too many results", "range too large", a size or
// time limit) or when an answer carries more logs than wanted, and grows again while answers are
// small. Nodes differ widely (a public RPC may cap a query at 1,000 blocks or 10,000 logs; a local
// node answers a million blocks at once), so no fixed step suits them all.
import { type Address, type Client, type Hex, type RpcLog, BaseError, ResponseBodyTooLargeError, numberToHex } from "viem";
import { LogRangeError } from "./errors.ts";

export type ScanLogsParameters = {
  /** Contracts whose logs are read (one eth_getLogs for all). */
  address: readonly Address[];
  /** eth_getLogs topic filter, e.g. `[[sigA, sigB]]` or `[null, paymentId]`. */
  topics?: readonly (Hex | readonly Hex[] | null)[] | undefined;
  fromBlock: bigint;
  toBlock: bigint;
  /** First step, in blocks (default 10; it doubles while answers are small, so a dense chain costs no oversized first answer). */
  initialStep?: bigint | undefined;
  /** Largest step (default 1,000,000 blocks). */
  maxStep?: bigint | undefined;
  /** Answers with more logs than this shrink the next step; under a quarter of it grow it (default 5,000: about 4 MB of JSON, well under viem's 10 MB answer limit). */
  targetLogs?: number | undefined;
};

export type ScannedRange = { fromBlock: bigint; toBlock: bigint; logs: RpcLog[] };

/** Whether a failed eth_getLogs is the node asking for a smaller query (rather than being down). */
export function isRangeRefusal(error: unknown): boolean {
  // The client's own limit on an answer's size (viem: 10 MB by default).
  if (error instanceof BaseError && error.walk((cause) => cause instanceof ResponseBodyTooLargeError) instanceof ResponseBodyTooLargeError) return true;
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

type Attempt = { fromBlock: bigint; toBlock: bigint; logs?: RpcLog[]; error?: unknown };

/** The next step after a refusal: what fits the client's size limit when it said how big the answer was, else half. */
function shrunk(span: bigint, error: unknown): bigint {
  const tooLarge = error instanceof BaseError ? error.walk((cause) => cause instanceof ResponseBodyTooLargeError) : undefined;
  if (tooLarge instanceof ResponseBodyTooLargeError && tooLarge.size > 0) {
    // Aim at half the limit: block density varies.
    return (span * BigInt(tooLarge.maxSize)) / BigInt(tooLarge.size) / 2n || 1n;
  }
  return span / 2n || 1n;
}

/**
 * Yields the logs of `address` in `[fromBlock, toBlock]`, range by range in block order, each range's
 * logs as the node returned them (ordered by block and log index). The next range is asked for before
 * the current one is handed over, so the node works while the caller decodes.
 */
export async function* scanLogs(client: Pick<Client, "request">, parameters: ScanLogsParameters): AsyncGenerator<ScannedRange> {
  const maxStep = parameters.maxStep ?? 1_000_000n;
  const targetLogs = parameters.targetLogs ?? 5_000;
  let step = parameters.initialStep ?? 10n;
  const attempt = (fromBlock: bigint): Promise<Attempt> => {
    const toBlock = fromBlock + step - 1n < parameters.toBlock ? fromBlock + step - 1n : parameters.toBlock;
    return client
      .request({
        method: "eth_getLogs",
        params: [
          {
            address: [...parameters.address],
            topics: parameters.topics ? ([...parameters.topics] as never) : undefined,
            fromBlock: numberToHex(fromBlock),
            toBlock: numberToHex(toBlock),
          },
        ],
      })
      .then(
        (logs) => ({ fromBlock, toBlock, logs: logs as RpcLog[] }),
        (error: unknown) => ({ fromBlock, toBlock, error }),
      );
  };
  if (parameters.fromBlock > parameters.toBlock) return;
  let pending = attempt(parameters.fromBlock);
  for (;;) {
    const { fromBlock, toBlock, logs, error } = await pending;
    const span = toBlock - fromBlock + 1n;
    if (!logs) {
      if (!isRangeRefusal(error)) throw error;
      if (span === 1n) throw new LogRangeError({ block: fromBlock, cause: error as Error });
      // Ask again from the same block for less.
      step = shrunk(span, error);
      pending = attempt(fromBlock);
      continue;
    }
    if (logs.length > targetLogs) {
      // Aim the next step at the target density.
      step = (span * BigInt(targetLogs)) / BigInt(logs.length) || 1n;
    } else if (logs.length < targetLogs / 4 && step < maxStep) {
      step = step * 2n > maxStep ? maxStep : step * 2n;
    }
    const more = toBlock < parameters.toBlock;
    if (more) pending = attempt(toBlock + 1n);
    yield { fromBlock, toBlock, logs };
    if (!more) return;
  }
}
