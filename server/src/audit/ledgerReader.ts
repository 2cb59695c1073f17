// Reads the relayer's ledger (commerce_payments, commerce_payment_events, the checkout's payment request)
// into the audit's neutral shape (@paykey/sdk/audit LedgerSnapshot). Used by `npm run audit -- --db` and by
// the /api/audit routes; the chain side of the audit never comes from here. Columns other branches add
// later (finality, fees, points) are compared when present, so the reader asks which exist.
import type { Address, Hex } from "viem";
import type { LineItem } from "@paykey/sdk/commerce";
import type { LedgerEvent, LedgerFinality, LedgerPayment, LedgerQuery, LedgerReader, LedgerSnapshot } from "@paykey/sdk/audit";
import type { Queryable } from "../db/store.ts";

type PaymentRow = {
  payment_id: string;
  merchant_id: string;
  payer: string;
  token: string;
  status: LedgerPayment["status"];
  authorized: string;
  captured: string;
  refunded: string;
  released: string;
  fee_bps: number | null;
  order_ref: string;
  line_items_hash: string;
  finality?: string | null;
  fees?: string | null;
  points_minted?: string | null;
  request_order_ref: string | null;
  request_line_items: LineItem[] | null;
  request_line_items_hash: string | null;
};

type EventRow = {
  transaction_hash: string;
  log_index: number;
  payment_id: string;
  kind: LedgerEvent["kind"];
  amount: string;
  block_number: string;
  block_hash: string;
  finality?: string | null;
};

const finalities = new Set<string>(["pending", "safe", "finalized"]);
const finalityOf = (value: string | null | undefined): LedgerFinality | null =>
  value != null && finalities.has(value) ? (value as LedgerFinality) : null;
const optionalBigInt = (value: string | null | undefined) => (value == null ? null : BigInt(value));

/** Which of the optional ledger columns this database has. */
async function optionalColumns(db: Queryable): Promise<{ payments: Set<string>; events: Set<string> }> {
  const rows = await db.query<{ table_name: string; column_name: string }>(
    `SELECT table_name, column_name FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name IN ('commerce_payments', 'commerce_payment_events')`,
  );
  const of = (table: string) => new Set(rows.filter((row) => row.table_name === table).map((row) => row.column_name));
  return { payments: of("commerce_payments"), events: of("commerce_payment_events") };
}

/** The block after which the ledger's escrow indexer has not read yet (its cursor minus one), or null. */
async function indexedThrough(db: Queryable, escrow: Address): Promise<bigint | null> {
  const [row] = await db.query<{ next_block: string }>("SELECT next_block FROM commerce_cursors WHERE name = $1", [`escrow:${escrow.toLowerCase()}`]);
  return row ? BigInt(row.next_block) - 1n : null;
}

/** Reads the ledger rows a reconciliation of `query` needs from `db`. */
export async function readLedger(db: Queryable, escrow: Address, source: string, query: LedgerQuery): Promise<LedgerSnapshot> {
  const columns = await optionalColumns(db);
  const optional = (set: Set<string>, column: string, alias = "") => (set.has(column) ? `, ${alias}${column}` : "");
  // The merchant's payments that moved in the period (or were authorized in it), plus the ids the chain shows.
  const ids = `WITH ids AS (
      SELECT p.payment_id FROM commerce_payments p
       WHERE p.merchant_id = $1
         AND (p.block_number BETWEEN $2 AND $3
              OR EXISTS (SELECT 1 FROM commerce_payment_events e WHERE e.payment_id = p.payment_id AND e.block_number BETWEEN $2 AND $3))
      UNION SELECT jsonb_array_elements_text($4::jsonb)
    )`;
  const params = [query.merchantId, query.fromBlock, query.toBlock, JSON.stringify(query.paymentIds)];
  // One query after the other: `db` may be a single connection (a transaction).
  const payments = await db.query<PaymentRow>(
      `${ids}
       SELECT p.payment_id, p.merchant_id, p.payer, p.token, p.status, p.authorized, p.captured, p.refunded, p.released,
              p.fee_bps, p.order_ref, p.line_items_hash${optional(columns.payments, "finality", "p.")}${optional(columns.payments, "fees", "p.")}${optional(columns.payments, "points_minted", "p.")},
              r.order_ref AS request_order_ref, r.line_items AS request_line_items, r.line_items_hash AS request_line_items_hash
         FROM commerce_payments p
         JOIN ids ON ids.payment_id = p.payment_id
         LEFT JOIN commerce_checkouts c ON c.payment_id = p.payment_id
         LEFT JOIN commerce_requests r ON r.id = c.request_id`,
      params,
  );
  const events = await db.query<EventRow>(
      `${ids}
       SELECT e.transaction_hash, e.log_index, e.payment_id, e.kind, e.amount, e.block_number, e.block_hash${optional(columns.events, "finality", "e.")}
         FROM commerce_payment_events e
         JOIN ids ON ids.payment_id = e.payment_id`,
      params,
  );
  const through = await indexedThrough(db, escrow);
  return {
    source,
    indexedThrough: through,
    payments: payments.map(
      (row): LedgerPayment => ({
        paymentId: row.payment_id as Hex,
        merchantId: BigInt(row.merchant_id),
        payer: row.payer as Address,
        token: row.token as Address,
        status: row.status,
        authorized: BigInt(row.authorized),
        captured: BigInt(row.captured),
        refunded: BigInt(row.refunded),
        released: BigInt(row.released),
        feeBps: row.fee_bps,
        orderRef: row.order_ref as Hex,
        lineItemsHash: row.line_items_hash as Hex,
        finality: finalityOf(row.finality),
        fees: optionalBigInt(row.fees),
        pointsMinted: optionalBigInt(row.points_minted),
        request:
          row.request_line_items === null
            ? null
            : { orderRef: row.request_order_ref!, lineItems: row.request_line_items, lineItemsHash: row.request_line_items_hash as Hex },
      }),
    ),
    events: events.map(
      (row): LedgerEvent => ({
        transactionHash: row.transaction_hash as Hex,
        logIndex: row.log_index,
        paymentId: row.payment_id as Hex,
        kind: row.kind,
        amount: BigInt(row.amount),
        blockNumber: BigInt(row.block_number),
        blockHash: row.block_hash as Hex,
        finality: finalityOf(row.finality),
      }),
    ),
  };
}

/** A LedgerReader over `db` for the audit engine. */
export function ledgerReader(db: Queryable & { kind?: string }, escrow: Address): LedgerReader {
  return (query) => readLedger(db, escrow, db.kind ?? "database", query);
}
