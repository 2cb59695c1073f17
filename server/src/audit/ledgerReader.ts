// Reads the relayer's ledger (commerce_payments, commerce_payment_events, the checkout's payment request)
// into the audit's neutral shape (@paykey/sdk/audit LedgerSnapshot). Used by `npm run audit -- --db` and by
// the /api/audit routes; the chain side of the audit never comes from here. Columns other branches add
// later (finality, fees, points) are compared when present, so the reader asks which exist.
//
// One query returns everything as two JSON arrays of arrays: a merchant's books are 10^5 rows and more,
// and both drivers spend far longer on each row than on parsing one JSON text (measured on PGlite with
// 100,000 payments and 190,000 events: 15 s row by row, 5 s as JSON).
import type { Address, Hex } from "viem";
import type { LineItem } from "@paykey/sdk/commerce";
import type { LedgerEvent, LedgerFinality, LedgerPayment, LedgerQuery, LedgerReader, LedgerSnapshot } from "@paykey/sdk/audit";
import type { Queryable } from "../db/store.ts";

type PaymentTuple = [
  paymentId: string,
  merchantId: string,
  payer: string,
  token: string,
  status: LedgerPayment["status"],
  authorized: string,
  captured: string,
  refunded: string,
  released: string,
  feeBps: number | null,
  orderRef: string,
  lineItemsHash: string,
  finality: string | null,
  fees: string | null,
  pointsMinted: string | null,
  requestOrderRef: string | null,
  requestLineItems: LineItem[] | null,
  requestLineItemsHash: string | null,
];

type EventTuple = [
  transactionHash: string,
  logIndex: number,
  paymentId: string,
  kind: LedgerEvent["kind"],
  amount: string,
  blockNumber: string,
  blockHash: string,
  finality: string | null,
];

const finalities = new Set<string>(["pending", "safe", "finalized"]);
const finalityOf = (value: string | null): LedgerFinality | null => (value !== null && finalities.has(value) ? (value as LedgerFinality) : null);
const optionalBigInt = (value: string | null) => (value === null ? null : BigInt(value));
/** A JSON value the drivers hand back parsed (jsonb/json) or as text. */
const parsed = <T>(value: unknown): T[] => (value === null || value === undefined ? [] : typeof value === "string" ? (JSON.parse(value) as T[]) : (value as T[]));

/** Which of the optional ledger columns this database has. */
async function optionalColumns(db: Queryable): Promise<{ payments: Set<string>; events: Set<string> }> {
  const rows = await db.query<{ table_name: string; column_name: string }>(
    `SELECT table_name, column_name FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name IN ('commerce_payments', 'commerce_payment_events')`,
  );
  const of = (table: string) => new Set(rows.filter((row) => row.table_name === table).map((row) => row.column_name));
  return { payments: of("commerce_payments"), events: of("commerce_payment_events") };
}

/** Reads the ledger rows a reconciliation of `query` needs from `db`. */
export async function readLedger(db: Queryable, escrow: Address, source: string, query: LedgerQuery): Promise<LedgerSnapshot> {
  const columns = await optionalColumns(db);
  const column = (set: Set<string>, table: string, name: string, cast = "") => (set.has(name) ? `${table}.${name}${cast}` : "NULL");
  const [row] = await db.query<{ payments: unknown; events: unknown; next_block: string | null }>(
    // The merchant's payments that moved in the period (or were authorized in it), plus the ids the chain shows.
    `WITH ids AS (
       SELECT p.payment_id FROM commerce_payments p
        WHERE p.merchant_id = $1
          AND (p.block_number BETWEEN $2 AND $3
               OR EXISTS (SELECT 1 FROM commerce_payment_events e WHERE e.payment_id = p.payment_id AND e.block_number BETWEEN $2 AND $3))
       UNION SELECT jsonb_array_elements_text($4::jsonb)
     )
     SELECT
       (SELECT json_agg(json_build_array(
                 p.payment_id, p.merchant_id::text, p.payer, p.token, p.status, p.authorized::text, p.captured::text,
                 p.refunded::text, p.released::text, p.fee_bps, p.order_ref, p.line_items_hash,
                 ${column(columns.payments, "p", "finality")}, ${column(columns.payments, "p", "fees", "::text")},
                 ${column(columns.payments, "p", "points_minted", "::text")},
                 r.order_ref, r.line_items, r.line_items_hash))
          FROM commerce_payments p
          JOIN ids ON ids.payment_id = p.payment_id
          LEFT JOIN commerce_checkouts c ON c.payment_id = p.payment_id
          LEFT JOIN commerce_requests r ON r.id = c.request_id) AS payments,
       (SELECT json_agg(json_build_array(
                 e.transaction_hash, e.log_index, e.payment_id, e.kind, e.amount::text, e.block_number::text, e.block_hash,
                 ${column(columns.events, "e", "finality")}))
          FROM commerce_payment_events e
          JOIN ids ON ids.payment_id = e.payment_id) AS events,
       (SELECT next_block::text FROM commerce_cursors WHERE name = $5) AS next_block`,
    [query.merchantId, query.fromBlock, query.toBlock, JSON.stringify(query.paymentIds), `escrow:${escrow.toLowerCase()}`],
  );
  return {
    source,
    // The indexer's cursor is the next block it will read.
    indexedThrough: row!.next_block === null ? null : BigInt(row!.next_block) - 1n,
    payments: parsed<PaymentTuple>(row!.payments).map(
      (tuple): LedgerPayment => ({
        paymentId: tuple[0] as Hex,
        merchantId: BigInt(tuple[1]),
        payer: tuple[2] as Address,
        token: tuple[3] as Address,
        status: tuple[4],
        authorized: BigInt(tuple[5]),
        captured: BigInt(tuple[6]),
        refunded: BigInt(tuple[7]),
        released: BigInt(tuple[8]),
        feeBps: tuple[9],
        orderRef: tuple[10] as Hex,
        lineItemsHash: tuple[11] as Hex,
        finality: finalityOf(tuple[12]),
        fees: optionalBigInt(tuple[13]),
        pointsMinted: optionalBigInt(tuple[14]),
        request: tuple[16] === null ? null : { orderRef: tuple[15]!, lineItems: tuple[16], lineItemsHash: tuple[17] as Hex },
      }),
    ),
    events: parsed<EventTuple>(row!.events).map(
      (tuple): LedgerEvent => ({
        transactionHash: tuple[0] as Hex,
        logIndex: tuple[1],
        paymentId: tuple[2] as Hex,
        kind: tuple[3],
        amount: BigInt(tuple[4]),
        blockNumber: BigInt(tuple[5]),
        blockHash: tuple[6] as Hex,
        finality: finalityOf(tuple[7]),
      }),
    ),
  };
}

/** A LedgerReader over `db` for the audit engine. */
export function ledgerReader(db: Queryable & { kind?: string }, escrow: Address): LedgerReader {
  return (query) => readLedger(db, escrow, db.kind ?? "database", query);
}
