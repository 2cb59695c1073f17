// Answers for eth_getUserOperationByHash and eth_getUserOperationReceipt, from the outbox
// and the chain (the receipt and logs are read from the node, the system of record).
import { getAddress, numberToHex, parseEventLogs, type Address, type Hex, type Log, type PublicClient, type RpcLog } from "viem";
import { entryPointAbi } from "../../../web/src/generated/contracts.ts";
import type { Queryable } from "../db/store.ts";
import { toRpcUserOperation } from "../rpc/userOperation.ts";
import { transactionReceipt } from "./inclusion.ts";
import { findOperation } from "./outbox.ts";

export async function userOperationByHash(db: Queryable, hash: Hex) {
  const op = await findOperation(db, hash);
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

/** The logs an operation emitted: after the previous operation's UserOperationEvent (or BeforeExecution), up to its own. */
function logsOfOperation(logs: readonly RpcLog[], entryPoint: Address, hash: Hex): RpcLog[] {
  let start = 0;
  for (let index = 0; index < logs.length; index++) {
    const log = logs[index]!;
    if (log.address.toLowerCase() !== entryPoint.toLowerCase()) continue;
    const [event] = parseEventLogs({ abi: entryPointAbi, logs: [log as unknown as Log], eventName: ["UserOperationEvent", "BeforeExecution"] });
    if (!event) continue;
    if (event.eventName === "BeforeExecution") start = index + 1;
    else if (event.args.userOpHash.toLowerCase() === hash.toLowerCase()) return logs.slice(start, index) as RpcLog[];
    else start = index + 1;
  }
  return [];
}

export async function userOperationReceipt(db: Queryable, client: PublicClient, hash: Hex) {
  const op = await findOperation(db, hash);
  if (!op || op.status !== "included" || !op.transactionHash) return null;
  const receipt = await transactionReceipt(client, op.transactionHash);
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
    logs: logsOfOperation(receipt.logs, op.entryPoint, op.hash),
    receipt,
  };
}

/** Paykey's own status lookup: also says when and why an operation was dropped. */
export async function userOperationStatus(db: Queryable, hash: Hex) {
  const op = await findOperation(db, hash);
  if (!op) return null;
  return {
    userOpHash: op.hash,
    status: op.status,
    success: op.success,
    transactionHash: op.transactionHash,
    reason: op.failureReason,
  };
}
