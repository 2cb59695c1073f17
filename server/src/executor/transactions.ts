// Bundle transactions: the handleOps call data, its simulation (dropping operations the
// EntryPoint would refuse now), fees, signing and broadcasting with the node's answer
// classified (nonce too low, underpriced, already known, no funds).
import { decodeErrorResult, encodeFunctionData, parseSignature, serializeTransaction, type Address, type Hex, type PublicClient, type TransactionSerializableEIP1559 } from "viem";
import { keccak256 } from "../keccak.ts";
import type { PrivateKeyAccount } from "viem/accounts";
import { toPackedUserOperation, type UserOperation } from "viem/account-abstraction";
import { entryPointAbi } from "@paykey/sdk/contracts";
import type { SignedAttempt } from "./bundles.ts";
import { decodeRevert, isExecutionRevert, revertDataOf } from "./revert.ts";
import { maxGasOf } from "../rpc/userOperation.ts";

export type Fees = { maxFeePerGas: bigint; maxPriorityFeePerGas: bigint };

export function handleOpsData(ops: readonly UserOperation<"0.8">[], beneficiary: Address): Hex {
  return encodeFunctionData({
    abi: entryPointAbi,
    functionName: "handleOps",
    args: [ops.map((op) => toPackedUserOperation(op)), beneficiary],
  });
}

/** Network fees now: twice the base fee plus the suggested tip, so a few fuller blocks do not strand it. */
export async function currentFees(client: PublicClient): Promise<Fees> {
  const [block, tip] = await Promise.all([
    client.getBlock({ blockTag: "latest" }),
    client.request({ method: "eth_maxPriorityFeePerGas" }).then(BigInt, () => 1_000_000_000n),
  ]);
  const maxPriorityFeePerGas = tip > 0n ? tip : 1n;
  return { maxFeePerGas: (block.baseFeePerGas ?? 0n) * 2n + maxPriorityFeePerGas, maxPriorityFeePerGas };
}

export function bumpedFees(previous: Fees, network: Fees, percent: number): Fees {
  const bump = (value: bigint) => (value * BigInt(100 + percent)) / 100n + 1n;
  const maxPriorityFeePerGas = [bump(previous.maxPriorityFeePerGas), network.maxPriorityFeePerGas].reduce((a, b) => (a > b ? a : b));
  const maxFeePerGas = [bump(previous.maxFeePerGas), network.maxFeePerGas, maxPriorityFeePerGas].reduce((a, b) => (a > b ? a : b));
  return { maxFeePerGas, maxPriorityFeePerGas };
}

export type BundleSimulation =
  | { ok: true }
  | { ok: false; opIndex: number | undefined; reason: string; outOfGas?: boolean };

/** Enough gas for every operation's limits plus the EntryPoint's own work. */
export function bundleGasLimit(ops: readonly UserOperation<"0.8">[]): bigint {
  return (ops.reduce((sum, op) => sum + maxGasOf(op), 0n) * 11n) / 10n + 100_000n;
}

/**
 * Runs handleOps as an eth_call from the executor with the transaction's gas limit: would
 * the bundle go through now? One execution (eth_estimateGas would run it a dozen times).
 * The EntryPoint refuses to start an operation with less gas left than its limits (AA95),
 * so a bundle that passes here is not short of gas for any of them.
 */
export async function simulateBundle(
  client: PublicClient,
  parameters: { entryPoint: Address; executor: Address; data: Hex; gas: bigint },
): Promise<BundleSimulation> {
  try {
    await client.call({ account: parameters.executor, to: parameters.entryPoint, data: parameters.data, gas: parameters.gas });
    return { ok: true };
  } catch (error) {
    const data = revertDataOf(error);
    if (data) {
      try {
        const decoded = decodeErrorResult({ abi: entryPointAbi, data });
        if (decoded.errorName === "FailedOp" || decoded.errorName === "FailedOpWithRevert") {
          const inner = decoded.errorName === "FailedOpWithRevert" ? decodeRevert(decoded.args[2] as Hex).message : undefined;
          const reason = String(decoded.args[1]);
          return { ok: false, opIndex: Number(decoded.args[0]), reason: `${reason}${inner ? `: ${inner}` : ""}`, outOfGas: reason.startsWith("AA95") };
        }
        return { ok: false, opIndex: undefined, reason: decoded.errorName };
      } catch {
        return { ok: false, opIndex: undefined, reason: decodeRevert(data).message ?? "handleOps reverted" };
      }
    }
    // Reverted without data: which operation is unknown; the caller narrows the bundle down.
    if (isExecutionRevert(error)) return { ok: false, opIndex: undefined, reason: "handleOps reverted without a reason" };
    throw error;
  }
}

export async function signAttempt(
  account: PrivateKeyAccount,
  parameters: { chainId: number; entryPoint: Address; data: Hex; nonce: number; gas: bigint; fees: Fees },
): Promise<SignedAttempt> {
  const transaction: TransactionSerializableEIP1559 = {
    type: "eip1559",
    chainId: parameters.chainId,
    to: parameters.entryPoint,
    data: parameters.data,
    nonce: parameters.nonce,
    gas: parameters.gas,
    value: 0n,
    maxFeePerGas: parameters.fees.maxFeePerGas,
    maxPriorityFeePerGas: parameters.fees.maxPriorityFeePerGas,
  };
  // What account.signTransaction does, with the two hashes of a bundle's tens of kilobytes
  // (to sign it, and its transaction hash) in WebAssembly (keccak.ts).
  const signature = parseSignature(await account.sign({ hash: keccak256(serializeTransaction(transaction)) }));
  const raw = serializeTransaction(transaction, signature);
  return {
    hash: keccak256(raw),
    raw,
    nonce: parameters.nonce,
    gasLimit: parameters.gas,
    maxFeePerGas: parameters.fees.maxFeePerGas,
    maxPriorityFeePerGas: parameters.fees.maxPriorityFeePerGas,
  };
}

export type BroadcastOutcome = "sent" | "known" | "nonce_too_low" | "nonce_too_high" | "underpriced" | "insufficient_funds" | "unknown";

export async function broadcast(client: PublicClient, raw: Hex): Promise<{ outcome: BroadcastOutcome; error?: unknown }> {
  try {
    await client.request({ method: "eth_sendRawTransaction", params: [raw] });
    return { outcome: "sent" };
  } catch (error) {
    const text = collectMessages(error);
    if (/nonce too low|nonce has already been used|nonce is too low|NONCE_EXPIRED/i.test(text)) return { outcome: "nonce_too_low", error };
    if (/already known|known transaction|already imported|AlreadyKnown/i.test(text)) return { outcome: "known", error };
    if (/nonce too high/i.test(text)) return { outcome: "nonce_too_high", error };
    if (/underpriced|replacement fee too low/i.test(text)) return { outcome: "underpriced", error };
    if (/insufficient funds/i.test(text)) return { outcome: "insufficient_funds", error };
    return { outcome: "unknown", error };
  }
}

function collectMessages(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 10 && current; depth++) {
    const { message, details, shortMessage } = current as { message?: string; details?: string; shortMessage?: string };
    parts.push(message ?? "", details ?? "", shortMessage ?? "");
    current = (current as { cause?: unknown }).cause;
  }
  return parts.join(" | ");
}
