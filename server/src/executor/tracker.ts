// What this relayer instance knows of the operations it handles, kept in memory so that
// clients polling for a receipt (several times a second each) do not each cost a database
// query and a chain call. The outbox stays the source of truth:
//   - every state this instance writes (accepted, bundled, included, failed) is remembered
//     at once, so its own answers are never behind its own writes;
//   - an included operation is final and is answered from memory;
//   - any other state is answered from memory for at most `staleMs`, then read again from the
//     database, so a change made by another instance shows within that time — while other
//     instances share the database (`shared`); alone, this instance's memory is the outbox's
//     state (an operation it does not remember, e.g. after a restart, is read once);
//   - the transaction receipt of a bundle is kept once for all its operations;
//   - a client may wait for an operation's next change instead of polling (`changed`): woken
//     by this instance's own writes at once, and re-checked on a short clock for the others'.
import type { Hex, PublicClient, RpcTransactionReceipt } from "viem";
import type { Queryable } from "../db/store.ts";
import { transactionReceipt } from "./inclusion.ts";
import { findOperation, type OutboxOperation } from "./outbox.ts";

export type OperationTracker = {
  /** The operation as the outbox has it (possibly `staleMs` old unless included), or undefined. */
  find(hash: Hex): Promise<OutboxOperation | undefined>;
  /** This instance wrote the operation's state. */
  remember(op: OutboxOperation): void;
  /** This instance changed the operation in a way it does not track in detail: read it again next time. */
  forget(hashes: readonly Hex[]): void;
  /** A bundle transaction's receipt, from memory or the chain. */
  receipt(transactionHash: Hex): Promise<RpcTransactionReceipt | null>;
  rememberReceipt(receipt: RpcTransactionReceipt): void;
  /**
   * Resolves when this instance next writes or forgets the operation ("changed"), after `ms`
   * ("timeout"), or when the tracker closes ("closed"), whichever comes first.
   */
  changed(hash: Hex, ms: number): Promise<"changed" | "timeout" | "closed">;
  /** Ends every wait (the relayer stops); later waits end at once. */
  close(): void;
};

type Entry = { op: OutboxOperation; checkedAt: number };

export function createOperationTracker(parameters: {
  db: Queryable;
  client: PublicClient;
  staleMs?: number;
  /** Whether other instances may change the outbox (default: yes). */
  shared?: () => boolean;
  maxOperations?: number;
  maxReceipts?: number;
}): OperationTracker {
  const { db, client } = parameters;
  const staleMs = parameters.staleMs ?? 1_000;
  const shared = parameters.shared ?? (() => true);
  const maxOperations = parameters.maxOperations ?? 50_000;
  const maxReceipts = parameters.maxReceipts ?? 256;
  const operations = new Map<string, Entry>();
  const receipts = new Map<string, RpcTransactionReceipt>();

  // Maps iterate in insertion order: re-inserting on write keeps the oldest first for eviction.
  const bounded = <V>(map: Map<string, V>, key: string, value: V, max: number) => {
    map.delete(key);
    map.set(key, value);
    if (map.size > max) map.delete(map.keys().next().value!);
  };
  type Outcome = "changed" | "timeout" | "closed";
  const waiters = new Map<string, Set<(outcome: Outcome) => void>>();
  let closed = false;
  const wake = (key: string) => {
    const waiting = waiters.get(key);
    if (!waiting) return;
    waiters.delete(key);
    for (const resolve of waiting) resolve("changed");
  };
  const remember = (op: OutboxOperation) => {
    bounded(operations, op.hash.toLowerCase(), { op, checkedAt: Date.now() }, maxOperations);
    wake(op.hash.toLowerCase());
  };

  return {
    async find(hash) {
      const key = hash.toLowerCase();
      const entry = operations.get(key);
      if (entry && (entry.op.status === "included" || !shared() || Date.now() - entry.checkedAt < staleMs)) return entry.op;
      const op = await findOperation(db, hash);
      if (op) remember(op);
      else operations.delete(key);
      return op;
    },
    remember,
    forget(hashes) {
      for (const hash of hashes) {
        operations.delete(hash.toLowerCase());
        wake(hash.toLowerCase());
      }
    },
    async receipt(transactionHash) {
      const cached = receipts.get(transactionHash.toLowerCase());
      if (cached) return cached;
      const receipt = await transactionReceipt(client, transactionHash);
      if (receipt) bounded(receipts, transactionHash.toLowerCase(), receipt, maxReceipts);
      return receipt;
    },
    rememberReceipt(receipt) {
      bounded(receipts, receipt.transactionHash.toLowerCase(), receipt, maxReceipts);
    },
    changed(hash, ms) {
      if (closed) return Promise.resolve("closed");
      const key = hash.toLowerCase();
      return new Promise((resolve) => {
        const waiting = waiters.get(key) ?? new Set();
        waiters.set(key, waiting);
        const done = (outcome: Outcome) => {
          clearTimeout(timer);
          waiting.delete(done);
          if (waiting.size === 0 && waiters.get(key) === waiting) waiters.delete(key);
          resolve(outcome);
        };
        const timer = setTimeout(() => done("timeout"), ms);
        waiting.add(done);
      });
    },
    close() {
      closed = true;
      for (const waiting of waiters.values()) for (const resolve of waiting) resolve("closed");
      waiters.clear();
    },
  };
}
