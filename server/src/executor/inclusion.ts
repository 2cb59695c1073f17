// What a mined bundle did: its EntryPoint events per operation (UserOperationEvent.success —
// an inner revert does not revert handleOps — actual gas, revert reason), recorded in the
// outbox together with the sponsorship it used.
import { parseEventLogs, type Address, type Hex, type Log, type PublicClient, type RpcTransactionReceipt } from "viem";
import { keccak256 } from "../keccak.ts";
import { entryPointAbi } from "@paykey/sdk/contracts";
import type { Queryable } from "../db/store.ts";
import { settleSponsorships, type SponsorshipSettlement } from "../sponsor/gasUsage.ts";
import { markIncluded, type OutboxOperation } from "./outbox.ts";
import { decodeRevert } from "./revert.ts";

export type OperationOutcome = {
  success: boolean;
  actualGasCost: bigint;
  actualGasUsed: bigint;
  revertReason: string | null;
};

export async function transactionReceipt(client: PublicClient, hash: Hex): Promise<RpcTransactionReceipt | null> {
  return (await client.request({ method: "eth_getTransactionReceipt", params: [hash] })) as RpcTransactionReceipt | null;
}

export function operationOutcomes(receipt: RpcTransactionReceipt, entryPoint: Address): Map<string, OperationOutcome> {
  const logs = receipt.logs.filter((log) => log.address.toLowerCase() === entryPoint.toLowerCase()) as unknown as Log[];
  const events = parseEventLogs({ abi: entryPointAbi, logs, eventName: ["UserOperationEvent", "UserOperationRevertReason"], strict: true });
  const reasons = new Map<string, Hex>();
  const outcomes = new Map<string, OperationOutcome>();
  for (const event of events) {
    if (event.eventName === "UserOperationRevertReason") reasons.set(event.args.userOpHash.toLowerCase(), event.args.revertReason);
  }
  for (const event of events) {
    if (event.eventName !== "UserOperationEvent") continue;
    const hash = event.args.userOpHash.toLowerCase();
    const reason = reasons.get(hash);
    outcomes.set(hash, {
      success: event.args.success,
      actualGasCost: event.args.actualGasCost,
      actualGasUsed: event.args.actualGasUsed,
      revertReason: event.args.success ? null : reason ? (decodeRevert(reason).message ?? reason) : "execution reverted",
    });
  }
  return outcomes;
}

/**
 * Records each operation's outcome and the sponsorship it used, in two statements for the
 * whole bundle. Returns the operations as now included, and those the bundle did not include.
 */
export async function recordInclusion(
  db: Queryable,
  parameters: {
    operations: readonly OutboxOperation[];
    receipt: RpcTransactionReceipt;
    entryPoint: Address;
    paymaster: Address;
    now: Date;
  },
): Promise<{ included: OutboxOperation[]; missing: OutboxOperation[] }> {
  const { receipt, now } = parameters;
  const outcomes = operationOutcomes(receipt, parameters.entryPoint);
  const included: OutboxOperation[] = [];
  const missing: OutboxOperation[] = [];
  const sponsored: SponsorshipSettlement[] = [];
  for (const op of parameters.operations) {
    const outcome = outcomes.get(op.hash.toLowerCase());
    if (!outcome) {
      missing.push(op);
      continue;
    }
    included.push({
      ...op,
      status: "included",
      success: outcome.success,
      actualGasCost: outcome.actualGasCost,
      actualGasUsed: outcome.actualGasUsed,
      transactionHash: receipt.transactionHash,
      blockHash: receipt.blockHash,
      blockNumber: BigInt(receipt.blockNumber),
      failureReason: outcome.revertReason,
    });
    const { paymaster, paymasterData } = op.userOperation;
    if (paymaster && paymaster.toLowerCase() === parameters.paymaster.toLowerCase()) {
      sponsored.push({
        sender: op.sender,
        nonce: op.nonce,
        paymasterDataHash: keccak256(paymasterData ?? "0x"),
        userOperationHash: op.hash,
        gasUsed: outcome.actualGasUsed,
        gasCost: outcome.actualGasCost,
      });
    }
  }
  await markIncluded(db, included, now);
  await settleSponsorships(db, sponsored);
  return { included, missing };
}
