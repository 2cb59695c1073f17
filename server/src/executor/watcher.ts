// Sees each submitted bundle to the end: broadcasts (the signed bytes are in the outbox
// first), receipts, fee bumps of a stuck transaction, a new nonce when a foreign transaction
// took its nonce, rebroadcast after a restart.
//
// With several instances on one database, an instance watches the bundles of the executor
// keys it holds the lease of. A bundle whose key no live instance holds (its instance died
// and no other is configured with the key) is an orphan: any instance settles it once mined,
// sends its signed bytes again, and releases its operations once the key's nonce was used by
// another transaction — none of which needs the key.
import type { Hex, PublicClient } from "viem";
import type { PrivateKeyAccount } from "viem/accounts";
import type { Config } from "../config.ts";
import type { Store } from "../db/store.ts";
import type { Metrics } from "../http/metrics.ts";
import type { Logger } from "../logger.ts";
import { closeBundle, insertAttempt, liveBundles, markBroadcast, renonceBundle, type LiveBundle, type SignedAttempt } from "./bundles.ts";
import { recordInclusion, transactionReceipt } from "./inclusion.ts";
import { LeaseLostError, type LeaseManager } from "./leases.ts";
import type { NonceManager } from "./nonces.ts";
import { operationsOfBundle, requeueBundle } from "./outbox.ts";
import type { OperationTracker } from "./tracker.ts";
import { broadcast, bumpedFees, currentFees, handleOpsData, signAttempt } from "./transactions.ts";

/** A bundle that was mined reverted, or was dropped: its operations are retried this many times. */
export const maxBundleAttempts = 3;

export type ExecutorKey = { account: PrivateKeyAccount; nonces: NonceManager; coolDownUntil: number };

export type BundleWatcher = {
  /** One look at every bundle this instance watches; returns the executors (lowercase) with a bundle in flight. */
  watch(): Promise<Set<string>>;
  /** Broadcasts a recorded attempt and reacts to the node's answer. */
  send(key: ExecutorKey, bundleId: number, attempt: SignedAttempt): Promise<void>;
};

/** What the executor's parts share. */
export type ExecutorDeps = {
  config: Config;
  store: Store;
  client: PublicClient;
  logger: Logger;
  metrics: Metrics;
  now: () => Date;
};

export function createBundleWatcher(deps: ExecutorDeps & {
  keyOf: (address: string) => ExecutorKey | undefined;
  leases: LeaseManager;
  operations: OperationTracker;
}): BundleWatcher {
  const { config, store, client, logger, metrics, leases, operations } = deps;
  const { entryPoint } = config.contracts;
  const chainId = config.chain.id;
  let rebroadcastOnFirstRound = true;
  /** Orphan bundles: when their bytes were last sent again. */
  const orphanSends = new Map<number, number>();
  /** The latest block when a bundle's receipts were last looked for: no new block, no new receipt. */
  const lookedAt = new Map<number, bigint>();
  let latestBlock = -1n;

  /** The mined attempt of `bundle`, looked for once per new block. */
  async function minedSinceLastLook(bundle: LiveBundle) {
    if (lookedAt.get(bundle.id) === latestBlock) return undefined;
    lookedAt.set(bundle.id, latestBlock);
    return minedAttempt(bundle);
  }

  async function send(key: ExecutorKey, bundleId: number, attempt: SignedAttempt): Promise<void> {
    const { outcome, error } = await broadcast(client, attempt.raw);
    if (outcome === "sent" || outcome === "known") {
      await markBroadcast(store, attempt.hash, deps.now());
      metrics.bundles.inc({ event: "broadcast" });
      return;
    }
    logger.warn({ event: "broadcast_refused", outcome, bundleId, transactionHash: attempt.hash, err: error }, "bundle broadcast refused");
    if (outcome === "nonce_too_low" || outcome === "nonce_too_high") {
      // Resync, unless one of this bundle's transactions was mined (the watcher settles it).
      const bundle = (await liveBundles(store)).find((live) => live.id === bundleId);
      if (bundle && !(await minedAttempt(bundle))) await renonce(key, bundle);
      return;
    }
    if (outcome === "insufficient_funds") {
      key.coolDownUntil = Date.now() + 30_000;
      await release(bundleId, `executor ${key.account.address} has insufficient funds`);
    }
    // "underpriced" and "unknown" (e.g. a timeout): the watcher retries with this record.
  }

  /** Closes a bundle none of whose transactions can be mined any more, and requeues its operations. */
  async function release(bundleId: number, reason: string): Promise<void> {
    const released = await store.transaction(async (tx) => {
      if (!(await closeBundle(tx, bundleId, { status: "dropped", now: deps.now() }))) return undefined;
      return requeueBundle(tx, bundleId, reason, maxBundleAttempts, deps.now());
    });
    if (!released) return;
    operations.forget(released);
    metrics.bundles.inc({ event: "dropped" });
  }

  async function minedAttempt(bundle: LiveBundle) {
    for (const attempt of bundle.attempts) {
      const receipt = await transactionReceipt(client, attempt.hash);
      if (receipt) return { attempt, receipt };
    }
    return undefined;
  }

  /** A write that signs for `key`, refused if this instance lost the key's lease meanwhile. */
  async function fenced(key: ExecutorKey, write: (tx: Parameters<Parameters<Store["transaction"]>[0]>[0]) => Promise<void>): Promise<boolean> {
    try {
      await store.transaction(async (tx) => {
        await leases.fence(tx, key.account.address);
        await write(tx);
      });
      return true;
    } catch (error) {
      if (!(error instanceof LeaseLostError)) throw error;
      leases.drop(key.account.address);
      logger.warn({ event: "executor_lease_lost", executor: key.account.address }, "executor lease taken over; write skipped");
      return false;
    }
  }

  /** The bundle's nonce was taken by a transaction that is not ours: sign it again with a fresh one. */
  async function renonce(key: ExecutorKey, bundle: LiveBundle): Promise<void> {
    key.nonces.resync();
    const last = bundle.attempts.at(-1);
    const bundled = await operationsOfBundle(store, bundle.id);
    if (!last || bundled.length === 0) return;
    const nonce = await key.nonces.next();
    const attempt = await signAttempt(key.account, {
      chainId,
      entryPoint,
      data: handleOpsData(bundled.map((op) => op.userOperation), key.account.address),
      nonce,
      gas: last.gasLimit,
      fees: bumpedFees(last, await currentFees(client), 0),
    });
    if (!(await fenced(key, (tx) => renonceBundle(tx, bundle.id, attempt, deps.now())))) return;
    key.nonces.used(nonce);
    metrics.bundles.inc({ event: "renonced" });
    logger.warn({ event: "bundle_renonced", bundleId: bundle.id, from: bundle.nonce, to: nonce }, "nonce resynced, bundle signed again");
    await send(key, bundle.id, attempt);
  }

  async function settle(bundle: LiveBundle, mined: NonNullable<Awaited<ReturnType<typeof minedAttempt>>>): Promise<void> {
    const { receipt, attempt } = mined;
    const bundled = await operationsOfBundle(store, bundle.id);
    const now = deps.now();
    const status: "included" | "failed" = receipt.status === "0x1" ? "included" : "failed";
    const outcome = await store.transaction(async (tx) => {
      const closing = { status, minedHash: attempt.hash, blockNumber: BigInt(receipt.blockNumber), gasUsed: BigInt(receipt.gasUsed), now };
      // Closed first: a bundle another instance settled meanwhile is left as it is.
      if (!(await closeBundle(tx, bundle.id, closing))) return undefined;
      if (status === "included") {
        const recorded = await recordInclusion(tx, { operations: bundled, receipt, entryPoint, paymaster: config.contracts.paymaster, now });
        if (recorded.missing.length > 0) await requeueBundle(tx, bundle.id, "not executed by the bundle", maxBundleAttempts, now);
        return recorded;
      }
      await requeueBundle(tx, bundle.id, "the bundle transaction reverted", maxBundleAttempts, now);
      return { included: [], missing: bundled };
    });
    deps.keyOf(bundle.executor)?.nonces.used(bundle.nonce);
    if (!outcome) return;
    operations.rememberReceipt(receipt);
    for (const op of outcome.included) operations.remember(op);
    operations.forget(outcome.missing.map((op) => op.hash));
    metrics.bundles.inc({ event: status });
    for (const op of bundled) {
      metrics.userOperations.inc({ status: status === "included" ? "included" : "requeued" });
      if (status === "included") metrics.inclusionSeconds.observe((now.getTime() - op.receivedAt.getTime()) / 1000);
    }
    logger.info(
      { event: "bundle_settled", bundleId: bundle.id, status, transactionHash: attempt.hash, operations: bundled.length },
      status === "included" ? "bundle included" : "bundle reverted on chain; operations requeued",
    );
  }

  /** A bundle of a key this instance holds: receipts, rebroadcasts after a restart, fee bumps, foreign nonce use. */
  async function watchOwn(key: ExecutorKey, bundle: LiveBundle, busy: Set<string>): Promise<void> {
    const mined = await minedSinceLastLook(bundle);
    if (mined) return settle(bundle, mined);
    busy.add(bundle.executor.toLowerCase());
    const last = bundle.attempts.at(-1);
    if (!last) return;
    if (!last.broadcastAt || rebroadcastOnFirstRound) {
      // Written but maybe never sent (crash, timeout, another instance's): the same bytes, so never a duplicate.
      metrics.bundles.inc({ event: "rebroadcast" });
      return send(key, bundle.id, last);
    }
    if (deps.now().getTime() - last.createdAt.getTime() < config.bundler.stuckAfterMs) return;
    const chainNonce = await client.getTransactionCount({ address: key.account.address, blockTag: "latest" });
    if (chainNonce > bundle.nonce) {
      // The nonce is used. Look for our receipts again, now: one of our attempts may have
      // been mined since the lookup above, and signing the operations again would be wrong.
      const minedMeanwhile = await minedAttempt(bundle);
      return minedMeanwhile ? settle(bundle, minedMeanwhile) : renonce(key, bundle);
    }
    const fees = bumpedFees(last, await currentFees(client), config.bundler.feeBumpPercent);
    const attempt = await signAttempt(key.account, {
      chainId,
      entryPoint,
      data: handleOpsData((await operationsOfBundle(store, bundle.id)).map((op) => op.userOperation), key.account.address),
      nonce: bundle.nonce,
      gas: last.gasLimit,
      fees,
    });
    if (!(await fenced(key, (tx) => insertAttempt(tx, bundle.id, attempt, deps.now())))) return;
    metrics.bundles.inc({ event: "replaced" });
    logger.warn(
      { event: "bundle_fee_bumped", bundleId: bundle.id, maxFeePerGas: fees.maxFeePerGas.toString(), transactionHash: attempt.hash },
      "stuck bundle transaction replaced with higher fees",
    );
    return send(key, bundle.id, attempt);
  }

  /** A bundle whose key no live instance holds: settle, resend the same bytes, or release — no key needed. */
  async function watchOrphan(bundle: LiveBundle): Promise<void> {
    const mined = await minedSinceLastLook(bundle);
    if (mined) return settle(bundle, mined);
    const last = bundle.attempts.at(-1);
    const chainNonce = await client.getTransactionCount({ address: bundle.executor, blockTag: "latest" });
    if (chainNonce > bundle.nonce) {
      if (await minedAttempt(bundle)) return;
      logger.warn({ event: "orphan_bundle_released", bundleId: bundle.id, executor: bundle.executor }, "orphan bundle's nonce used elsewhere; operations requeued");
      return release(bundle.id, "the executor's nonce was used by another transaction");
    }
    const sentAt = orphanSends.get(bundle.id) ?? 0;
    if (last && Date.now() - sentAt >= config.bundler.stuckAfterMs) {
      orphanSends.set(bundle.id, Date.now());
      await broadcast(client, last.raw);
    }
  }

  return {
    send,
    async watch() {
      const busy = new Set<string>();
      const bundles = await liveBundles(store);
      // One eth_blockNumber a round instead of a receipt lookup per attempt and round.
      if (bundles.length > 0) latestBlock = await client.getBlockNumber({ cacheTime: 0 });
      const held = leases.held();
      await Promise.all(
        bundles.map(async (bundle) => {
          const executor = bundle.executor.toLowerCase();
          const key = deps.keyOf(executor);
          if (key && held.has(executor) && bundle.holder === leases.instanceId) return watchOwn(key, bundle, busy);
          if (bundle.holder === null) return watchOrphan(bundle);
        }),
      );
      const live = new Set(bundles.map((bundle) => bundle.id));
      for (const seen of [orphanSends, lookedAt]) for (const id of seen.keys()) if (!live.has(id)) seen.delete(id);
      rebroadcastOnFirstRound = false;
      return busy;
    },
  };
}
