// A payment's history read straight from the chain (not from the relayer's database): the escrow's logs for
// this payment id, each with its transaction, block, log index and the ERC-4337 user operation that made the
// call (the EntryPoint's UserOperationEvent that follows the log in the same transaction), and block time.
import { type Address, type Client, type Hex, type Log, type RpcLog, encodeEventTopics, formatLog, parseEventLogs } from "viem";
import { getBlock, getTransactionReceipt } from "viem/actions";
import { type PaymentEventKind, type PaymentEventName, paymentEventKinds, paymentEventNames, userOpHashAfter } from "@paykey/sdk/commerce";
import { iPaymentEscrowAbi } from "@paykey/sdk/contracts";

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
  logIndex: number;
  userOpHash: Hex | null;
  timestamp: number;
};

export type ChainReceipt = {
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

export async function readChainReceipt(
  client: Client,
  { escrow, entryPoint, paymentId }: { escrow: Address; entryPoint: Address; paymentId: Hex },
): Promise<ChainReceipt> {
  const signatures = paymentEventNames.map((eventName) => encodeEventTopics({ abi: iPaymentEscrowAbi, eventName } as never)[0]!);
  const raw = (await client.request({
    method: "eth_getLogs",
    params: [{ address: escrow, topics: [signatures, paymentId], fromBlock: "earliest", toBlock: "latest" }],
  } as never)) as RpcLog[];
  const logs = parseEventLogs({ abi: iPaymentEscrowAbi, eventName: paymentEventNames, logs: raw.map((log) => formatLog(log)) as Log[] });
  const receipts = new Map<Hex, Promise<Log[]>>();
  const blocks = new Map<bigint, Promise<number>>();
  const steps = await Promise.all(
    logs.map(async (log): Promise<ChainPaymentStep> => {
      const transactionHash = log.transactionHash!;
      if (!receipts.has(transactionHash)) receipts.set(transactionHash, getTransactionReceipt(client, { hash: transactionHash }).then((receipt) => receipt.logs as Log[]));
      if (!blocks.has(log.blockNumber!)) blocks.set(log.blockNumber!, getBlock(client, { blockNumber: log.blockNumber! }).then((block) => Number(block.timestamp)));
      const args = log.args as { amount: bigint; payer: Address; merchantId: bigint; token: Address; orderRef: Hex; lineItemsHash: Hex; fee?: bigint; payout?: Address; price?: bigint } & {
        pointsRedeemed?: bigint;
        couponDiscount?: bigint;
        pointsMinted?: bigint;
        pointsBurned?: bigint;
        pointsRestored?: bigint;
      };
      return {
        kind: paymentEventKinds[log.eventName as PaymentEventName],
        amount: args.amount,
        price: log.eventName === "PaymentAuthorized" ? args.price : undefined,
        fee: log.eventName === "PaymentCaptured" ? args.fee : undefined,
        payout: log.eventName === "PaymentCaptured" ? args.payout : undefined,
        points: {
          redeemed: args.pointsRedeemed,
          couponDiscount: args.couponDiscount,
          minted: args.pointsMinted,
          burned: args.pointsBurned,
          restored: args.pointsRestored,
        },
        payer: args.payer,
        merchantId: args.merchantId,
        token: args.token,
        orderRef: args.orderRef,
        lineItemsHash: args.lineItemsHash,
        transactionHash,
        blockNumber: log.blockNumber!,
        logIndex: log.logIndex!,
        userOpHash: userOpHashAfter(await receipts.get(transactionHash)!, entryPoint, log.logIndex!),
        timestamp: await blocks.get(log.blockNumber!)!,
      };
    }),
  );
  steps.sort((a, b) => (a.blockNumber === b.blockNumber ? a.logIndex - b.logIndex : a.blockNumber < b.blockNumber ? -1 : 1));
  const sum = (kind: PaymentEventKind, pick: (step: ChainPaymentStep) => bigint = (step) => step.amount) =>
    steps.filter((step) => step.kind === kind).reduce((total, step) => total + pick(step), 0n);
  return {
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
