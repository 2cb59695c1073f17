// The executor: accepts simulated user operations into the outbox, bundles them into
// handleOps transactions (up to N operations, every T ms), and sees each bundle to the end:
// receipts, fee bumps of a stuck transaction, nonce resync, restart recovery.
//
// Exactly once: an operation belongs to at most one live bundle (outbox state), a bundle's
// transactions all share one nonce (so at most one is mined), and every signed transaction
// is written to the outbox before it is broadcast. After a crash the relayer looks for the
// receipt of each written transaction and otherwise rebroadcasts the same bytes; it never
// signs a second bundle for operations that may already be on their way.
//
// Several instances can share one database (leases.ts): each bundles the operations it
// accepted (or adopted from a dead instance) with the executor keys it holds the lease of.
import type { Address, Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import type { UserOperation } from "viem/account-abstraction";
import { InvalidParamsError } from "../errors/rpc.ts";
import { userOperationHash } from "../rpc/userOperation.ts";
import { recordBundle } from "./bundles.ts";
import { createLeaseManager, LeaseLostError, type LeaseManager } from "./leases.ts";
import { createNonceManager } from "./nonces.ts";
import { createOperationTracker, type OperationTracker } from "./tracker.ts";
import { countByStatus, insertOperation, markFailed, operationStatus, readyOperations, receivedOperation, type OutboxOperation } from "./outbox.ts";
import { preVerificationGasFor, type Simulator } from "./simulation.ts";
import { bundleGasLimit, currentFees, handleOpsData, signAttempt, simulateBundle } from "./transactions.ts";
import { createBundleWatcher, type ExecutorDeps, type ExecutorKey } from "./watcher.ts";

/** Keeps a bundle well inside a block. */
const maxBundleGas = 15_000_000n;

export type Executor = {
  accept(op: UserOperation<"0.8">): Promise<Hex>;
  /** Operations and receipts as this instance knows them (lookups by clients). */
  readonly operations: OperationTracker;
  /** This instance's identity, executor-key leases and operation claims. */
  readonly leases: LeaseManager;
  start(): void;
  stop(): Promise<void>;
  /** One round: settle mined bundles, bump stuck ones, submit new ones. */
  runOnce(): Promise<void>;
};

export function createExecutor(deps: ExecutorDeps & { simulator: Simulator }): Executor {
  const { config, store, client, logger, metrics, simulator } = deps;
  const entryPoint = config.contracts.entryPoint;
  const chainId = config.chain.id;
  const keys: ExecutorKey[] = config.keys.executors.map((key) => {
    const account = privateKeyToAccount(key);
    return { account, nonces: createNonceManager(client, store, account.address), coolDownUntil: 0 };
  });
  const keyOf = (address: string) => keys.find((key) => key.account.address.toLowerCase() === address.toLowerCase());
  const leases = createLeaseManager({
    store,
    executors: keys.map((key) => key.account.address),
    leaseMs: config.bundler.leaseMs,
    instanceId: config.bundler.instanceId,
  });

  let running = false;
  let loop: Promise<void> | undefined;
  let heartbeat: NodeJS.Timeout | undefined;
  let wake: (() => void) | undefined;
  /** A round was asked for while one ran: the next starts without sleeping. */
  let roundRequested = false;
  const requestRound = () => {
    if (wake) wake();
    else roundRequested = true;
  };
  let blockPoller: NodeJS.Timeout | undefined;
  /** Bundles of this instance on their way at the end of the last round: only then are new blocks looked for. */
  let bundlesInFlight = false;
  let round: Promise<void> | undefined;
  let acceptedSinceRound = 0;
  /** When the outbox was last asked for ready operations while none were accepted here. */
  let lastReadyCheck = 0;
  let lastDepthUpdate = 0;
  const operations = createOperationTracker({ db: store, client, shared: () => leases.shared() });
  const watcher = createBundleWatcher({ config, store, client, logger, metrics, now: deps.now, keyOf, leases, operations });

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
    // Claimed by this instance when it holds a key to bundle it with; else left to any instance.
    const claimedBy = leases.held().size > 0 ? leases.instanceId : null;
    const { result, replaced } = await insertOperation(store, { hash, entryPoint, userOperation: op, now, claimedBy });
    if (replaced) operations.forget([replaced]);
    if (result === "accepted") {
      operations.remember(receivedOperation(hash, entryPoint, op, now));
      metrics.userOperations.inc({ status: "received" });
      logger.info({ event: "user_operation_received", userOpHash: hash, sender: op.sender }, "user operation accepted");
      // A full bundle is waiting: do not wait for the interval.
      if (++acceptedSinceRound >= config.bundler.maxOpsPerBundle) requestRound();
    }
    return hash;
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
    let bundleId: number | undefined;
    try {
      bundleId = await recordBundle(store, {
        executor: beneficiary,
        operations: picked.map((op) => op.hash),
        attempt,
        now: deps.now(),
        instanceId: leases.instanceId,
        fence: (tx) => leases.fence(tx, beneficiary),
      });
    } catch (error) {
      if (!(error instanceof LeaseLostError)) throw error;
      leases.drop(beneficiary);
      logger.warn({ event: "executor_lease_lost", executor: beneficiary }, "executor lease taken over; bundle not written");
      return;
    }
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
    await watcher.send(key, bundleId, attempt);
  }

  async function runRound(): Promise<void> {
    const accepted = acceptedSinceRound;
    acceptedSinceRound = 0;
    const { acquired } = await leases.maintain();
    // A key taken over from another instance: its nonce is read again (chain and outbox).
    for (const address of acquired) keyOf(address)?.nonces.resync();
    const busy = await watcher.watch();
    const held = leases.held();
    const free = keys.filter((key) => {
      const address = key.account.address.toLowerCase();
      return held.has(address) && !busy.has(address) && key.coolDownUntil <= Date.now();
    });
    // Ask the outbox when this instance accepted something, or every second (other instances,
    // requeued operations): an idle relayer does not query it five times a second.
    if (free.length > 0 && (accepted > 0 || Date.now() - lastReadyCheck >= 1_000)) {
      lastReadyCheck = Date.now();
      const perBundle = config.bundler.maxOpsPerBundle;
      const ready = await readyOperations(store, perBundle * free.length, leases.instanceId);
      // One bundle per free key, built and sent side by side.
      const used = free.slice(0, Math.ceil(ready.length / perBundle));
      await Promise.all(used.map((key, index) => submit(key, ready.slice(index * perBundle, (index + 1) * perBundle))));
      bundlesInFlight = busy.size > 0 || used.length > 0;
    } else {
      bundlesInFlight = busy.size > 0;
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
    leases,
    runOnce,
    start() {
      if (running) return;
      running = true;
      // Liveness does not wait for a long round (a slow node): renewed on its own clock.
      heartbeat = setInterval(() => {
        leases.heartbeat().catch((error: unknown) => logger.warn({ err: error }, "relayer heartbeat failed"));
      }, Math.max(100, Math.floor(config.bundler.leaseMs / 4)));
      // A bundle's receipt is there once a block is: the round that settles it (and frees its
      // key for the next bundle) starts when the block is seen, not at the next interval.
      let lastBlock: bigint | undefined;
      let asking = false;
      blockPoller = setInterval(() => {
        if (!bundlesInFlight || asking) return;
        asking = true;
        client
          .getBlockNumber({ cacheTime: 0 })
          .then((number) => {
            if (lastBlock !== undefined && number !== lastBlock) requestRound();
            lastBlock = number;
          })
          .catch(() => {})
          .finally(() => (asking = false));
      }, config.bundler.blockPollMs);
      loop = (async () => {
        while (running) {
          try {
            await runOnce();
          } catch (error) {
            logger.error({ err: error }, "executor round failed; retrying");
          }
          if (roundRequested) {
            roundRequested = false;
            continue;
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
      clearInterval(heartbeat);
      clearInterval(blockPoller);
      // Clients waiting for a change are answered now, not when their wait runs out.
      operations.close();
      wake?.();
      await loop;
      await round;
      // The other instances take over this one's keys and waiting operations at once.
      await leases.release().catch((error: unknown) => logger.warn({ err: error }, "releasing the executor leases failed"));
    },
  };
}

export type { Address };
