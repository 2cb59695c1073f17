// Receipt verification by any reference an auditor may hold — a payment id, a transaction hash or an
// ERC-4337 user-operation hash (all 32 bytes, so each is tried): the payments it names are found on-chain,
// their events re-read from the chain, and each itemised receipt kept off-chain is checked against the
// line-items hash and order reference the payment committed to. One function for the CLI, the relayer's
// API and the web app.
import { type Address, type Client, type Hex, type Log, TransactionReceiptNotFoundError, toEventSelector } from "viem";
import { getBlock, getTransactionReceipt } from "viem/actions";
import { userOpHashAfter } from "../commerce/paymentEvents.ts";
import { entryPointAbi } from "../generated/contracts.ts";
import { type ChainReceipt, readChainReceipt } from "./chainReceipt.ts";
import { ReceiptNotFoundError } from "./errors.ts";
import { escrowLogSource } from "./escrowSource.ts";
import { type ItemisedReceipt, type ReceiptVerification, checkItemisedReceipt } from "./itemisedReceipt.ts";
import { scanLogs } from "./scanLogs.ts";

export type ReceiptRefKind = "paymentId" | "transactionHash" | "userOpHash";

export type VerifyReceiptParameters = {
  escrow: Address;
  entryPoint: Address;
  /** A payment id, transaction hash or user-operation hash. */
  ref: Hex;
  /** The deployment's first block (default 0). */
  fromBlock?: bigint | undefined;
  /** The itemised receipt kept off-chain for a payment, or null when there is none. */
  itemised?: ((paymentId: Hex) => Promise<ItemisedReceipt | null>) | undefined;
};

export type VerifiedReceipt = { chain: ChainReceipt; itemised: ItemisedReceipt | null; verification: ReceiptVerification };

export type VerifyReceiptReturnType = { ref: Hex; matchedAs: ReceiptRefKind; receipts: VerifiedReceipt[] };

const userOperationEvent = entryPointAbi.find((item) => item.type === "event" && item.name === "UserOperationEvent")!;

/** Payment ids of the escrow's payment logs among `logs` (in log order), optionally only those of one user operation. */
function paymentIdsIn(logs: readonly Log[], escrow: Address, entryPoint: Address, userOpHash?: Hex): Hex[] {
  const source = escrowLogSource(escrow);
  const topics = new Set(source.topics.map((topic) => topic.toLowerCase()));
  const ids: Hex[] = [];
  for (const log of logs) {
    if (log.address.toLowerCase() !== escrow.toLowerCase() || !topics.has(log.topics[0]?.toLowerCase() ?? "")) continue;
    if (userOpHash && userOpHashAfter(logs, entryPoint, log.logIndex!) !== userOpHash) continue;
    const id = log.topics[1]!.toLowerCase() as Hex;
    if (!ids.includes(id)) ids.push(id);
  }
  return ids;
}

/** Which payments `ref` names, and as what. */
export async function findReceiptPayments(
  client: Client,
  { escrow, entryPoint, ref, fromBlock }: Pick<VerifyReceiptParameters, "escrow" | "entryPoint" | "ref" | "fromBlock">,
): Promise<{ matchedAs: ReceiptRefKind; paymentIds: Hex[] }> {
  const hash = ref.toLowerCase() as Hex;
  // A transaction that touched the escrow?
  const receipt = await getTransactionReceipt(client, { hash }).catch((error: unknown) => {
    if (error instanceof TransactionReceiptNotFoundError) return undefined;
    throw error;
  });
  if (receipt) {
    const paymentIds = paymentIdsIn(receipt.logs as Log[], escrow, entryPoint);
    if (paymentIds.length > 0) return { matchedAs: "transactionHash", paymentIds };
  }
  // A payment id (the escrow's first indexed topic) or a user operation (the EntryPoint's)?
  const source = escrowLogSource(escrow);
  const toBlock = (await getBlock(client, { blockTag: "latest" })).number;
  for await (const range of scanLogs(client, {
    address: [escrow, entryPoint],
    topics: [[...source.topics, toEventSelector(userOperationEvent)], hash],
    fromBlock: fromBlock ?? 0n,
    toBlock,
    initialStep: toBlock + 1n,
  })) {
    for (const log of range.logs) {
      if (log.address.toLowerCase() === escrow.toLowerCase()) return { matchedAs: "paymentId", paymentIds: [hash] };
      const operation = await getTransactionReceipt(client, { hash: log.transactionHash! });
      const paymentIds = paymentIdsIn(operation.logs as Log[], escrow, entryPoint, hash);
      if (paymentIds.length > 0) return { matchedAs: "userOpHash", paymentIds };
    }
  }
  throw new ReceiptNotFoundError({ ref });
}

export async function verifyReceipt(client: Client, parameters: VerifyReceiptParameters): Promise<VerifyReceiptReturnType> {
  const { matchedAs, paymentIds } = await findReceiptPayments(client, parameters);
  const receipts = await Promise.all(
    paymentIds.map(async (paymentId): Promise<VerifiedReceipt> => {
      const [chain, itemised] = await Promise.all([
        readChainReceipt(client, { escrow: parameters.escrow, entryPoint: parameters.entryPoint, paymentId, fromBlock: parameters.fromBlock }),
        parameters.itemised ? parameters.itemised(paymentId) : Promise.resolve(null),
      ]);
      return { chain, itemised, verification: checkItemisedReceipt(chain, itemised) };
    }),
  );
  return { ref: parameters.ref.toLowerCase() as Hex, matchedAs, receipts };
}
