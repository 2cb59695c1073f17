// Compares the books rebuilt from the chain with the relayer's ledger and lists every difference with a
// category. Events are compared one by one (transaction hash and log index), payments by their totals
// and details as of the period's last block. A difference the ledger's own state explains (a block its
// indexer has not read yet, a row it marks as not final) is listed but marked `explained`.
import type { Hex } from "viem";
import { hashLineItems, orderRefHash } from "../commerce/lineItems.ts";
import { type PaymentTotals, applyPaymentEvent, emptyPaymentTotals } from "../commerce/paymentTotals.ts";
import type { Books, RebuiltPayment } from "./books.ts";
import type { LedgerEvent, LedgerFinality, LedgerPayment, LedgerSnapshot } from "./ledger.ts";
import { compareLogPositions } from "./logSource.ts";

export const differenceCategories = [
  "missing_in_ledger",
  "extra_in_ledger",
  "amount_differs",
  "status_differs",
  "not_final_yet",
  "reorged_away",
  "line_items_mismatch",
  "detail_differs",
] as const;

export type DifferenceCategory = (typeof differenceCategories)[number];

export type Difference = {
  category: DifferenceCategory;
  /** True when the ledger's own state accounts for it (not indexed yet, not final): the audit still passes. */
  explained: boolean;
  subject: "payment" | "event";
  paymentId: Hex;
  transactionHash: Hex | null;
  logIndex: number | null;
  blockNumber: bigint | null;
  /** The field that differs, when one does. */
  field: string | null;
  /** The value on-chain and in the ledger (decimal strings for amounts), when there is one. */
  chain: string | null;
  ledger: string | null;
  message: string;
};

export type ReconcileParameters = {
  books: Books;
  ledger: LedgerSnapshot;
  /** The canonical hash of a block (to tell a reorged ledger row from an invented one). */
  blockHash: (blockNumber: bigint) => Promise<Hex | null>;
};

/**
 * Ledger events by transaction, then log index. Two plain lookups instead of one on a joined string key:
 * joining makes a new string per event that must be flattened and hashed (measured: 3x slower on 190,000).
 */
class EventIndex {
  readonly #byTransaction = new Map<Hex, Map<number, LedgerEvent>>();
  set(event: LedgerEvent): void {
    let logs = this.#byTransaction.get(event.transactionHash);
    if (!logs) this.#byTransaction.set(event.transactionHash, (logs = new Map()));
    logs.set(event.logIndex, event);
  }
  /** Removes and returns the event at this position. */
  take(position: { transactionHash: Hex; logIndex: number }): LedgerEvent | undefined {
    const logs = this.#byTransaction.get(position.transactionHash);
    const event = logs?.get(position.logIndex);
    if (event) logs!.delete(position.logIndex);
    return event;
  }
  *rest(): Generator<LedgerEvent> {
    for (const logs of this.#byTransaction.values()) yield* logs.values();
  }
}
const isFinal = (finality: LedgerFinality | null | undefined) => finality == null || finality === "finalized";

/** A ledger payment's totals as of `toBlock`: its stored totals less its events after that block. */
function ledgerTotalsAsOf(payment: LedgerPayment, events: readonly LedgerEvent[], toBlock: bigint): PaymentTotals {
  if (!events.some((event) => event.blockNumber > toBlock)) return payment;
  const totals = { authorized: payment.authorized, captured: payment.captured, refunded: payment.refunded, released: payment.released };
  let replayed = emptyPaymentTotals;
  for (const event of [...events].sort(compareLogPositions)) {
    if (event.blockNumber <= toBlock) {
      replayed = applyPaymentEvent(replayed, event.kind, event.amount);
      continue;
    }
    const field = event.kind === "voided" || event.kind === "reclaimed" ? "released" : event.kind;
    totals[field] -= event.amount;
  }
  return { ...totals, status: replayed.status };
}

/** A rebuilt payment's totals as of `toBlock` (an earlier block than the one it was rebuilt to). */
function chainTotalsAsOf(payment: RebuiltPayment, toBlock: bigint): PaymentTotals {
  let totals = emptyPaymentTotals;
  for (const event of payment.events) if (event.blockNumber <= toBlock) totals = applyPaymentEvent(totals, event.kind, event.amount);
  return totals;
}

function lineItemsHashOf(request: NonNullable<LedgerPayment["request"]>): Hex | string {
  try {
    return hashLineItems(request.lineItems);
  } catch (error) {
    return `invalid line items: ${(error as Error).message}`;
  }
}

/** Lists every difference between `books` and `ledger`, in chain order. */
export async function reconcile({ books, ledger, blockHash }: ReconcileParameters): Promise<Difference[]> {
  const differences: Difference[] = [];
  const inPeriod = (blockNumber: bigint) => blockNumber >= books.fromBlock && blockNumber <= books.toBlock;
  const notIndexedYet = (blockNumber: bigint) => ledger.indexedThrough === null || blockNumber > ledger.indexedThrough;

  const ledgerPayments = new Map(ledger.payments.map((payment) => [payment.paymentId, payment]));
  const ledgerEventsOf = new Map<Hex, LedgerEvent[]>();
  for (const event of ledger.events) {
    const list = ledgerEventsOf.get(event.paymentId);
    if (list) list.push(event);
    else ledgerEventsOf.set(event.paymentId, [event]);
  }
  const relevant = new Set<Hex>(books.payments.keys());
  for (const payment of ledger.payments) if (payment.merchantId === books.merchantId) relevant.add(payment.paymentId);
  const ledgerEvents = new EventIndex();
  for (const event of ledger.events) {
    if (relevant.has(event.paymentId) && inPeriod(event.blockNumber)) ledgerEvents.set(event);
  }

  const base = (paymentId: Hex, position?: { transactionHash: Hex; logIndex: number; blockNumber: bigint }) => ({
    paymentId,
    transactionHash: position?.transactionHash ?? null,
    logIndex: position?.logIndex ?? null,
    blockNumber: position?.blockNumber ?? null,
  });

  // Events: every chain event of the period against the ledger row at the same position.
  for (const event of books.events) {
    // What is left in the index afterwards is in the ledger only.
    const row = ledgerEvents.take(event);
    if (!row) {
      const pending = notIndexedYet(event.blockNumber);
      differences.push({
        ...base(event.paymentId, event),
        category: pending ? "not_final_yet" : "missing_in_ledger",
        explained: pending,
        subject: "event",
        field: null,
        chain: `${event.kind} ${event.amount}`,
        ledger: null,
        message: pending
          ? `The ${event.kind} event in block ${event.blockNumber} is after the last block the ledger has indexed (${ledger.indexedThrough ?? "none"}).`
          : `The ledger has no row for the ${event.kind} event of ${event.amount} in block ${event.blockNumber}.`,
      });
      continue;
    }
    if (row.blockHash !== event.blockHash) {
      differences.push({
        ...base(event.paymentId, row),
        category: "reorged_away",
        explained: !isFinal(row.finality),
        subject: "event",
        field: "blockHash",
        chain: event.blockHash,
        ledger: row.blockHash,
        message: `The ledger row points at block ${row.blockNumber} ${row.blockHash}, which is no longer on the chain; the event is now in block ${event.blockNumber} ${event.blockHash}.`,
      });
      continue;
    }
    // Values become strings only for a difference: the books hold 10^5 events.
    const differs = (field: string, category: "status_differs" | "amount_differs" | "detail_differs", chain: string, recorded: string) => {
      const final = isFinal(row.finality);
      differences.push({
        ...base(event.paymentId, event),
        category: final ? category : "not_final_yet",
        explained: !final,
        subject: "event",
        field,
        chain,
        ledger: recorded,
        message: `The ${event.kind} event's ${field} is ${chain} on-chain but ${recorded} in the ledger${final ? "" : " (row not final yet)"}.`,
      });
    };
    if (event.kind !== row.kind) differs("kind", "status_differs", event.kind, row.kind);
    if (event.amount !== row.amount) differs("amount", "amount_differs", String(event.amount), String(row.amount));
    if (event.paymentId !== row.paymentId) differs("paymentId", "detail_differs", event.paymentId, row.paymentId);
  }
  for (const row of [...ledgerEvents.rest()].sort(compareLogPositions)) {
    const canonical = await blockHash(row.blockNumber);
    const reorged = canonical !== row.blockHash;
    differences.push({
      ...base(row.paymentId, row),
      category: reorged ? "reorged_away" : "extra_in_ledger",
      explained: reorged && !isFinal(row.finality),
      subject: "event",
      field: null,
      chain: reorged ? canonical : null,
      ledger: `${row.kind} ${row.amount}`,
      message: reorged
        ? `The ledger's ${row.kind} row is in block ${row.blockNumber} ${row.blockHash}, which is no longer on the chain (now ${canonical ?? "no block"}).`
        : `The ledger has a ${row.kind} event of ${row.amount} in block ${row.blockNumber} that the chain does not have.`,
    });
  }

  // Payments: totals, status and details as of the period's end.
  for (const payment of books.payments.values()) comparePayment(payment, ledgerPayments.get(payment.paymentId));
  for (const row of ledger.payments) {
    if (row.merchantId !== books.merchantId || books.payments.has(row.paymentId)) continue;
    const events = ledgerEventsOf.get(row.paymentId) ?? [];
    const reorged =
      events.length > 0 &&
      events.every((event) => differences.some((found) => found.category === "reorged_away" && found.transactionHash === event.transactionHash && found.logIndex === event.logIndex));
    differences.push({
      ...base(row.paymentId),
      category: reorged ? "reorged_away" : "extra_in_ledger",
      explained: reorged && !isFinal(row.finality),
      subject: "payment",
      field: null,
      chain: null,
      ledger: `${row.status} ${row.authorized}`,
      message: reorged
        ? "The ledger's payment exists only in blocks that are no longer on the chain."
        : `The ledger has a payment for merchant ${row.merchantId} that the chain does not show in this period.`,
    });
  }

  /** Compares one payment; values become strings only for a difference (a merchant's books hold 10^5 payments). */
  function comparePayment(payment: RebuiltPayment, row: LedgerPayment | undefined): void {
    if (!row) {
      const inPeriodEvents = payment.events.filter((event) => inPeriod(event.blockNumber));
      const pending = inPeriodEvents.every((event) => notIndexedYet(event.blockNumber));
      differences.push({
        ...base(payment.paymentId, inPeriodEvents[0]),
        category: pending ? "not_final_yet" : "missing_in_ledger",
        explained: pending,
        subject: "payment",
        field: null,
        chain: `${payment.status} ${payment.authorized}`,
        ledger: null,
        message: pending ? "The payment's events are after the last block the ledger has indexed." : "The ledger has no row for this payment.",
      });
      return;
    }
    const final = isFinal(row.finality);
    const add = (category: DifferenceCategory, field: string, chain: unknown, recorded: unknown, what: string) =>
      differences.push({
        ...base(payment.paymentId),
        category: final ? category : "not_final_yet",
        explained: !final,
        subject: "payment",
        field,
        chain: String(chain),
        ledger: String(recorded),
        message: `${what}: ${chain} on-chain, ${recorded} in the ledger${final ? "" : " (row not final yet)"}.`,
      });
    // Totals are compared as of the last block both sides have seen: events the ledger has not indexed
    // yet are listed above as not final, and must not count against its totals here.
    const horizon = ledger.indexedThrough !== null && ledger.indexedThrough < books.toBlock ? ledger.indexedThrough : books.toBlock;
    const chain = horizon === books.toBlock ? payment : chainTotalsAsOf(payment, horizon);
    const asOf = ledgerTotalsAsOf(row, ledgerEventsOf.get(row.paymentId) ?? [], horizon);
    if (chain.authorized !== asOf.authorized) add("amount_differs", "authorized", chain.authorized, asOf.authorized, "Amount authorized");
    if (chain.captured !== asOf.captured) add("amount_differs", "captured", chain.captured, asOf.captured, "Amount captured");
    if (chain.refunded !== asOf.refunded) add("amount_differs", "refunded", chain.refunded, asOf.refunded, "Amount refunded");
    if (chain.released !== asOf.released) add("amount_differs", "released", chain.released, asOf.released, "Amount released");
    if (horizon === books.toBlock) {
      if (row.fees != null && row.fees !== payment.fees) add("amount_differs", "fees", payment.fees, row.fees, "Fees");
      if (row.pointsMinted != null && row.pointsMinted !== payment.pointsMinted) add("amount_differs", "pointsMinted", payment.pointsMinted, row.pointsMinted, "Points minted");
    }
    if (chain.status !== asOf.status) add("status_differs", "status", chain.status, asOf.status, "Status");
    if (payment.merchantId !== row.merchantId) add("detail_differs", "merchantId", payment.merchantId, row.merchantId, "Detail merchantId");
    if (payment.payer !== row.payer && payment.payer !== row.payer.toLowerCase()) add("detail_differs", "payer", payment.payer, row.payer.toLowerCase(), "Detail payer");
    if (payment.token !== row.token && payment.token !== row.token.toLowerCase()) add("detail_differs", "token", payment.token, row.token.toLowerCase(), "Detail token");
    if (row.feeBps !== null && payment.feeBps !== row.feeBps) add("detail_differs", "feeBps", payment.feeBps, row.feeBps, "Detail feeBps");

    const receipt = (field: string, chain: Hex, recorded: string) => {
      if (chain !== recorded && chain !== recorded.toLowerCase()) add("line_items_mismatch", field, chain, recorded, `Itemised receipt ${field} (hash)`);
    };
    receipt("orderRef", payment.orderRef, row.orderRef);
    receipt("lineItemsHash", payment.lineItemsHash, row.lineItemsHash);
    if (row.request) {
      receipt("request.lineItems", payment.lineItemsHash, lineItemsHashOf(row.request));
      receipt("request.lineItemsHash", payment.lineItemsHash, row.request.lineItemsHash);
      receipt("request.orderRef", payment.orderRef, orderRefHash(row.request.orderRef));
    }
  }

  const position = (difference: Difference) => difference.blockNumber ?? books.toBlock + 1n;
  return differences.sort((a, b) => {
    const byBlock = position(a) === position(b) ? 0 : position(a) < position(b) ? -1 : 1;
    return byBlock || (a.logIndex ?? 0) - (b.logIndex ?? 0) || a.paymentId.localeCompare(b.paymentId) || a.category.localeCompare(b.category);
  });
}

