// A contract whose logs the audit reads. The escrow is one; the FX router plugs in as another: each
// source names its address and event selectors (all sources are read with one eth_getLogs per range)
// and turns its raw logs into records the books are rebuilt from.
import type { Address, Hex, RpcLog } from "viem";

/** Where a log sits on the chain (lowercase hashes). */
export type LogPosition = { transactionHash: Hex; logIndex: number; blockNumber: bigint; blockHash: Hex };

export type AuditLogSource<R extends { source: string } = { source: string }> = {
  /** Name of the source, also the `source` field of its records. */
  readonly name: string;
  readonly address: Address;
  /** topic0 of the events the scan asks for. */
  readonly topics: readonly Hex[];
  /** The record of `log`, or undefined for an event this source ignores. */
  decode(log: RpcLog): R | undefined;
};

/** Orders two positions by block, then log index. */
export function compareLogPositions(a: LogPosition, b: LogPosition): number {
  return a.blockNumber === b.blockNumber ? a.logIndex - b.logIndex : a.blockNumber < b.blockNumber ? -1 : 1;
}
