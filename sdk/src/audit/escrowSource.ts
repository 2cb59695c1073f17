// The escrow as a log source of the audit: its five payment events (authorized, captured, voided,
// reclaimed, refunded), decoded into one record shape with everything the receipts carry.
import type { Address, Hex, RpcLog } from "viem";
import { toEventSelector } from "viem";
import { iPaymentEscrowAbi } from "../generated/contracts.ts";
import { type PaymentEventKind, type PaymentEventName, paymentEventKinds } from "../commerce/paymentEvents.ts";
import { createLogDecoder } from "./decodeLogs.ts";
import type { AuditLogSource, LogPosition } from "./logSource.ts";

/** One escrow payment event as the audit reads it. Addresses and hashes are lowercase. */
export type EscrowPaymentEvent = LogPosition & {
  source: "escrow";
  kind: PaymentEventKind;
  paymentId: Hex;
  merchantId: bigint;
  payer: Address;
  token: Address;
  /** Authorized: what the payer paid; captured: gross capture; voided/reclaimed: released; refunded: refunded. */
  amount: bigint;
  /** Authorization only: the price before discounts, and the fee rate the terms disclose. */
  price: bigint | null;
  feeBps: number | null;
  /** Capture only: the fee taken from it, and where the net went. */
  fee: bigint;
  payout: Address | null;
  /** Loyalty points: redeemed at authorization, minted at capture, burned at refund, restored on money returned. */
  pointsRedeemed: bigint;
  /** Authorization only: the coupon's discount. */
  couponDiscount: bigint;
  pointsMinted: bigint;
  pointsBurned: bigint;
  pointsRestored: bigint;
  orderRef: Hex;
  lineItemsHash: Hex;
};

export const escrowPaymentEvents = iPaymentEscrowAbi.filter(
  (item): item is Extract<(typeof iPaymentEscrowAbi)[number], { type: "event"; name: PaymentEventName }> =>
    item.type === "event" && item.name in paymentEventKinds,
);

/** The position fields of a raw log (lowercase hashes). */
export function logPosition(log: RpcLog): LogPosition {
  return {
    transactionHash: log.transactionHash!.toLowerCase() as Hex,
    logIndex: Number(log.logIndex),
    blockNumber: BigInt(log.blockNumber!),
    blockHash: log.blockHash!.toLowerCase() as Hex,
  };
}

/** The escrow's payment events at `address` as a log source. */
export function escrowLogSource(address: Address): AuditLogSource<EscrowPaymentEvent> {
  const decode = createLogDecoder(escrowPaymentEvents);
  const big = (value: unknown) => (value === undefined ? 0n : (value as bigint));
  return {
    name: "escrow",
    address,
    topics: escrowPaymentEvents.map((event) => toEventSelector(event)),
    decode(log) {
      const decoded = decode(log);
      if (!decoded) return undefined;
      const { args } = decoded;
      const kind = paymentEventKinds[decoded.eventName as PaymentEventName];
      return {
        source: "escrow",
        kind,
        paymentId: args.paymentId as Hex,
        merchantId: args.merchantId as bigint,
        payer: args.payer as Address,
        token: args.token as Address,
        amount: args.amount as bigint,
        price: kind === "authorized" ? (args.price as bigint) : null,
        feeBps: kind === "authorized" ? (args.feeBps as number) : null,
        fee: big(args.fee),
        payout: kind === "captured" && args.payout !== undefined ? (args.payout as Address) : null,
        pointsRedeemed: big(args.pointsRedeemed),
        couponDiscount: big(args.couponDiscount),
        pointsMinted: big(args.pointsMinted),
        pointsBurned: big(args.pointsBurned),
        pointsRestored: big(args.pointsRestored),
        orderRef: args.orderRef as Hex,
        lineItemsHash: args.lineItemsHash as Hex,
        ...logPosition(log),
      };
    },
  };
}
