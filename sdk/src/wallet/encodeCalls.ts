// ERC-7821 batch encoding: `execute(mode, abi.encode(Call[]))`. Every PaykeyAccount operation is a batch,
// even of one call (OpenZeppelin's ERC7821 supports the batch mode only).
import { type AbiFunction, type Address, type Hex, decodeAbiParameters, encodeAbiParameters, encodeFunctionData, toFunctionSelector } from "viem";
import { paykeyAccountAbi } from "../generated/contracts.ts";
import { batchExecutionMode } from "./constants.ts";
import { WalletError } from "./errors.ts";

/** One call the account makes. */
export type WalletCall = { to: Address; data?: Hex | undefined; value?: bigint | undefined };

const callsParameter = [
  {
    type: "tuple[]",
    components: [
      { name: "target", type: "address" },
      { name: "value", type: "uint256" },
      { name: "data", type: "bytes" },
    ],
  },
] as const;

/** ERC-7821 `executionData` of a batch: `abi.encode(Call[])`. */
export function encodeExecutionData(calls: readonly WalletCall[]): Hex {
  return encodeAbiParameters(callsParameter, [
    calls.map((call) => ({ target: call.to, value: call.value ?? 0n, data: call.data ?? "0x" })),
  ]);
}

export type EncodeExecuteCallsReturnType = Hex;

/** The account `callData` that executes `calls` in order, all or nothing. */
export function encodeExecuteCalls(calls: readonly WalletCall[]): EncodeExecuteCallsReturnType {
  return encodeFunctionData({
    abi: paykeyAccountAbi,
    functionName: "execute",
    args: [batchExecutionMode, encodeExecutionData(calls)],
  });
}

export type DecodeExecuteCallsReturnType = WalletCall[];

/** `execute(bytes32,bytes)`, found once: decoding by it skips hashing the ABI's signatures on every call. */
const executeFunction = paykeyAccountAbi.find(
  (item): item is Extract<(typeof paykeyAccountAbi)[number], { type: "function"; name: "execute" }> =>
    item.type === "function" && item.name === "execute" && item.inputs.length === 2 && item.inputs[0]!.type === "bytes32",
)! as AbiFunction;
const executeSelector = toFunctionSelector(executeFunction);

/** The calls inside an account `callData` (the relayer's sponsorship policy reads them). */
export function decodeExecuteCalls(callData: Hex): DecodeExecuteCallsReturnType {
  const selector = callData.slice(0, 10).toLowerCase();
  if (selector !== executeSelector) {
    throw new WalletError("The operation is not an ERC-7821 batch.", { details: `selector ${selector}` });
  }
  const [mode, executionData] = decodeAbiParameters(executeFunction.inputs, `0x${callData.slice(10)}`) as readonly [Hex, Hex];
  if (mode !== batchExecutionMode) {
    throw new WalletError("The operation is not an ERC-7821 batch.", { details: `mode ${mode}` });
  }
  const [calls] = decodeAbiParameters(callsParameter, executionData);
  return calls.map((call) => ({ to: call.target, value: call.value, data: call.data }));
}
