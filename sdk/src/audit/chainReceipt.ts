// A payment's history read straight from the chain (not from the relayer's database): the escrow's logs
// for this payment id, each with its transaction, block, log index, block time and the ERC-4337 user
// operation that made the call (the EntryPoint's UserOperationEvent that follows the log in the same
// transaction). The receipt page, the auditor page, the relayer's /api/audit routes and the CLI use it.
import type { Address, Client, Hex, Log, RpcLog } from "viem";
import { getBlock, getTransactionReceipt } from "viem/actions";
import { type PaymentEventKind, userOpHashAfter } from "../commerce/paymentEvents.ts";
import { escrowLogSource } from "./escrowSource.ts";
import { compareLogPositions } from "./logSource.ts";
import { scanLogs } from "./scanLogs.ts";

export type ChainPaymentStep = {
  kind: PaymentEventKind;
  amount: bigint;
  /** Authorization only: the price before discounts (what the line items add up to). */
  price?: bigint | undefined;
  /** Capture only: the fee taken and where the net went. */
  fee?: bigint | undefined;
  payout?: Address | undefined;
  /** Loyalty points this step moved: redeemed and the coupon's discount (authorization), earned (capture),
   * burned (refund) and given back (refund, void, reclaim). */
  points?: { redeemed?: bigint; couponDiscount?: bigint; minted?: bigint; burned?: bigint; restored?: bigint } | undefined;
  payer: Address;
  merchantId: bigint;
  token: Address;
  orderRef: Hex;
  lineItemsHash: Hex;
  transactionHash: Hex;
  blockNumber: bigint;
  blockHash: Hex;
  logIndex: number;
  userOpHash: Hex | null;
  /** Block time, unix seconds. */
  timestamp: number;
};

export type ChainReceipt = {
  paymentId: Hex;
  steps: ChainPaymentStep[];
  authorized: bigint;
  captured: bigint;
  fees: bigint;
  refunded: bigint;
  released: bigint;
  /** Points redeemed at checkout, the coupon's discount, points earned net of those a refund burned. */
  pointsUsed: bigint;
  couponDiscount: bigint;
  pointsEarned: bigint;
  status: "none" | "authorized" | "captured" | "refunded" | "voided" | "reclaimed";
};

function statusOf(steps: readonly ChainPaymentStep[]): ChainReceipt["status"] {
  const kindsSeen = new Set(steps.map((step) => step.kind));
  if (kindsSeen.has("refunded")) return "refunded";
  if (kindsSeen.has("captured")) return "captured";
  if (kindsSeen.has("voided")) return "voided";
  if (kindsSeen.has("reclaimed")) return "reclaimed";
  return kindsSeen.has("authorized") ? "authorized" : "none";
}

export type ReadChainReceiptParameters = {
  escrow: Address;
  entryPoint: Address;
  paymentId: Hex;
  /** First block to read (the deployment's); default 0. */
  fromBlock?: bigint | undefined;
  /** Last block to read; default the latest. */
  toBlock?: bigint | undefined;
};

/** Reads every escrow event of `paymentId` and the user operation behind each. */
export async function readChainReceipt(client: Client, parameters: ReadChainReceiptParameters): Promise<ChainReceipt> {
  const { escrow, entryPoint, paymentId } = parameters;
  const source = escrowLogSource(escrow);
  const toBlock = parameters.toBlock ?? (await getBlock(client, { blockTag: "latest" })).number;
  const raw: RpcLog[] = [];
  for await (const range of scanLogs(client, {
    address: [escrow],
    topics: [source.topics, paymentId.toLowerCase() as Hex],
    fromBlock: parameters.fromBlock ?? 0n,
    toBlock,
    initialStep: toBlock + 1n,
  })) {
    raw.push(...range.logs);
  }
  const receipts = new Map<Hex, Promise<Log[]>>();
  const blocks = new Map<bigint, Promise<number>>();
  const steps = await Promise.all(
    raw.flatMap((log) => {
      const event = source.decode(log);
      if (!event) return [];
      if (!receipts.has(event.transactionHash)) {
        receipts.set(event.transactionHash, getTransactionReceipt(client, { hash: event.transactionHash }).then((receipt) => receipt.logs as Log[]));
      }
      if (!blocks.has(event.blockNumber)) {
        blocks.set(event.blockNumber, getBlock(client, { blockNumber: event.blockNumber }).then((block) => Number(block.timestamp)));
      }
      return [
        (async (): Promise<ChainPaymentStep> => ({
          kind: event.kind,
          amount: event.amount,
          price: event.price ?? undefined,
          fee: event.kind === "captured" ? event.fee : undefined,
          payout: event.payout ?? undefined,
          points: {
            redeemed: event.pointsRedeemed,
            couponDiscount: event.couponDiscount,
            minted: event.pointsMinted,
            burned: event.pointsBurned,
            restored: event.pointsRestored,
          },
          payer: event.payer,
          merchantId: event.merchantId,
          token: event.token,
          orderRef: event.orderRef,
          lineItemsHash: event.lineItemsHash,
          transactionHash: event.transactionHash,
          blockNumber: event.blockNumber,
          blockHash: event.blockHash,
          logIndex: event.logIndex,
          userOpHash: userOpHashAfter(await receipts.get(event.transactionHash)!, entryPoint, event.logIndex),
          timestamp: await blocks.get(event.blockNumber)!,
        }))(),
      ];
    }),
  );
  steps.sort(compareLogPositions);
  const sum = (kind: PaymentEventKind, pick: (step: ChainPaymentStep) => bigint = (step) => step.amount) =>
    steps.filter((step) => step.kind === kind).reduce((total, step) => total + pick(step), 0n);
  return {
    paymentId: paymentId.toLowerCase() as Hex,
    steps,
    authorized: sum("authorized"),
    captured: sum("captured"),
    fees: sum("captured", (step) => step.fee ?? 0n),
    refunded: sum("refunded"),
    released: sum("voided") + sum("reclaimed"),
    pointsUsed: sum("authorized", (step) => step.points?.redeemed ?? 0n),
    couponDiscount: sum("authorized", (step) => step.points?.couponDiscount ?? 0n),
    pointsEarned: sum("captured", (step) => step.points?.minted ?? 0n) - sum("refunded", (step) => step.points?.burned ?? 0n),
    status: statusOf(steps),
  };
}
