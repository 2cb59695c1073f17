// Answers for eth_getUserOperationByHash and eth_getUserOperationReceipt, from the outbox
// (through the tracker's memory) and the chain (the receipt and logs are the node's, the
// system of record).
import { getAddress, numberToHex, parseEventLogs, type Address, type Hex, type Log, type RpcLog, type RpcTransactionReceipt } from "viem";
import type { UserOperationStatus } from "@paykey/sdk/api";
import { entryPointAbi } from "@paykey/sdk/contracts";
import { JsonText } from "../rpc/jsonText.ts";
import { toRpcUserOperation } from "../rpc/userOperation.ts";
import type { OperationTracker } from "./tracker.ts";

export async function userOperationByHash(tracker: OperationTracker, hash: Hex) {
  const op = await tracker.find(hash);
  if (!op || op.status === "failed" || op.status === "replaced") return null;
  const included = op.status === "included";
  return {
    userOperation: toRpcUserOperation(op.userOperation),
    entryPoint: getAddress(op.entryPoint),
    transactionHash: included ? op.transactionHash : null,
    blockHash: included ? op.blockHash : null,
    blockNumber: included && op.blockNumber !== null ? numberToHex(op.blockNumber) : null,
  };
}

/**
 * The logs each operation of a bundle emitted: after the previous operation's
 * UserOperationEvent (or BeforeExecution), up to its own. Split once per receipt.
 */
function logsByOperation(receipt: RpcTransactionReceipt, entryPoint: Address): Map<string, RpcLog[]> {
  const split = new Map<string, RpcLog[]>();
  const logs = receipt.logs;
  let start = 0;
  for (let index = 0; index < logs.length; index++) {
    const log = logs[index]!;
    if (log.address.toLowerCase() !== entryPoint.toLowerCase()) continue;
    const [event] = parseEventLogs({ abi: entryPointAbi, logs: [log as unknown as Log], eventName: ["UserOperationEvent", "BeforeExecution"] });
    if (!event) continue;
    if (event.eventName === "UserOperationEvent") split.set(event.args.userOpHash.toLowerCase(), logs.slice(start, index) as RpcLog[]);
    start = index + 1;
  }
  return split;
}

const splitLogs = new WeakMap<RpcTransactionReceipt, Map<string, RpcLog[]>>();
const serializedReceipts = new WeakMap<RpcTransactionReceipt, JsonText>();

/** The bundle's receipt as JSON, serialized once for all its operations. */
function serializedReceipt(receipt: RpcTransactionReceipt): JsonText {
  let text = serializedReceipts.get(receipt);
  if (!text) {
    text = new JsonText(JSON.stringify(receipt));
    serializedReceipts.set(receipt, text);
  }
  return text;
}

function logsOfOperation(receipt: RpcTransactionReceipt, entryPoint: Address, hash: Hex): RpcLog[] {
  let split = splitLogs.get(receipt);
  if (!split) {
    split = logsByOperation(receipt, entryPoint);
    splitLogs.set(receipt, split);
  }
  return split.get(hash.toLowerCase()) ?? [];
}

export async function userOperationReceipt(tracker: OperationTracker, hash: Hex) {
  const op = await tracker.find(hash);
  if (!op || op.status !== "included" || !op.transactionHash) return null;
  const receipt = await tracker.receipt(op.transactionHash);
  if (!receipt) return null;
  return {
    userOpHash: op.hash,
    entryPoint: getAddress(op.entryPoint),
    sender: op.userOperation.sender,
    nonce: numberToHex(op.nonce),
    paymaster: op.userOperation.paymaster ?? "0x0000000000000000000000000000000000000000",
    actualGasCost: numberToHex(op.actualGasCost ?? 0n),
    actualGasUsed: numberToHex(op.actualGasUsed ?? 0n),
    success: op.success ?? false,
    ...(op.success === false && op.failureReason ? { reason: op.failureReason } : {}),
    logs: logsOfOperation(receipt, op.entryPoint, op.hash),
    receipt: serializedReceipt(receipt),
  };
}

/** Paykey's own status lookup: also says when and why an operation was dropped. */
export async function userOperationStatus(tracker: OperationTracker, hash: Hex): Promise<UserOperationStatus> {
  const op = await tracker.find(hash);
  if (!op) return null;
  return {
    userOpHash: op.hash,
    status: op.status,
    success: op.success,
    transactionHash: op.transactionHash,
    reason: op.failureReason,
  };
}
