// Transaction nonces of one executor key. Cached between bundles; taken from the chain
// (and the outbox's live bundles) when unknown, and thrown away on any nonce error
// ("nonce too low / too high", a conflict in the outbox) so the next use resyncs.
import type { Address, PublicClient } from "viem";
import type { Queryable } from "../db/store.ts";
import { highestLiveNonce } from "./bundles.ts";

export type NonceManager = {
  /** The nonce the next bundle of this executor uses. */
  next(): Promise<number>;
  /** A bundle with `nonce` was written to the outbox (or mined): the next one follows it. */
  used(nonce: number): void;
  /** Forget the cached value; the next call asks the chain again. */
  resync(): void;
};

export function createNonceManager(client: PublicClient, db: Queryable, executor: Address): NonceManager {
  let cached: number | undefined;
  return {
    async next() {
      if (cached === undefined) {
        const [chain, live] = await Promise.all([
          client.getTransactionCount({ address: executor, blockTag: "pending" }),
          highestLiveNonce(db, executor),
        ]);
        cached = Math.max(chain, live === undefined ? 0 : live + 1);
      }
      return cached;
    },
    used(nonce) {
      if (cached === undefined || nonce + 1 > cached) cached = nonce + 1;
    },
    resync() {
      cached = undefined;
    },
  };
}
