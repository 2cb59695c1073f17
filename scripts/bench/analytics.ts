// `npm run bench:analytics`: a store with PAYKEY_BENCH_PAYMENTS (default 1,000,000) sales over a
// year plus noise from 50 other merchants (one sale in eleven), streamed into PostgreSQL with
// COPY … FROM STDIN (pg-copy-streams; rows generated lazily, see scripts/bench/analytics/), the
// rollups built by the indexer's own SQL, VACUUM ANALYZE; then each analytics query of the
// dashboard's default 30-day period is timed (p50/p95 of 30 runs) and the full year's
// settlement CSV is streamed through the export code (settlementPaymentRows and the route's CSV
// encoder) with peak RSS sampled. Writes bench/analytics.json. Needs PostgreSQL
// (PAYKEY_TEST_POSTGRES_URL or the test default); works in its own schema, dropped at the end.
// For plan work: PAYKEY_BENCH_KEEP_SCHEMA=1 keeps the schema, PAYKEY_BENCH_SCHEMA=<name> reuses
// a kept one without seeding again.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { loadavg } from "node:os";
import { Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { settlementPaymentColumns } from "@paykey/sdk/api/exports";
import { commerceModule } from "../../server/src/commerce/module.ts";
import { applySalesRollups } from "../../server/src/commerce/salesRollups.ts";
import { coreMigrationsDir, createPostgresStore, loadMigrations, migrate } from "../../server/src/db/index.ts";
import { fxModule } from "../../server/src/fx/module.ts";
import { couponsByCoupon } from "../../server/src/ledger/analytics/coupons.ts";
import { customers } from "../../server/src/ledger/analytics/customers.ts";
import { peakHours } from "../../server/src/ledger/analytics/peakHours.ts";
import { salesSeries, salesSummary } from "../../server/src/ledger/analytics/sales.ts";
import { topItems } from "../../server/src/ledger/analytics/topItems.ts";
import { csvStringifier } from "../../server/src/ledger/exports/csv.ts";
import { hasFxConversions, settlementPaymentRows } from "../../server/src/ledger/exports/settlementCsv.ts";
import { resolvePeriod } from "../../server/src/ledger/period.ts";
import { projectRoot } from "../lib/run.ts";
import { seedLedger } from "./analytics/seed.ts";

const url = process.env.PAYKEY_TEST_POSTGRES_URL || "postgres://paykey:paykey@127.0.0.1:5432/paykey_test";
const payments = Number(process.env.PAYKEY_BENCH_PAYMENTS ?? 1_000_000);
const reuse = process.env.PAYKEY_BENCH_SCHEMA;
const keep = reuse !== undefined || process.env.PAYKEY_BENCH_KEEP_SCHEMA === "1";
const schema = reuse ?? `bench_analytics_${process.pid}`;
const timeZone = "Europe/Berlin";
const load = () => loadavg().map((value) => Math.round(value * 100) / 100);
const loadBefore = load();
const store = await createPostgresStore({ url, schema, dropSchemaOnClose: !keep });
try {
  await migrate(store, [
    ...loadMigrations(coreMigrationsDir, "db"),
    ...loadMigrations(commerceModule.migrationsDir!, "commerce"),
    ...loadMigrations(fxModule.migrationsDir!, "fx"),
  ]);
  const started = Date.now();
  let rows: Record<string, number> = {};
  if (reuse === undefined) {
    // The benchmarked store has `payments` sales; the noise is one sale in eleven of the whole history.
    const client = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
    await client.connect();
    try {
      rows = await seedLedger(client, { total: Math.ceil((payments * 11) / 10), timeZone });
    } finally {
      await client.end();
    }
    const rollups = Date.now();
    await applySalesRollups(store, { aboveBlock: -1n }, 1);
    console.log(`rollups built in ${Date.now() - rollups} ms`);
    await store.exec("VACUUM ANALYZE");
  }
  const seededMs = Date.now() - started;
  const [{ count }] = (await store.query<{ count: string }>("SELECT count(*) FROM commerce_payments WHERE merchant_id = 1")) as [{ count: string }];

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

  // The whole history's settlement CSV (one row per sale) through the export code, to a sink; peak RSS sampled.
  const year = await resolvePeriod(store, { from: "2025-11-30", to: "2026-12-01", timeZone, now: new Date(), maxDays: 3660 });
  const fx = await hasFxConversions(store);
  const rssBeforeCsv = process.memoryUsage().rss;
  let peakRss = rssBeforeCsv;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
  const t0 = Date.now();
  let lines = 0;
  let bytes = 0;
  await pipeline(
    Readable.from(settlementPaymentRows(store, { ...scope, period: year, currency: "USD", decimals: 6 }, { fx, decimalsOf: () => 6 })),
    csvStringifier(settlementPaymentColumns),
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) lines++;
        done();
      },
    }),
  );
  clearInterval(sampler);
  const csvMs = Date.now() - t0;
  const report = {
    payments: Number(count),
    seededRows: rows,
    seededMs,
    period: { from: period.from, to: period.to, timeZone },
    queries: results,
    csvRows: lines - 1,
    csvMb: Math.round(bytes / 104_857.6) / 10,
    csvMs,
    csvPeakRssMb: Math.round(peakRss / 1_048_576),
    rssBeforeCsvMb: Math.round(rssBeforeCsv / 1_048_576),
    loadAverage: { before: loadBefore, after: load() },
    cores: (await import("node:os")).cpus().length,
    measuredAt: new Date().toISOString(),
  };
  console.log(report);
  await writeFile(join(projectRoot, "bench", "analytics.json"), `${JSON.stringify(report, null, 2)}\n`);
} finally {
  await store.close();
}
