// Simulation of a user operation before it is accepted, and its gas estimation.
//
// EntryPoint v0.8 has no on-chain simulateValidation. We use the reference
// `EntryPointSimulations` contract (from @account-abstraction/contracts, never deployed):
// an `eth_call` to the EntryPoint address with a state override that replaces its code by
// the simulation code, so storage (deposits, nonces, deployed accounts) is the real one.
// Acceptance (`validate`) sends two calls together:
//   1. simulateValidation(op) — validation exactly as handleOps runs it (account signature,
//      paymaster signature, prefund, time range), without execution;
//   2. the execution check: for a deployed account, a plain eth_call of its call data from the
//      EntryPoint with its callGasLimit (an inner revert does not revert handleOps, so
//      validation alone cannot tell); for a first operation, simulateHandleOp(op with empty
//      callData, target = sender, targetCallData = callData) — validation and deployment
//      without execution, then the call data run from the EntryPoint (`targetSuccess`; its
//      changed callData voids the signatures, which simulation reports but does not enforce).
//      The sponsor runs the same check just before it signs (`checkExecution`); when the
//      operation is sent before the next block, that pass (same operation, same block, so the
//      same answer) stands instead of a second run.
// Gas estimation runs simulateHandleOp(op) (validation, execution and `paid`) and call 2.
// This needs only eth_call with state override (geth, reth, Hardhat, Anvil), no tracing.
// Not covered: ERC-7562 opcode/storage rules (they need a tracer); the bundle is simulated
// again with handleOps before each submission, which bounds what an invalidated op costs.
import { createRequire } from "node:module";
import {
  decodeErrorResult,
  decodeFunctionResult,
  encodeFunctionData,
  zeroAddress,
  type Abi,
  type Address,
  type Hex,
  type PublicClient,
} from "viem";
import { toPackedUserOperation, type UserOperation } from "viem/account-abstraction";
import { encodePackedUserOperation } from "@paykey/sdk/wallet";
import { RpcError, rpcErrorCodes } from "../errors/rpc.ts";
import { callDataHash } from "../rpc/userOperation.ts";
import { decodeRevert, isExecutionRevert, revertDataOf } from "./revert.ts";

const require = createRequire(import.meta.url);
const simulations = require("@account-abstraction/contracts/artifacts/EntryPointSimulations.json") as { abi: Abi; deployedBytecode: Hex };

export const entryPointSimulationsAbi = simulations.abi;

type ExecutionResult = {
  preOpGas: bigint;
  paid: bigint;
  accountValidationData: bigint;
  paymasterValidationData: bigint;
  targetSuccess: boolean;
  targetResult: Hex;
};

/** simulateValidation's `returnInfo`. */
type ValidationResult = { preOpGas: bigint; prefund: bigint; accountValidationData: bigint; paymasterValidationData: bigint; paymasterContext: Hex };

type ValidationData = { aggregator: bigint; validAfter: bigint; validUntil: bigint };

const maxUint48 = (1n << 48n) - 1n;
/** validAfter/validUntil with this bit set are block numbers, not timestamps (v0.8). */
const blockRangeFlag = 1n << 47n;

function parseValidationData(value: bigint): ValidationData {
  const validUntil = (value >> 160n) & maxUint48;
  return {
    aggregator: value & ((1n << 160n) - 1n),
    validUntil: validUntil === 0n ? maxUint48 : validUntil,
    validAfter: (value >> 208n) & maxUint48,
  };
}

/** Gas the bundle transaction spends on this op outside validation and execution. */
export function preVerificationGasFor(op: UserOperation<"0.8">): bigint {
  // 4 gas per zero byte of the packed operation, 16 per other byte (counted on the hex text).
  const encoded = encodePackedUserOperation(op);
  let zeroBytes = 0;
  for (let index = 2; index < encoded.length; index += 2) if (encoded.charCodeAt(index) === 48 && encoded.charCodeAt(index + 1) === 48) zeroBytes += 1;
  const calldataGas = BigInt(zeroBytes * 4 + ((encoded.length - 2) / 2 - zeroBytes) * 16);
  // eth-infinitism's defaults: a share of the 21000 transaction base (bundle of one, to be
  // safe for operations that pay for themselves) and 18300 per operation (loop, event, hash).
  return 21_000n + 18_300n + calldataGas;
}

export type GasEstimate = {
  preVerificationGas: bigint;
  verificationGasLimit: bigint;
  callGasLimit: bigint;
  paymasterVerificationGasLimit: bigint | undefined;
  paymasterPostOpGasLimit: bigint | undefined;
};

export type LatestBlock = { number: bigint; timestamp: bigint; baseFeePerGas: bigint; gasLimit: bigint };

export type Simulator = {
  /** The latest block, cached for a moment (`blockCacheMs`): many checks per block share one lookup. */
  latestBlock(): Promise<LatestBlock>;
  /** Full check before acceptance; throws an RpcError with the ERC-4337 code. */
  validate(op: UserOperation<"0.8">): Promise<{ preOpGas: bigint; prefund: bigint }>;
  /**
   * Whether the operation's calls succeed now, signatures aside (before the paymaster signs,
   * with the operation's final gas limits): throws execution_reverted (-32521) with the revert
   * when they do not. A pass is remembered with its block: `validate` of the same operation on
   * the same block does not run the calls again.
   */
  checkExecution(op: UserOperation<"0.8">): Promise<void>;
  /** Gas limits for the operation (signatures may be stubs). */
  estimate(op: UserOperation<"0.8">, options: { paymasterVerificationGas: (paymaster: Address) => bigint | undefined }): Promise<GasEstimate>;
};

const probeLimits = { verification: 3_000_000n, call: 8_000_000n, paymasterVerification: 1_000_000n };

export function createSimulator(parameters: {
  client: PublicClient;
  entryPoint: Address;
  blockCacheMs: number;
  /** Gas a real passkey signature costs beyond a stub's (see verificationSurcharge.ts). */
  verificationSurcharge: bigint;
  /**
   * Whether a passed `checkExecution` stands in for `validate`'s execution check of the same
   * operation (sender, nonce, call data, call gas limit) while the chain has not moved (default
   * yes): both run on the same latest block, so the answer cannot differ. The sponsor checks
   * the calls just before it signs and the wallet sends moments later, often in the same block.
   */
  reuseExecutionChecks?: boolean;
}): Simulator {
  const { client, entryPoint } = parameters;
  const reuse = parameters.reuseExecutionChecks ?? true;
  /** Operations whose execution passed, with the block it ran on (oldest first: Maps keep insertion order). */
  const executionPassed = new Map<string, bigint>();
  const executionKey = (op: UserOperation<"0.8">) => `${op.sender.toLowerCase()}:${op.nonce}:${op.callGasLimit}:${callDataHash(op.callData)}`;
  const rememberPassed = (op: UserOperation<"0.8">, blockNumber: bigint) => {
    if (executionPassed.size >= 10_000) executionPassed.delete(executionPassed.keys().next().value!);
    executionPassed.set(executionKey(op), blockNumber);
  };
  /** The block the operation's calls passed on, if they did; used once, then forgotten. */
  const takePassed = (op: UserOperation<"0.8">) => {
    const key = executionKey(op);
    const passedOn = executionPassed.get(key);
    executionPassed.delete(key);
    return passedOn;
  };
  let cachedBlock: { at: number; block: Promise<LatestBlock> } | undefined;
  const latestBlock = () => {
    const now = Date.now();
    if (!cachedBlock || now - cachedBlock.at > parameters.blockCacheMs) {
      const block = client
        .getBlock({ blockTag: "latest" })
        .then((b) => ({ number: b.number, timestamp: b.timestamp, baseFeePerGas: b.baseFeePerGas ?? 0n, gasLimit: b.gasLimit }));
      cachedBlock = { at: now, block };
      block.catch(() => (cachedBlock = undefined));
    }
    return cachedBlock.block;
  };

  async function simulateHandleOp(op: UserOperation<"0.8">, target: Address, targetCallData: Hex): Promise<ExecutionResult> {
    const data = encodeFunctionData({
      abi: entryPointSimulationsAbi,
      functionName: "simulateHandleOp",
      args: [toPackedUserOperation(op), target, targetCallData],
    });
    try {
      const result = await client.call({
        to: entryPoint,
        data,
        stateOverride: [{ address: entryPoint, code: simulations.deployedBytecode }],
      });
      return decodeFunctionResult({ abi: entryPointSimulationsAbi, functionName: "simulateHandleOp", data: result.data ?? "0x" }) as ExecutionResult;
    } catch (error) {
      throw rejection(error);
    }
  }

  /** Validation exactly as handleOps runs it (account and paymaster signatures, prefund, time range), without execution. */
  async function simulateValidation(op: UserOperation<"0.8">, blockNumber?: bigint): Promise<ValidationResult> {
    const data = encodeFunctionData({ abi: entryPointSimulationsAbi, functionName: "simulateValidation", args: [toPackedUserOperation(op)] });
    try {
      const result = await client.call({ to: entryPoint, data, blockNumber, stateOverride: [{ address: entryPoint, code: simulations.deployedBytecode }] });
      const decoded = decodeFunctionResult({ abi: entryPointSimulationsAbi, functionName: "simulateValidation", data: result.data ?? "0x" }) as {
        returnInfo: ValidationResult;
      };
      return decoded.returnInfo;
    } catch (error) {
      throw rejection(error);
    }
  }

  async function checkTimeRange(who: "account" | "paymaster", validation: ValidationData): Promise<void> {
    const block = await latestBlock();
    const blockMode = (validation.validAfter & blockRangeFlag) !== 0n || (validation.validUntil !== maxUint48 && (validation.validUntil & blockRangeFlag) !== 0n);
    const now = blockMode ? block.number : block.timestamp;
    const after = validation.validAfter & ~blockRangeFlag;
    const until = validation.validUntil === maxUint48 ? maxUint48 : validation.validUntil & ~blockRangeFlag;
    // Leave time for inclusion: an operation expiring within ~30 s (or 3 blocks) is refused.
    const margin = blockMode ? 3n : 30n;
    if (until <= now + margin || after > now) {
      const code = who === "account" ? "AA22" : "AA32";
      throw new RpcError(rpcErrorCodes.outOfTimeRange, `${code} ${who === "paymaster" ? "paymaster " : ""}expired or not due`, {
        data: { reason: "out_of_time_range", who, validAfter: after.toString(), validUntil: until.toString(), now: now.toString() },
      });
    }
  }

  async function checkValidation(result: Pick<ExecutionResult, "accountValidationData" | "paymasterValidationData">, signatures: boolean): Promise<void> {
    const account = parseValidationData(result.accountValidationData);
    const paymaster = parseValidationData(result.paymasterValidationData);
    if (signatures && account.aggregator === 1n) {
      throw new RpcError(rpcErrorCodes.invalidSignature, "AA24 signature error", { data: { reason: "invalid_signature", who: "account" } });
    }
    if (account.aggregator > 1n) {
      throw new RpcError(rpcErrorCodes.unsupportedAggregator, "Signature aggregators are not supported.", {
        data: { reason: "unsupported_aggregator", aggregator: `0x${account.aggregator.toString(16).padStart(40, "0")}` },
      });
    }
    if (signatures && paymaster.aggregator !== 0n) {
      throw new RpcError(rpcErrorCodes.invalidSignature, "AA34 signature error", { data: { reason: "invalid_signature", who: "paymaster" } });
    }
    await checkTimeRange("account", account);
    await checkTimeRange("paymaster", paymaster);
  }

  function checkExecution(result: Pick<ExecutionResult, "targetSuccess" | "targetResult">): void {
    if (result.targetSuccess) return;
    const decoded = decodeRevert(result.targetResult);
    throw new RpcError(rpcErrorCodes.executionReverted, `execution reverted${decoded.message ? `: ${decoded.message}` : ""}`, {
      data: { reason: "execution_reverted", revertData: result.targetResult, ...(decoded.name ? { error: decoded.name } : {}) },
    });
  }

  /** The operation with gas limits high enough to measure (or run) anything, at 1 wei per gas. */
  function probeOf(op: UserOperation<"0.8">): UserOperation<"0.8"> {
    const probe: UserOperation<"0.8"> = {
      ...op,
      verificationGasLimit: probeLimits.verification,
      callGasLimit: probeLimits.call,
      // Gas price 1 wei: `paid` is then the gas used, and any deposit covers the prefund.
      maxFeePerGas: 1n,
      maxPriorityFeePerGas: 1n,
      ...(op.paymaster
        ? {
            paymasterVerificationGasLimit: probeLimits.paymasterVerification,
            paymasterPostOpGasLimit: op.paymasterPostOpGasLimit ?? 0n,
          }
        : {}),
    };
    probe.preVerificationGas = preVerificationGasFor({ ...probe, maxFeePerGas: 1n << 64n, maxPriorityFeePerGas: 1n << 64n });
    return probe;
  }

  const withoutExecution = (op: UserOperation<"0.8">) => simulateHandleOp({ ...op, callData: "0x" }, op.sender, op.callData);

  /**
   * The execution check of a deployed account, at a third of the cost: its call data called
   * by the EntryPoint, with the operation's callGasLimit, as handleOps would call it after
   * validation. (A first operation must deploy the account first: `withoutExecution`.)
   */
  async function executeAsEntryPoint(op: UserOperation<"0.8">, blockNumber?: bigint): Promise<Pick<ExecutionResult, "targetSuccess" | "targetResult">> {
    try {
      // The transaction's own cost (base and call data) comes out of its gas limit first.
      const intrinsic = 21_000n + 16n * BigInt((op.callData.length - 2) / 2) + 10_000n;
      const result = await client.call({ account: entryPoint, to: op.sender, data: op.callData, gas: op.callGasLimit + intrinsic, blockNumber });
      return { targetSuccess: true, targetResult: result.data ?? "0x" };
    } catch (error) {
      const data = revertDataOf(error);
      if (data || isExecutionRevert(error)) return { targetSuccess: false, targetResult: data ?? "0x" };
      throw rejection(error);
    }
  }

  return {
    latestBlock,

    async validate(op) {
      // An operation whose calls the sponsor checked: both on one block, the one that check may have run on.
      const passedOn = reuse && !op.factory ? takePassed(op) : undefined;
      const blockNumber = passedOn === undefined ? undefined : await client.getBlockNumber({ cacheTime: 0 });
      const [validation, execution] = await Promise.all([
        simulateValidation(op, blockNumber),
        op.factory ? withoutExecution(op) : passedOn !== undefined && passedOn === blockNumber ? undefined : executeAsEntryPoint(op, blockNumber),
      ]);
      await checkValidation(validation, true);
      if (execution) checkExecution(execution);
      return { preOpGas: validation.preOpGas, prefund: validation.prefund };
    },

    async checkExecution(op) {
      if (op.factory) {
        // A first operation deploys the account on the way, validated with probe limits.
        checkExecution(await withoutExecution(probeOf(op)));
        return;
      }
      // The calls with the operation's own call gas limit, as handleOps runs them (probe limits
      // while it has none yet).
      const checked = op.callGasLimit > 0n ? op : probeOf(op);
      const blockNumber = reuse ? await client.getBlockNumber({ cacheTime: 0 }) : undefined;
      checkExecution(await executeAsEntryPoint(checked, blockNumber));
      if (blockNumber !== undefined) rememberPassed(checked, blockNumber);
    },

    async estimate(op, options) {
      const knownPaymasterGas = op.paymaster ? options.paymasterVerificationGas(op.paymaster) : undefined;
      const probe = probeOf(op);
      const [full, execution] = await Promise.all([simulateHandleOp(probe, zeroAddress, "0x"), withoutExecution(probe)]);
      await checkValidation(full, false);
      checkExecution(execution);

      const validationGas = full.preOpGas - probe.preVerificationGas;
      // paid = preOpGas + used + 10% of (callGasLimit − used): solve for `used`.
      const afterValidation = full.paid - full.preOpGas;
      const executionGas = ((afterValidation - probeLimits.call / 10n) * 10n) / 9n;
      return {
        preVerificationGas: (probe.preVerificationGas * 11n) / 10n,
        verificationGasLimit: (validationGas * 13n) / 10n + 10_000n + parameters.verificationSurcharge,
        callGasLimit: (executionGas * 115n) / 100n + 10_000n,
        paymasterVerificationGasLimit: op.paymaster ? (knownPaymasterGas ?? (validationGas * 13n) / 10n + 10_000n) : undefined,
        paymasterPostOpGasLimit: op.paymaster ? (op.paymasterPostOpGasLimit ?? 0n) : undefined,
      };
    },
  };
}

/** Maps a failed simulation to the ERC-4337 error: -32501 for AA3x (paymaster), else -32500. */
export function rejection(error: unknown): RpcError {
  const data = revertDataOf(error);
  if (data) {
    try {
      const decoded = decodeErrorResult({ abi: entryPointSimulationsAbi, data });
      if (decoded.errorName === "FailedOp" || decoded.errorName === "FailedOpWithRevert") {
        const args = (decoded.args ?? []) as readonly unknown[];
        const reason = String(args[1]);
        const inner = decoded.errorName === "FailedOpWithRevert" ? decodeRevert(args[2] as Hex) : undefined;
        const code = reason.startsWith("AA3") ? rpcErrorCodes.rejectedByPaymaster : rejectionCode(reason);
        return new RpcError(code, `${reason}${inner?.message ? `: ${inner.message}` : ""}`, {
          data: { reason: "simulation_failed", entryPointReason: reason, ...(inner ? { revertData: args[2] as Hex } : {}) },
        });
      }
      return new RpcError(rpcErrorCodes.rejectedByEntryPoint, `Simulation reverted with ${decoded.errorName}.`, {
        data: { reason: "simulation_failed", error: decoded.errorName },
      });
    } catch {
      const inner = decodeRevert(data);
      return new RpcError(rpcErrorCodes.rejectedByEntryPoint, `Simulation reverted${inner.message ? `: ${inner.message}` : ""}.`, {
        data: { reason: "simulation_failed", revertData: data },
      });
    }
  }
  if (isExecutionRevert(error)) {
    return new RpcError(rpcErrorCodes.rejectedByEntryPoint, "The EntryPoint refused the operation without a reason (too little verification gas?).", {
      data: { reason: "simulation_reverted" },
    });
  }
  return new RpcError(rpcErrorCodes.internalError, "The simulation could not run; retry shortly.", {
    cause: error,
    data: { reason: "simulation_unavailable" },
  });
}

function rejectionCode(reason: string) {
  if (reason.startsWith("AA24")) return rpcErrorCodes.invalidSignature;
  if (reason.startsWith("AA22")) return rpcErrorCodes.outOfTimeRange;
  return rpcErrorCodes.rejectedByEntryPoint;
}
