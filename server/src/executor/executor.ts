// The executor: accepts simulated user operations into the outbox, bundles them into
// handleOps transactions (up to N operations, every T ms), and sees each bundle to the end:
// receipts, fee bumps of a stuck transaction, nonce resync, restart recovery.
//
// Exactly once: an operation belongs to at most one live bundle (outbox state), a bundle's
// transactions all share one nonce (so at most one is mined), and every signed transaction
// is written to the outbox before it is broadcast. After a crash the relayer looks for the
// receipt of each written transaction and otherwise rebroadcasts the same bytes; it never
// signs a second bundle for operations that may already be on their way.
import type { Address, Hex, PublicClient } from "viem";
import { privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";
import type { UserOperation } from "viem/account-abstraction";
import type { Config } from "../config.ts";
import type { Store } from "../db/store.ts";
import { InvalidParamsError } from "../errors/rpc.ts";
import type { Metrics } from "../http/metrics.ts";
import type { Logger } from "../logger.ts";
import { userOperationHash } from "../rpc/userOperation.ts";
import { closeBundle, insertAttempt, liveBundles, markBroadcast, recordBundle, renonceBundle, type LiveBundle, type SignedAttempt } from "./bundles.ts";
import { recordInclusion, transactionReceipt } from "./inclusion.ts";
import { createNonceManager, type NonceManager } from "./nonces.ts";
import { createOperationTracker, type OperationTracker } from "./tracker.ts";
import {
  countByStatus,
  insertOperation,
  markFailed,
  operationStatus,
  operationsOfBundle,
  readyOperations,
  receivedOperation,
  requeueBundle,
  type OutboxOperation,
} from "./outbox.ts";
import { preVerificationGasFor, type Simulator } from "./simulation.ts";
import { broadcast, bumpedFees, bundleGasLimit, currentFees, handleOpsData, signAttempt, simulateBundle } from "./transactions.ts";

/** A bundle that was mined reverted, or was dropped: its operations are retried this many times. */
const maxBundleAttempts = 3;
/** Keeps a bundle well inside a block. */
const maxBundleGas = 15_000_000n;

export type Executor = {
  accept(op: UserOperation<"0.8">): Promise<Hex>;
  /** Operations and receipts as this instance knows them (lookups by clients). */
  readonly operations: OperationTracker;
  start(): void;
  stop(): Promise<void>;
  /** One round: settle mined bundles, bump stuck ones, submit new ones. */
  runOnce(): Promise<void>;
};

type ExecutorKey = { account: PrivateKeyAccount; nonces: NonceManager; coolDownUntil: number };

export function createExecutor(deps: {
  config: Config;
  store: Store;
  client: PublicClient;
  logger: Logger;
  metrics: Metrics;
  now: () => Date;
  simulator: Simulator;
}): Executor {
  const { config, store, client, logger, metrics, simulator } = deps;
  const entryPoint = config.contracts.entryPoint;
  const chainId = config.chain.id;
  const keys: ExecutorKey[] = config.keys.executors.map((key) => {
    const account = privateKeyToAccount(key);
    return { account, nonces: createNonceManager(client, store, account.address), coolDownUntil: 0 };
  });
  const keyOf = (address: string) => keys.find((key) => key.account.address.toLowerCase() === address.toLowerCase());

  let running = false;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  let round: Promise<void> | undefined;
  let rebroadcastOnFirstRound = true;
  let acceptedSinceRound = 0;
  /** When the outbox was last asked for ready operations while none were accepted here. */
  let lastReadyCheck = 0;
  let lastDepthUpdate = 0;
  const operations = createOperationTracker({ db: store, client });

  /** The checks an operation must pass now: gas it pays for, fees, and simulation. */
  async function check(op: UserOperation<"0.8">): Promise<void> {
    const requiredPvg = preVerificationGasFor(op);
    if (op.preVerificationGas * 10n < requiredPvg * 9n) {
      throw new InvalidParamsError(`preVerificationGas is too low: at least ${requiredPvg} is needed.`, {
        reason: "pre_verification_gas_too_low",
        required: requiredPvg.toString(),
      });
    }
    if (op.maxPriorityFeePerGas > op.maxFeePerGas) {
      throw new InvalidParamsError("maxPriorityFeePerGas is above maxFeePerGas.", { reason: "invalid_fees" });
    }
    // The executor pays the bundle's gas and is paid back at most maxFeePerGas per gas.
    const { baseFeePerGas } = await simulator.latestBlock();
    if (op.maxFeePerGas < baseFeePerGas) {
      throw new InvalidParamsError(`maxFeePerGas is below the current base fee of ${baseFeePerGas} wei.`, {
        reason: "max_fee_too_low",
        baseFeePerGas: baseFeePerGas.toString(),
      });
    }
    await simulator.validate(op);
  }

  async function accept(op: UserOperation<"0.8">): Promise<Hex> {
    const hash = userOperationHash(op, entryPoint, chainId);
    try {
      await check(op);
    } catch (error) {
      // A client that got no answer (a timeout, a relayer restart) sends the same operation
      // again: answer with its hash. Once included its nonce is used and simulation refuses
      // it, so a refusal is checked against the outbox (only then: a new operation costs no
      // lookup, and one still waiting passes and is found below).
      const known = await operationStatus(store, hash);
      if (known === "received" || known === "submitted" || known === "included") return hash;
      throw error;
    }
    const now = deps.now();
    const { result, replaced } = await insertOperation(store, { hash, entryPoint, userOperation: op, now });
    if (replaced) operations.forget([replaced]);
    if (result === "accepted") {
      operations.remember(receivedOperation(hash, entryPoint, op, now));
      metrics.userOperations.inc({ status: "received" });
      logger.info({ event: "user_operation_received", userOpHash: hash, sender: op.sender }, "user operation accepted");
      // A full bundle is waiting: do not wait for the interval.
      if (++acceptedSinceRound >= config.bundler.maxOpsPerBundle) wake?.();
    }
    return hash;
  }

  /** Writes the signed transaction first, then broadcasts it; reacts to the node's answer. */
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
      await releaseUnsent(bundleId, `executor ${key.account.address} has insufficient funds`);
    }
    // "underpriced" and "unknown" (e.g. a timeout): the watcher retries with this record.
  }

  async function releaseUnsent(bundleId: number, reason: string): Promise<void> {
    await store.transaction(async (tx) => {
      await closeBundle(tx, bundleId, { status: "dropped", now: deps.now() });
      await requeueBundle(tx, bundleId, reason, maxBundleAttempts, deps.now());
    });
    metrics.bundles.inc({ event: "dropped" });
  }

  async function minedAttempt(bundle: LiveBundle) {
    for (const attempt of bundle.attempts) {
      const receipt = await transactionReceipt(client, attempt.hash);
      if (receipt) return { attempt, receipt };
    }
    return undefined;
  }

  /** The bundle's nonce was taken by a transaction that is not ours: sign it again with a fresh one. */
  async function renonce(key: ExecutorKey, bundle: LiveBundle): Promise<void> {
    key.nonces.resync();
    const last = bundle.attempts.at(-1);
    const operations = await operationsOfBundle(store, bundle.id);
    if (!last || operations.length === 0) return;
    const nonce = await key.nonces.next();
    const attempt = await signAttempt(key.account, {
      chainId,
      entryPoint,
      data: handleOpsData(operations.map((op) => op.userOperation), key.account.address),
      nonce,
      gas: last.gasLimit,
      fees: bumpedFees(last, await currentFees(client), 0),
    });
    await store.transaction((tx) => renonceBundle(tx, bundle.id, attempt, deps.now()));
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
      if (status === "included") {
        const recorded = await recordInclusion(tx, { operations: bundled, receipt, entryPoint, paymaster: config.contracts.paymaster, now });
        await closeBundle(tx, bundle.id, closing);
        if (recorded.missing.length > 0) await requeueBundle(tx, bundle.id, "not executed by the bundle", maxBundleAttempts, now);
        return recorded;
      }
      await closeBundle(tx, bundle.id, closing);
      await requeueBundle(tx, bundle.id, "the bundle transaction reverted", maxBundleAttempts, now);
      return { included: [], missing: bundled };
    });
    operations.rememberReceipt(receipt);
    for (const op of outcome.included) operations.remember(op);
    operations.forget(outcome.missing.map((op) => op.hash));
    keyOf(bundle.executor)?.nonces.used(bundle.nonce);
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

  /** Receipts, rebroadcasts after a restart, fee bumps, foreign nonce use. */
  async function watch(): Promise<Set<string>> {
    const busy = new Set<string>();
    const bundles = await liveBundles(store);
    await Promise.all(
      bundles.map(async (bundle) => {
        const key = keyOf(bundle.executor);
        const mined = await minedAttempt(bundle);
        if (mined) return settle(bundle, mined);
        busy.add(bundle.executor.toLowerCase());
        const last = bundle.attempts.at(-1);
        if (!key || !last) return;
        if (!last.broadcastAt || rebroadcastOnFirstRound) {
          // Written but maybe never sent (crash, timeout): the same bytes, so never a duplicate.
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
        await insertAttempt(store, bundle.id, attempt, deps.now());
        metrics.bundles.inc({ event: "replaced" });
        logger.warn(
          { event: "bundle_fee_bumped", bundleId: bundle.id, maxFeePerGas: fees.maxFeePerGas.toString(), transactionHash: attempt.hash },
          "stuck bundle transaction replaced with higher fees",
        );
        return send(key, bundle.id, attempt);
      }),
    );
    rebroadcastOnFirstRound = false;
    return busy;
  }

  /** Drops the ready operations handleOps would refuse now, fits the bundle in a block, signs, records, sends. */
  async function submit(key: ExecutorKey, ready: OutboxOperation[]): Promise<void> {
    // Every key's bundle must fit in one block together: each gets its share of the block gas.
    const { gasLimit: blockGasLimit } = await simulator.latestBlock();
    const gasCap = [maxBundleGas, blockGasLimit / BigInt(keys.length)].reduce((a, b) => (a < b ? a : b));
    const started = performance.now();
    let picked = ready;
    let gas = 0n;
    let data: Hex = "0x";
    const beneficiary = key.account.address;
    while (picked.length > 0) {
      // The operations' limits add up to several times what they use (wallets ask generous
      // verification limits): capped, and the simulation below proves the cap is enough.
      const limits = bundleGasLimit(picked.map((op) => op.userOperation));
      gas = limits < gasCap ? limits : gasCap;
      data = handleOpsData(picked.map((op) => op.userOperation), beneficiary);
      const simulation = await simulateBundle(client, { entryPoint, executor: beneficiary, data, gas });
      if (simulation.ok) break;
      if (simulation.outOfGas && picked.length > 1) {
        // The cap is too tight for this many: the first half now, the rest in the next bundle.
        picked = picked.slice(0, Math.ceil(picked.length / 2));
        continue;
      }
      const dropped = simulation.opIndex !== undefined ? picked[simulation.opIndex] : picked.length === 1 ? picked[0] : undefined;
      if (dropped) {
        await markFailed(store, [dropped.hash], simulation.reason, deps.now());
        operations.forget([dropped.hash]);
        metrics.userOperations.inc({ status: "failed" });
        logger.warn({ event: "user_operation_dropped", userOpHash: dropped.hash, reason: simulation.reason }, "operation refused by handleOps simulation");
        picked = picked.filter((op) => op !== dropped);
      } else {
        picked = picked.slice(0, 1);
      }
    }
    if (picked.length === 0) return;

    const nonce = await key.nonces.next();
    const attempt = await signAttempt(key.account, { chainId, entryPoint, data, nonce, gas, fees: await currentFees(client) });
    const bundleId = await recordBundle(store, { executor: beneficiary, operations: picked.map((op) => op.hash), attempt, now: deps.now() });
    if (bundleId === undefined) {
      key.nonces.resync();
      return;
    }
    key.nonces.used(nonce);
    for (const op of picked) operations.remember({ ...op, status: "submitted", bundleId });
    metrics.bundles.inc({ event: "submitted" });
    metrics.bundleSize.observe(picked.length);
    logger.info(
      { event: "bundle_submitted", bundleId, executor: beneficiary, nonce, operations: picked.length, transactionHash: attempt.hash, gas: gas.toString(), ms: Math.round(performance.now() - started) },
      "bundle submitted",
    );
    await send(key, bundleId, attempt);
  }

  async function runRound(): Promise<void> {
    const accepted = acceptedSinceRound;
    acceptedSinceRound = 0;
    const busy = await watch();
    const free = keys.filter((key) => !busy.has(key.account.address.toLowerCase()) && key.coolDownUntil <= Date.now());
    // Ask the outbox when this instance accepted something, or every second (other instances,
    // requeued operations): an idle relayer does not query it five times a second.
    if (free.length > 0 && (accepted > 0 || Date.now() - lastReadyCheck >= 1_000)) {
      lastReadyCheck = Date.now();
      const perBundle = config.bundler.maxOpsPerBundle;
      const ready = await readyOperations(store, perBundle * free.length);
      // One bundle per free key, built and sent side by side.
      await Promise.all(
        free.slice(0, Math.ceil(ready.length / perBundle)).map((key, index) => submit(key, ready.slice(index * perBundle, (index + 1) * perBundle))),
      );
    }
    if (Date.now() - lastDepthUpdate >= 5_000) {
      lastDepthUpdate = Date.now();
      const depth = await countByStatus(store);
      metrics.outboxDepth.set({ status: "received" }, depth.received ?? 0);
      metrics.outboxDepth.set({ status: "submitted" }, depth.submitted ?? 0);
    }
  }

  function runOnce(): Promise<void> {
    // Rounds never overlap: the loop and a test's explicit call share one at a time.
    const next = (round ?? Promise.resolve()).then(runRound, runRound);
    round = next.catch(() => {});
    return next;
  }

  return {
    accept,
    operations,
    runOnce,
    start() {
      if (running) return;
      running = true;
      loop = (async () => {
        while (running) {
          try {
            await runOnce();
          } catch (error) {
            logger.error({ err: error }, "executor round failed; retrying");
          }
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, Math.min(config.bundler.intervalMs, config.bundler.pollIntervalMs));
            wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
          wake = undefined;
        }
      })();
    },
    async stop() {
      running = false;
      wake?.();
      await loop;
      await round;
    },
  };
}

export type { Address };
