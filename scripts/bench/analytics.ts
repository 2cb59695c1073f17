// `npm run bench:analytics`: a store with PAYKEY_BENCH_PAYMENTS (default 1,000,000) sales over
// a year plus noise from 50 other merchants, seeded set-based inside PostgreSQL (generate_series;
// see the report: COPY from the client was not wired in), rollups rebuilt, VACUUM ANALYZE; then
// each analytics query of the dashboard's default 30-day period is timed (p50/p95 of 30 runs)
// and the full-year settlement CSV is streamed through the real export code. Writes
// bench/analytics.json. Needs PostgreSQL (PAYKEY_TEST_POSTGRES_URL or the test default).
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { loadavg } from "node:os";
import { commerceModule } from "../../server/src/commerce/module.ts";
import { rebuildSalesRollups } from "../../server/src/commerce/salesRollups.ts";
import { coreMigrationsDir, createPostgresStore, loadMigrations, migrate } from "../../server/src/db/index.ts";
import { couponsByCoupon } from "../../server/src/ledger/analytics/coupons.ts";
import { customers } from "../../server/src/ledger/analytics/customers.ts";
import { peakHours } from "../../server/src/ledger/analytics/peakHours.ts";
import { salesSeries, salesSummary } from "../../server/src/ledger/analytics/sales.ts";
import { topItems } from "../../server/src/ledger/analytics/topItems.ts";
import { resolvePeriod } from "../../server/src/ledger/period.ts";
import { settlementPaymentRows } from "../../server/src/ledger/exports/settlementCsv.ts";
import { stringify } from "csv-stringify";
import { Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { projectRoot } from "../lib/run.ts";

const url = process.env.PAYKEY_TEST_POSTGRES_URL || "postgres://paykey:paykey@127.0.0.1:5432/paykey_test";
const payments = Number(process.env.PAYKEY_BENCH_PAYMENTS ?? 1_000_000);
const schema = `bench_analytics_${process.pid}`;
const store = await createPostgresStore({ url, schema, dropSchemaOnClose: true });
const timeZone = "Europe/Berlin";
try {
  await migrate(store, [...loadMigrations(coreMigrationsDir, "db"), ...loadMigrations(commerceModule.migrationsDir!, "commerce")]);
  const started = Date.now();
  // A year of sales: authorized then captured (first capture) in the same second; every 20th refunded a day later; noise for 50 other merchants.
  await store.exec(`
    INSERT INTO commerce_stores (id, owner_account, name, currency, settlement_token, payout, loyalty_bps, status, merchant_id, fee_bps, time_zone)
    VALUES ('benchstore1', '0x01', 'Bench', 'USD', '0x02', '0x01', 100, 'active', 1, 100, '${timeZone}');
    CREATE TEMP TABLE sale AS
      SELECT i, CASE WHEN i % 10 = 0 THEN 2 + i % 50 ELSE 1 END AS merchant_id, lpad(to_hex(i), 64, '0') AS pid,
             '0x' || lpad(to_hex(i % 200000), 40, '0') AS payer, timestamptz '2025-12-01' + (i * interval '1 second' * (31536000.0 / ${payments * 1.1})) AS at,
             (1000000 + (i % 997) * 10000)::numeric AS amount
        FROM generate_series(1, ${Math.round(payments * 1.1)}) i;
    INSERT INTO commerce_payment_events (transaction_hash, log_index, payment_id, kind, amount, block_number, block_hash, block_timestamp, merchant_id, payer, token, order_ref, line_items_hash, price, fee_bps, finality)
      SELECT '0x' || pid, 0, '0x' || pid, 'authorized', amount, i, '0x00', at, merchant_id, payer, '0x02', '0x00', '0x00', amount, 100, 'finalized' FROM sale;
    INSERT INTO commerce_payment_events (transaction_hash, log_index, payment_id, kind, amount, fee, block_number, block_hash, block_timestamp, merchant_id, payer, token, order_ref, line_items_hash, points_minted, first_capture, finality)
      SELECT '0x' || pid, 1, '0x' || pid, 'captured', amount, amount / 100, i, '0x00', at, merchant_id, payer, '0x02', '0x00', '0x00', amount / 100, true, 'finalized' FROM sale;
    INSERT INTO commerce_payment_events (transaction_hash, log_index, payment_id, kind, amount, block_number, block_hash, block_timestamp, merchant_id, payer, token, order_ref, line_items_hash, finality)
      SELECT '0x' || pid || 'r', 0, '0x' || pid, 'refunded', amount / 2, i, '0x00', at + interval '1 day', merchant_id, payer, '0x02', '0x00', '0x00', 'finalized' FROM sale WHERE i % 20 = 0;
    UPDATE commerce_payment_events e SET payer_prev_sale_at = p.prev, payer_prev2_sale_at = p.prev2
      FROM (SELECT transaction_hash, lag(block_timestamp) OVER w AS prev, lag(block_timestamp, 2) OVER w AS prev2
              FROM commerce_payment_events WHERE first_capture WINDOW w AS (PARTITION BY merchant_id, payer ORDER BY block_number)) p
     WHERE e.transaction_hash = p.transaction_hash AND e.first_capture;
    INSERT INTO commerce_payments (payment_id, merchant_id, payer, token, status, authorized, captured, refunded, fees, order_ref, line_items_hash, block_number, log_index, created_at, updated_at, price, first_captured_at, finality)
      SELECT '0x' || pid, merchant_id, payer, '0x02', CASE WHEN i % 20 = 0 THEN 'refunded' ELSE 'captured' END, amount, amount, CASE WHEN i % 20 = 0 THEN amount / 2 ELSE 0 END,
             amount / 100, '0x00', '0x00', i, 0, at, at, amount, at, 'finalized' FROM sale;
  `);
  await rebuildSalesRollups(store, 1n);
  await store.exec("VACUUM ANALYZE");
  const seededMs = Date.now() - started;

  const period = await resolvePeriod(store, { from: "2026-10-01", to: "2026-10-30", timeZone, now: new Date(), maxDays: 366 });
  const scope = { merchantId: "1", timeZone, period };
  const queries: Record<string, () => Promise<unknown>> = {
    salesSummary: () => salesSummary(store, scope),
    salesByDay: () => salesSeries(store, scope, "day"),
    salesByHour: () => salesSeries(store, scope, "hour"),
    peakHours: () => peakHours(store, scope),
    customers: () => customers(store, scope),
    topItems: () => topItems(store, scope),
    coupons: () => couponsByCoupon(store, scope),
  };
  const results: Record<string, { p50Ms: number; p95Ms: number }> = {};
  for (const [name, run] of Object.entries(queries)) {
    const times: number[] = [];
    for (let round = 0; round < 32; round++) {
      const t0 = performance.now();
      await run();
      if (round >= 2) times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    results[name] = { p50Ms: Math.round(times[Math.floor(times.length * 0.5)]! * 10) / 10, p95Ms: Math.round(times[Math.floor(times.length * 0.95)]! * 10) / 10 };
    console.log(name, results[name]);
  }

  // The whole year's settlement CSV through the export code, to a sink; peak RSS sampled.
  const year = await resolvePeriod(store, { from: "2025-12-01", to: "2026-11-30", timeZone, now: new Date(), maxDays: 3660 });
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  const t0 = Date.now();
  let rows = 0;
  await pipeline(
    Readable.from(settlementPaymentRows(store, { ...scope, period: year, currency: "USD", decimals: 6 }, { fx: false, decimalsOf: () => 6 })),
    stringify({ header: true, escape_formulas: true }),
    new Writable({ write(chunk: Buffer, _encoding, done) { rows += chunk.toString().split("\n").length - 1; done(); } }),
  );
  clearInterval(sampler);
  const csvMs = Date.now() - t0;
  const report = { payments, seededMs, period: { from: period.from, to: period.to, timeZone }, queries: results, csvRows: rows - 1, csvMs, csvPeakRssMb: Math.round(peakRss / 1_048_576), loadAverage: loadavg().map((value) => Math.round(value * 100) / 100), measuredAt: new Date().toISOString() };
  console.log(report);
  await writeFile(join(projectRoot, "bench", "analytics.json"), `${JSON.stringify(report, null, 2)}\n`);
} finally {
  await store.close();
}
