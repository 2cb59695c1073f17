// Seeds the benchmark's ledger with COPY: the stores, and for each sale of the history
// (./sales.ts) its payment request and checkout (line items), its escrow events (authorization,
// captures, refund, void or reclaim, with fees, discounts, points, coupons, the payer's previous
// sales), its payment row, and its FX conversion where it had one — every table the analytics
// and the exports read. Each table is one COPY stream over a lazy walk of the history.
import type pg from "pg";
import { copyRows, type Cell } from "./copy.ts";
import {
  benchMerchant, eurToken, feeBps, feeReceiver, hash32, historyStart, loyaltyBps, merchantPayout, noiseMerchants, payerAddress, salesHistory, usdToken, type Sale,
} from "./sales.ts";

type History = ReturnType<typeof salesHistory>;

export const benchStoreId = "benchstore1";
const noiseZones = ["UTC", "Asia/Shanghai", "America/New_York", "Europe/London", "Asia/Tokyo"];
const storeId = (merchant: number) => (merchant === benchMerchant ? benchStoreId : `noisestore${merchant}`);
const iso = (ms: number) => new Date(ms).toISOString();
/** Two-second blocks from two days before the history. */
const blockAt = (ms: number) => Math.floor((ms - historyStart) / 2_000) + 86_400;
const paymentId = (sale: Sale) => hash32(3, sale.index);
const orderRef = (sale: Sale) => `ORD-${sale.index + 100_000}`;
const requestId = (sale: Sale) => `rq${hash32(1, sale.index).slice(2, 26)}`;

function* walk(history: History): Generator<Sale> {
  for (let index = 0; index < history.total; index++) yield history.sale(index);
}

/** The last sales are not final yet (pending), as on a live chain. */
const finalityOf = (history: History, sale: Sale) => (sale.index >= history.total - 200 ? "pending" : "finalized");

function* requestRows(history: History): Generator<Cell[]> {
  for (const sale of walk(history)) {
    if (!sale.viaCheckout) continue;
    const lineItems = JSON.stringify(sale.items.map((item) => ({ name: item.name, quantity: item.quantity, unitPrice: item.unitPrice.toString() })));
    yield [requestId(sale), storeId(sale.merchant), sale.price, "USD", usdToken, 6, orderRef(sale), lineItems, hash32(2, sale.index),
      iso(sale.at + 3_600_000), paymentId(sale), iso(sale.at), iso(sale.at - 60_000)];
  }
}

function* checkoutRows(history: History): Generator<Cell[]> {
  for (const sale of walk(history)) {
    if (!sale.viaCheckout) continue;
    const terms = JSON.stringify({
      merchantId: String(sale.merchant), token: usdToken, price: sale.price.toString(), amount: sale.amount.toString(), feeBps: Number(feeBps),
      orderRef: hash32(9, sale.index), lineItemsHash: hash32(2, sale.index), authorizationExpiry: Math.floor(sale.at / 1000) + 7 * 86_400,
    });
    yield [paymentId(sale), requestId(sale), payerAddress(sale.payer), terms, iso(sale.at + 7 * 86_400_000), iso(sale.at - 30_000)];
  }
}

const eventColumns = [
  "transaction_hash", "log_index", "payment_id", "kind", "amount", "block_number", "block_hash", "block_timestamp", "user_op_hash",
  "merchant_id", "payer", "token", "order_ref", "line_items_hash", "price", "points_redeemed", "coupon_id", "coupon_discount", "fee_bps",
  "fee", "payout", "fee_receiver", "points_minted", "refunder", "points_burned", "points_restored", "first_capture", "discount", "finality",
  "payer_prev_sale_at", "payer_prev2_sale_at",
];

type EventFields = {
  price: bigint | null; pointsRedeemed: bigint; coupon: string | null; couponDiscount: bigint; feeBps: number | null; fee: bigint;
  payout: string | null; feeReceiver: string | null; pointsMinted: bigint; refunder: string | null; pointsBurned: bigint; pointsRestored: bigint;
  firstCapture: boolean; discount: bigint; prev: number | null; prev2: number | null;
};
const none: EventFields = {
  price: null, pointsRedeemed: 0n, coupon: null, couponDiscount: 0n, feeBps: null, fee: 0n, payout: null, feeReceiver: null,
  pointsMinted: 0n, refunder: null, pointsBurned: 0n, pointsRestored: 0n, firstCapture: false, discount: 0n, prev: null, prev2: null,
};

function* eventRows(history: History): Generator<Cell[]> {
  // Each payer's last two sales (first captures) per merchant: the history walks forward in time.
  const previousSales = new Map<number, [number | null, number | null]>();
  for (const sale of walk(history)) {
    const finality = finalityOf(history, sale);
    const common = (tx: string, logIndex: number, kind: string, amount: bigint, at: number) => {
      const block = blockAt(at);
      return [tx, logIndex, paymentId(sale), kind, amount, block, hash32(10, block), iso(at), hash32(11, sale.index * 8 + logIndex),
        sale.merchant, payerAddress(sale.payer), usdToken, hash32(9, sale.index), hash32(2, sale.index)] as Cell[];
    };
    const row = (head: Cell[], fields: Partial<EventFields>): Cell[] => {
      const f = { ...none, ...fields };
      return [...head, f.price, f.pointsRedeemed, f.coupon, f.couponDiscount, f.feeBps, f.fee, f.payout, f.feeReceiver, f.pointsMinted, f.refunder,
        f.pointsBurned, f.pointsRestored, f.firstCapture, f.discount, finality, f.prev === null ? null : iso(f.prev), f.prev2 === null ? null : iso(f.prev2)];
    };
    const authorization = hash32(4, sale.index);
    yield row(common(authorization, sale.fx ? 1 : 0, "authorized", sale.amount, sale.at), {
      price: sale.price, pointsRedeemed: sale.pointsRedeemed, coupon: sale.coupon, couponDiscount: sale.couponDiscount, feeBps: Number(feeBps),
    });
    for (const [n, capture] of sale.captures.entries()) {
      const first = n === 0;
      const key = sale.merchant * 16_777_216 + sale.payer;
      const [prev, prev2] = first ? (previousSales.get(key) ?? [null, null]) : [null, null];
      if (first) previousSales.set(key, [capture.at, prev]);
      yield row(common(hash32(5 + n, sale.index), 0, "captured", capture.amount, capture.at), {
        fee: capture.fee, payout: merchantPayout(sale.merchant), feeReceiver, pointsMinted: capture.pointsMinted, firstCapture: first,
        discount: first ? sale.pointsRedeemed + sale.couponDiscount : 0n, prev, prev2,
      });
    }
    if (sale.refund) {
      yield row(common(hash32(7, sale.index), 0, "refunded", sale.refund.amount, sale.refund.at), {
        refunder: merchantPayout(sale.merchant), pointsBurned: sale.refund.pointsBurned, pointsRestored: sale.refund.pointsRestored,
      });
    }
    if (sale.release) {
      yield row(common(hash32(8, sale.index), 0, sale.outcome, sale.release.amount, sale.release.at), { pointsRestored: sale.pointsRedeemed });
    }
  }
}

const paymentColumns = [
  "payment_id", "merchant_id", "payer", "token", "status", "authorized", "captured", "refunded", "released", "fee_bps", "order_ref", "line_items_hash",
  "block_number", "log_index", "created_at", "updated_at", "price", "points_redeemed", "coupon_id", "coupon_discount", "fees", "points_minted",
  "points_burned", "points_restored", "first_captured_at", "finality", "request_order_ref",
];

function* paymentRows(history: History): Generator<Cell[]> {
  for (const sale of walk(history)) {
    const captured = sale.captures.reduce((sum, c) => sum + c.amount, 0n);
    const last = Math.max(sale.at, ...sale.captures.map((c) => c.at), sale.refund?.at ?? 0, sale.release?.at ?? 0);
    const status = sale.refund ? "refunded" : sale.outcome;
    yield [paymentId(sale), sale.merchant, payerAddress(sale.payer), usdToken, status, sale.amount, captured, sale.refund?.amount ?? 0n,
      sale.release?.amount ?? 0n, Number(feeBps), hash32(9, sale.index), hash32(2, sale.index), blockAt(sale.at), sale.fx ? 1 : 0, iso(sale.at), iso(last),
      sale.price, sale.pointsRedeemed, sale.coupon, sale.couponDiscount, sale.captures.reduce((sum, c) => sum + c.fee, 0n),
      sale.captures.reduce((sum, c) => sum + c.pointsMinted, 0n), sale.refund?.pointsBurned ?? 0n,
      (sale.refund?.pointsRestored ?? 0n) + (sale.release ? sale.pointsRedeemed : 0n), sale.captures[0] ? iso(sale.captures[0].at) : null, finalityOf(history, sale),
      sale.viaCheckout ? orderRef(sale) : null];
  }
}

function* fxRows(history: History): Generator<Cell[]> {
  for (const sale of walk(history)) {
    if (!sale.fx) continue;
    const block = blockAt(sale.at);
    yield [hash32(4, sale.index), 0, paymentId(sale), payerAddress(sale.payer), eurToken, usdToken, sale.fx.amountIn, sale.amount, sale.fx.rate, 8,
      sale.fx.spreadBps, 18_446_744_073_709_600_000n + BigInt(sale.index), block, hash32(10, block), iso(sale.at), hash32(11, sale.index * 8)];
  }
}

/** Inserts the stores and COPYs the history of `total` sales; returns the rows stored per table. */
export async function seedLedger(client: pg.Client, parameters: { total: number; timeZone: string }): Promise<Record<string, number>> {
  const history = salesHistory(parameters.total, parameters.timeZone);
  const stores = Array.from({ length: noiseMerchants + 1 }, (_, k) => k + 1);
  await client.query(
    `INSERT INTO commerce_stores (id, owner_account, name, currency, settlement_token, payout, loyalty_bps, status, merchant_id, fee_bps, time_zone)
     SELECT id, payout, name, 'USD', $1, payout, $2, 'active', merchant, $3, zone
       FROM unnest($4::text[], $5::text[], $6::text[], $7::int[], $8::text[]) AS s(id, payout, name, merchant, zone)`,
    [usdToken, Number(loyaltyBps), Number(feeBps), stores.map(storeId), stores.map(merchantPayout), stores.map((m) => (m === benchMerchant ? "Bench café" : `Noise shop ${m}`)),
      stores, stores.map((m) => (m === benchMerchant ? parameters.timeZone : noiseZones[m % noiseZones.length]!))],
  );
  // Bulk load: the secondary indexes are dropped for the COPY and built again afterwards (sorted, far faster than row by row).
  const tables = ["commerce_requests", "commerce_checkouts", "commerce_payment_events", "commerce_payments", "fx_conversions"];
  const { rows: indexes } = await client.query<{ name: string; definition: string }>(
    `SELECT indexname AS name, indexdef AS definition FROM pg_indexes i
      WHERE schemaname = current_schema() AND tablename = ANY($1)
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname AND c.connamespace = current_schema()::regnamespace)`,
    [tables],
  );
  for (const index of indexes) await client.query(`DROP INDEX ${index.name}`);
  const counts: Record<string, number> = {};
  const time = async (table: string, run: () => Promise<number>) => {
    const started = Date.now();
    counts[table] = await run();
    console.log(`COPY ${table}: ${counts[table]} rows in ${Date.now() - started} ms`);
  };
  await time("commerce_requests", () => copyRows(client, "commerce_requests",
    ["id", "store_id", "amount", "currency", "token", "decimals", "order_ref", "line_items", "line_items_hash", "expires_at", "payment_id", "paid_at", "created_at"], requestRows(history)));
  await time("commerce_checkouts", () => copyRows(client, "commerce_checkouts", ["payment_id", "request_id", "payer", "terms", "authorization_expiry", "created_at"], checkoutRows(history)));
  await time("commerce_payment_events", () => copyRows(client, "commerce_payment_events", eventColumns, eventRows(history)));
  await time("commerce_payments", () => copyRows(client, "commerce_payments", paymentColumns, paymentRows(history)));
  await time("fx_conversions", () => copyRows(client, "fx_conversions",
    ["transaction_hash", "log_index", "payment_id", "payer", "token_in", "token_out", "amount_in", "amount_out", "rate", "rate_decimals", "spread_bps",
      "feed_round_id", "block_number", "block_hash", "block_timestamp", "user_op_hash"], fxRows(history)));
  const started = Date.now();
  await client.query("SET maintenance_work_mem = '256MB'");
  for (const index of indexes) await client.query(index.definition);
  console.log(`${indexes.length} indexes built in ${Date.now() - started} ms`);
  return counts;
}
