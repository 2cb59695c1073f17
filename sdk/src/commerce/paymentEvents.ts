// The escrow's payment events as the relayer's indexer and the receipt page both read them:
// which event is which step, and which ERC-4337 user operation made the call. Shared so the
// receipt the browser rebuilds from the chain and the indexed ledger cannot drift apart.
// Browser-safe: no DOM, no Node APIs.
import { type Address, type Hex, type Log, parseEventLogs } from "viem";
import { entryPointAbi } from "../generated/contracts.ts";

export type PaymentEventKind = "authorized" | "captured" | "voided" | "reclaimed" | "refunded";

/** Escrow event name → payment step. */
export const paymentEventKinds = {
  PaymentAuthorized: "authorized",
  PaymentCaptured: "captured",
  PaymentVoided: "voided",
  PaymentReclaimed: "reclaimed",
  PaymentRefunded: "refunded",
} as const satisfies Record<string, PaymentEventKind>;

export type PaymentEventName = keyof typeof paymentEventKinds;

export const paymentEventNames = Object.keys(paymentEventKinds) as PaymentEventName[];

/**
 * The user operation whose execution emitted the log at `logIndex`: the EntryPoint emits each
 * operation's UserOperationEvent right after running its calls, so it is the first
 * UserOperationEvent after the log in the same transaction. (The sender is not compared with
 * the payer: an EIP-3009 authorization may be submitted by any account.) Null when the
 * transaction carried no user operation after the log (a plain transaction).
 */
export function userOpHashAfter(receiptLogs: readonly Log[], entryPoint: Address, logIndex: number): Hex | null {
  const next = userOperationEventsOf(receiptLogs, entryPoint).find((event) => event.logIndex > logIndex);
  return next ? next.userOpHash : null;
}

/** A receipt's UserOperationEvents by log index, parsed once per receipt (a bundle's events each ask). */
const parsedUserOperationEvents = new WeakMap<readonly Log[], Map<string, { logIndex: number; userOpHash: Hex }[]>>();

function userOperationEventsOf(receiptLogs: readonly Log[], entryPoint: Address): { logIndex: number; userOpHash: Hex }[] {
  let byEntryPoint = parsedUserOperationEvents.get(receiptLogs);
  if (!byEntryPoint) {
    byEntryPoint = new Map();
    parsedUserOperationEvents.set(receiptLogs, byEntryPoint);
  }
  const key = entryPoint.toLowerCase();
  let events = byEntryPoint.get(key);
  if (!events) {
    events = parseEventLogs({
      abi: entryPointAbi,
      eventName: "UserOperationEvent",
      logs: receiptLogs.filter((log) => log.address.toLowerCase() === key) as Log[],
      strict: true,
    })
      .map((event) => ({ logIndex: event.logIndex!, userOpHash: event.args.userOpHash.toLowerCase() as Hex }))
      .sort((a, b) => a.logIndex - b.logIndex);
    byEntryPoint.set(key, events);
  }
  return events;
}
