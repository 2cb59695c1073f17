// Revert data: found in a failed call's error chain, and decoded when it is a known error
// (Error(string), Panic, the escrow's and tokens' custom errors, an account's wrapped error).
import { BaseError as ViemError, decodeErrorResult, ExecutionRevertedError, parseAbi, type Abi, type Hex } from "viem";
import * as generated from "@paykey/sdk/contracts";

// eth-infinitism's BaseAccount wraps a failed batch call in ExecuteError. No contract this project
// compiles declares it (PaykeyAccount batches with OpenZeppelin's ERC7821, which bubbles the inner
// revert), so it is the one error written here, for accounts built on BaseAccount. Every other
// known error (ERC-20's, OpenZeppelin's FailedCall, the escrow's) comes from the generated ABIs.
const accountErrors = parseAbi(["error ExecuteError(uint256 index, bytes reason)"]);

function knownErrors(): Abi {
  const abis = Object.entries(generated as Record<string, unknown>)
    .filter(([name, value]) => name.endsWith("Abi") && Array.isArray(value))
    .flatMap(([, value]) => (value as Abi).filter((item) => item.type === "error"));
  return [...accountErrors, ...abis];
}

let errorsAbi: Abi | undefined;

export function decodeRevert(data: Hex): { name?: string; message?: string } {
  if (!data || data === "0x") return {};
  errorsAbi ??= knownErrors();
  try {
    const decoded = decodeErrorResult({ abi: errorsAbi, data });
    if (decoded.errorName === "Error") return { name: "Error", message: String(decoded.args?.[0]) };
    if (decoded.errorName === "ExecuteError") {
      const inner = decodeRevert(decoded.args?.[1] as Hex);
      return { name: inner.name ?? "ExecuteError", message: inner.message ?? inner.name };
    }
    const args = (decoded.args ?? []).map((arg) => (typeof arg === "bigint" ? arg.toString() : String(arg)));
    return { name: decoded.errorName, message: `${decoded.errorName}(${args.join(", ")})` };
  } catch {
    return {};
  }
}

/** The revert data of a failed eth_call / estimateGas, wherever the client put it. */
export function revertDataOf(error: unknown): Hex | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 12 && current; depth++) {
    const candidate = (current as { data?: unknown }).data;
    if (typeof candidate === "string" && /^0x[0-9a-fA-F]*$/.test(candidate) && candidate.length >= 10) return candidate as Hex;
    if (candidate && typeof candidate === "object") {
      const nested = (candidate as { data?: unknown }).data;
      if (typeof nested === "string" && /^0x[0-9a-fA-F]*$/.test(nested) && nested.length >= 10) return nested as Hex;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Whether a failed eth_call was executed and reverted (as opposed to not run: node down,
 * timeout). A revert without data still is one: e.g. EntryPoint v0.8 calls the sender
 * creator with the operation's verificationGasLimit, and running out of gas there reverts
 * the whole call with no reason.
 */
export function isExecutionRevert(error: unknown): boolean {
  return error instanceof ViemError && error.walk((cause) => cause instanceof ExecutionRevertedError) !== null;
}
