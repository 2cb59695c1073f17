// The relayer's ledger as the audit compares it with the chain: plain rows, whatever database they came
// from (the relayer reads its own tables into this shape; see server/src/audit/). Optional fields are
// compared only when the ledger has them.
import type { Address, Hex } from "viem";
import type { LineItem } from "../commerce/lineItems.ts";
import type { PaymentEventKind } from "../commerce/paymentEvents.ts";
import type { PaymentStatus } from "../commerce/paymentTotals.ts";

/** How settled a ledger row is: only "finalized" rows can no longer change with a reorganisation. */
export type LedgerFinality = "pending" | "safe" | "finalized";

export type LedgerEvent = {
  transactionHash: Hex;
  logIndex: number;
  paymentId: Hex;
  kind: PaymentEventKind;
  amount: bigint;
  blockNumber: bigint;
  blockHash: Hex;
  finality?: LedgerFinality | null | undefined;
};

export type LedgerPayment = {
  paymentId: Hex;
  merchantId: bigint;
  payer: Address;
  token: Address;
  status: PaymentStatus;
  authorized: bigint;
  captured: bigint;
  refunded: bigint;
  released: bigint;
  feeBps: number | null;
  orderRef: Hex;
  lineItemsHash: Hex;
  /** Fees taken by captures, when the ledger keeps them. */
  fees?: bigint | null | undefined;
  /** Loyalty points minted by captures, when the ledger keeps them. */
  pointsMinted?: bigint | null | undefined;
  finality?: LedgerFinality | null | undefined;
  /** The itemised receipt of the payment request this payment paid, when it came through a checkout. */
  request?: { orderRef: string; lineItems: readonly LineItem[]; lineItemsHash: Hex } | null | undefined;
};

export type LedgerSnapshot = {
  /** What the ledger is (e.g. "postgres", "pglite"), for the report. */
  source: string;
  /** The last block the ledger's indexer has read (events after it are not final yet), or null. */
  indexedThrough: bigint | null;
  /** The merchant's payments the ledger holds for the period, and the payments asked for by id. */
  payments: LedgerPayment[];
  /** Every event of those payments, at any block. */
  events: LedgerEvent[];
};

/** What the audit asks the ledger for. */
export type LedgerQuery = {
  merchantId: bigint;
  fromBlock: bigint;
  toBlock: bigint;
  /** Payments the chain shows for the merchant in the period (the ledger may have lost their rows). */
  paymentIds: readonly Hex[];
};

export type LedgerReader = (query: LedgerQuery) => Promise<LedgerSnapshot>;
