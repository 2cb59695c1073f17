// Rebuilds a merchant's books from escrow events alone. Events are fed in chain order from the
// deployment's first block to the period's last block; every payment of every merchant is followed
// (lightly) so the conservation checks see everything the escrow still holds, and the audited
// merchant's payments that moved during the period are kept in full, with their events.
import type { Address, Hex } from "viem";
import { type PaymentStatus, applyPaymentEvent } from "../commerce/paymentTotals.ts";
import type { EscrowPaymentEvent } from "./escrowSource.ts";

/**
 * One event as the books keep it: what reconciliation compares, without the fields every event of the payment
 * repeats (a merchant's books hold hundreds of thousands; the full record is kept only while it is folded in).
 */
export type BookEvent = Pick<EscrowPaymentEvent, "kind" | "amount" | "paymentId" | "transactionHash" | "logIndex" | "blockNumber" | "blockHash">;

/** A payment of the audited merchant as rebuilt from the chain, as of the period's last block. */
export type RebuiltPayment = {
  paymentId: Hex;
  merchantId: bigint;
  payer: Address;
  token: Address;
  status: PaymentStatus;
  authorized: bigint;
  captured: bigint;
  refunded: bigint;
  released: bigint;
  fees: bigint;
  /** Price before discounts and the fee rate, from the authorization. */
  price: bigint;
  feeBps: number;
  pointsRedeemed: bigint;
  pointsMinted: bigint;
  pointsBurned: bigint;
  pointsRestored: bigint;
  orderRef: Hex;
  lineItemsHash: Hex;
  /** Every event of the payment up to the period's last block, in chain order. */
  events: BookEvent[];
};

/** A payment of any merchant, reduced to what conservation needs. */
type Running = { token: Address; authorized: bigint; captured: bigint; refunded: bigint; released: bigint };

/** A broken invariant of a payment: something the escrow should have made impossible. */
export type InvariantViolation = { paymentId: Hex; rule: string; message: string; transactionHash: Hex; blockNumber: bigint };

export type Books = {
  merchantId: bigint;
  fromBlock: bigint;
  toBlock: bigint;
  /** The merchant's payments with at least one event in the period, by payment id. */
  payments: Map<Hex, RebuiltPayment>;
  /** The merchant's events in the period, in chain order. */
  events: BookEvent[];
  /** What the escrow should still hold per token (lowercase address) at the period's end, all merchants. */
  held: Map<Address, bigint>;
  /** Payments of all merchants followed. */
  paymentsSeen: number;
  violations: InvariantViolation[];
};

export type BooksBuilder = { add(event: EscrowPaymentEvent): void; finish(): Books };

/** Starts an empty set of books for `merchantId` over blocks `[fromBlock, toBlock]`. */
export function createBooksBuilder({ merchantId, fromBlock, toBlock }: { merchantId: bigint; fromBlock: bigint; toBlock: bigint }): BooksBuilder {
  const running = new Map<Hex, Running>();
  /** The merchant's payments (all of them; those that moved in the period are kept at the end). */
  const merchantPayments = new Map<Hex, RebuiltPayment>();
  const touched = new Set<Hex>();
  const events: BookEvent[] = [];
  const violations: InvariantViolation[] = [];

  const violate = (event: EscrowPaymentEvent, rule: string, message: string) =>
    violations.push({ paymentId: event.paymentId, rule, message, transactionHash: event.transactionHash, blockNumber: event.blockNumber });

  function follow(event: EscrowPaymentEvent): void {
    let payment = running.get(event.paymentId);
    if (!payment) {
      if (event.kind !== "authorized") violate(event, "authorized_first", `A ${event.kind} event came before any authorization.`);
      payment = { token: event.token, authorized: 0n, captured: 0n, refunded: 0n, released: 0n };
      running.set(event.paymentId, payment);
    } else if (event.kind === "authorized") {
      violate(event, "authorized_once", "The payment was authorized a second time.");
    }
    if (event.kind === "authorized") payment.authorized += event.amount;
    else if (event.kind === "captured") payment.captured += event.amount;
    else if (event.kind === "refunded") payment.refunded += event.amount;
    else payment.released += event.amount;
    if (payment.captured + payment.released > payment.authorized) {
      violate(event, "captured_le_authorized", `Captured ${payment.captured} plus released ${payment.released} exceed authorized ${payment.authorized}.`);
    }
    if (payment.refunded > payment.captured) violate(event, "refunded_le_captured", `Refunded ${payment.refunded} exceeds captured ${payment.captured}.`);
  }

  function record(event: EscrowPaymentEvent): void {
    let payment = merchantPayments.get(event.paymentId);
    if (!payment) {
      payment = {
        paymentId: event.paymentId,
        merchantId: event.merchantId,
        payer: event.payer,
        token: event.token,
        status: "authorized",
        authorized: 0n,
        captured: 0n,
        refunded: 0n,
        released: 0n,
        fees: 0n,
        price: 0n,
        feeBps: 0,
        pointsRedeemed: 0n,
        pointsMinted: 0n,
        pointsBurned: 0n,
        pointsRestored: 0n,
        orderRef: event.orderRef,
        lineItemsHash: event.lineItemsHash,
        events: [],
      };
      merchantPayments.set(event.paymentId, payment);
    }
    const { authorized, captured, refunded, released, status } = payment;
    Object.assign(payment, applyPaymentEvent({ authorized, captured, refunded, released, status }, event.kind, event.amount));
    if (event.kind === "authorized") {
      payment.price += event.price ?? 0n;
      payment.feeBps = event.feeBps ?? 0;
    }
    payment.fees += event.fee;
    payment.pointsRedeemed += event.pointsRedeemed;
    payment.pointsMinted += event.pointsMinted;
    payment.pointsBurned += event.pointsBurned;
    payment.pointsRestored += event.pointsRestored;
    const kept: BookEvent = {
      kind: event.kind,
      amount: event.amount,
      paymentId: payment.paymentId,
      transactionHash: event.transactionHash,
      logIndex: event.logIndex,
      blockNumber: event.blockNumber,
      blockHash: event.blockHash,
    };
    payment.events.push(kept);
    if (event.blockNumber >= fromBlock) {
      touched.add(event.paymentId);
      events.push(kept);
    }
  }

  return {
    add(event) {
      if (event.blockNumber > toBlock) return;
      follow(event);
      if (event.merchantId === merchantId) record(event);
    },
    finish() {
      const held = new Map<Address, bigint>();
      for (const payment of running.values()) {
        held.set(payment.token, (held.get(payment.token) ?? 0n) + payment.authorized - payment.captured - payment.released);
      }
      const payments = new Map<Hex, RebuiltPayment>();
      for (const paymentId of touched) payments.set(paymentId, merchantPayments.get(paymentId)!);
      return { merchantId, fromBlock, toBlock, payments, events, held, paymentsSeen: running.size, violations };
    },
  };
}
