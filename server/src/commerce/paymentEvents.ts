// One escrow payment event (authorized, captured, voided, reclaimed, refunded) as the indexer
// records it — every field of the receipt the escrow emitted, with the ERC-4337 user operation
// that made the call (the totals and status it moves: applyPaymentEvent in @paykey/sdk/commerce).
import { getAddress, parseEventLogs, zeroHash, type Address, type Hex, type Log } from "viem";
import {
  paymentEventKinds,
  type PaymentEventKind,
  type PaymentEventName,
} from "@paykey/sdk/commerce";
import type { Finality, PaymentStatus } from "@paykey/sdk/api";
import { escrowPaymentEvents } from "@paykey/sdk/audit";

export type { Finality, PaymentEventKind, PaymentStatus };

/** The escrow's five payment events, for `getLogs`. */
export const paymentEventsAbi = escrowPaymentEvents;

export type IndexedPaymentEvent = {
  kind: PaymentEventKind;
  paymentId: Hex;
  merchantId: bigint;
  payer: Address;
  token: Address;
  /** Authorized: what the payer paid (price minus discounts); captured, voided, reclaimed, refunded: the amount moved. */
  amount: bigint;
  /** Only on authorization: the fee rate the terms disclose. */
  feeBps: number | null;
  /** Only on authorization: the price before discounts. */
  price: bigint | null;
  /** Authorization: loyalty points redeemed as a discount (one point, one base unit). */
  pointsRedeemed: bigint;
  /** Authorization: the redeemed coupon, or null. */
  couponId: Hex | null;
  couponDiscount: bigint;
  /** Capture: the fee taken from `amount`, and where the net and the fee went. */
  fee: bigint;
  payout: Address | null;
  feeReceiver: Address | null;
  /** Capture: points minted to the payer. */
  pointsMinted: bigint;
  /** Refund: who refunded, and the earned points burned. */
  refunder: Address | null;
  pointsBurned: bigint;
  /** Void, reclaim, refund: redeemed points credited back to the payer. */
  pointsRestored: bigint;
  orderRef: Hex;
  lineItemsHash: Hex;
  transactionHash: Hex;
  logIndex: number;
  blockNumber: bigint;
  blockHash: Hex;
  timestamp: Date;
  userOpHash: Hex | null;
};

export type DecodedPaymentEvent = Omit<IndexedPaymentEvent, "timestamp" | "userOpHash">;

const lower = <T extends string>(value: T) => value.toLowerCase() as T;

/** Decodes escrow logs into events (without block time and user operation, filled in by the indexer). */
export function decodePaymentLogs(logs: readonly Log[]): DecodedPaymentEvent[] {
  return parseEventLogs({ abi: paymentEventsAbi, logs: logs as Log[], strict: true }).map((log) => {
    const common = {
      kind: paymentEventKinds[log.eventName],
      paymentId: lower(log.args.paymentId),
      merchantId: log.args.merchantId,
      payer: getAddress(log.args.payer),
      token: getAddress(log.args.token),
      amount: log.args.amount,
      feeBps: null,
      price: null,
      pointsRedeemed: 0n,
      couponId: null,
      couponDiscount: 0n,
      fee: 0n,
      payout: null,
      feeReceiver: null,
      pointsMinted: 0n,
      refunder: null,
      pointsBurned: 0n,
      pointsRestored: 0n,
      orderRef: lower(log.args.orderRef),
      lineItemsHash: lower(log.args.lineItemsHash),
      transactionHash: lower(log.transactionHash!),
      logIndex: log.logIndex!,
      blockNumber: log.blockNumber!,
      blockHash: lower(log.blockHash!),
    } satisfies DecodedPaymentEvent;
    switch (log.eventName) {
      case "PaymentAuthorized":
        return {
          ...common,
          feeBps: log.args.feeBps,
          price: log.args.price,
          pointsRedeemed: log.args.pointsRedeemed,
          couponId: log.args.couponId === zeroHash ? null : lower(log.args.couponId),
          couponDiscount: log.args.couponDiscount,
        };
      case "PaymentCaptured":
        return {
          ...common,
          fee: log.args.fee,
          payout: getAddress(log.args.payout),
          feeReceiver: getAddress(log.args.feeReceiver),
          pointsMinted: log.args.pointsMinted,
        };
      case "PaymentRefunded":
        return {
          ...common,
          refunder: getAddress(log.args.refunder),
          pointsBurned: log.args.pointsBurned,
          pointsRestored: log.args.pointsRestored,
        };
      case "PaymentVoided":
      case "PaymentReclaimed":
        return { ...common, pointsRestored: log.args.pointsRestored };
    }
  });
}
