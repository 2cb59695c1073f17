// `npm run bench:audit`: how fast an auditor rebuilds and reconciles a merchant's books from the chain.
//
// A `hardhat node` process (JSON-RPC over HTTP, like any node an auditor would use) gets Paykey deployed
// and N real escrow payments for one merchant, made in large batches by the BatchPayments test contract
// (charges, authorizations, and charges half refunded: 1.9 escrow logs per payment). The relayer's own
// payment indexer records them in a ledger (PGlite in memory, or PostgreSQL with --database URL). Then
// the audit runs as `npm run audit` does: every escrow log read over eth_getLogs in adaptive ranges,
// decoded, folded into the books, conservation checked, the ledger read and compared.
//
// Writes bench/audit.json: payments, logs, rebuildMs (read + decode + rebuild + conservation),
// reconcileMs (ledger read + comparison), logsPerSecond (logs / rebuild), and what bounds it: the time
// the node alone takes to serve the same logs (fetchMs), the ledger query's share of the reconciliation
// (ledgerReadMs), and the set-up times.
//
//   npm run bench:audit                          100,000 payments
//   npm run bench:audit -- --payments 20000 --batch 150 --database postgres://…
//   npm run bench:audit -- --rpc http://127.0.0.1:8545      a fresh node of your own (e.g. anvil)
import { writeFile, mkdir } from "node:fs/promises";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createPublicClient, createWalletClient, http } from "viem";
import { hardhat } from "viem/chains";
import { runAudit, scanLogs, escrowLogSource } from "@paykey/sdk/audit";
import { ledgerReader } from "../../server/src/audit/ledgerReader.ts";
import { createPgliteStore, createPostgresStore, type Store } from "../../server/src/db/index.ts";
import { build } from "../build.ts";
import { deployPaykey } from "../deploy.ts";
import { startLocalChain } from "../lib/chain.ts";
import { devAccount, devAccountRoles } from "../lib/devAccounts.ts";
import { projectRoot } from "../lib/run.ts";
import { createPayments, indexLedger } from "./audit/payments.ts";

const { values: flags } = parseArgs({ options: { payments: { type: "string" }, batch: { type: "string" }, database: { type: "string" }, rpc: { type: "string" } } });
const count = Number(flags.payments ?? process.env.BENCH_AUDIT_PAYMENTS ?? 100_000);
const batch = Number(flags.batch ?? 150);
const targetMs = 20_000;

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const time = async <T>(what: string, run: () => Promise<T>): Promise<[T, number]> => {
  const started = performance.now();
  const result = await run();
  const ms = Math.round(performance.now() - started);
  console.log(`${what}: ${seconds(ms)}`);
  return [result, ms];
};

await build();
// A fresh node of our own, or one given with --rpc (e.g. anvil; it must be a fresh local chain, 31337).
const chain = flags.rpc ? { url: flags.rpc, stop: async () => {} } : await startLocalChain();
let store: Store | undefined;
try {
  const transport = http(chain.url, { timeout: 300_000 });
  const publicClient = createPublicClient({ chain: hardhat, transport, pollingInterval: 20 });
  const walletClient = createWalletClient({ account: devAccount(devAccountRoles.deployer), chain: hardhat, transport });
  const deployment = await deployPaykey({
    publicClient,
    walletClient,
    sponsorSigner: devAccount(devAccountRoles.sponsorSigner).address,
    feeReceiver: devAccount(devAccountRoles.feeReceiver).address,
  });

  let shown = 0;
  const [created, createMs] = await time(`created ${count.toLocaleString("en")} payments`, () =>
    createPayments({ publicClient, walletClient }, deployment, {
      count,
      batch,
      onProgress(made) {
        if (made - shown >= 10_000 || made === count) console.log(`  ${made.toLocaleString("en")} payments`);
        if (made - shown >= 10_000) shown = made;
      },
    }),
  );

  store = flags.database
    ? await createPostgresStore({ url: flags.database, schema: `bench_audit_${process.pid}`, dropSchemaOnClose: true })
    : await createPgliteStore({ dataDir: "memory://" });
  const [, indexMs] = await time("relayer ledger indexed", () => indexLedger(store!, chain.url, deployment));

  // The node alone: the same eth_getLogs calls, without decoding or books (what the audit cannot go below).
  const escrow = escrowLogSource(deployment.paymentEscrow);
  const [fetched, fetchMs] = await time("eth_getLogs alone", async () => {
    let logs = 0;
    for await (const range of scanLogs(publicClient, { address: [deployment.paymentEscrow], topics: [escrow.topics], fromBlock: BigInt(deployment.startBlock), toBlock: created.lastBlock })) logs += range.logs.length;
    return logs;
  });

  const readLedger = ledgerReader(store!, deployment.paymentEscrow);
  let ledgerReadMs = 0;
  const [report, auditMs] = await time("audit (rebuild + reconcile)", () =>
    runAudit({
      client: publicClient,
      contracts: { escrow: deployment.paymentEscrow, startBlock: BigInt(deployment.startBlock) },
      merchantId: created.merchantId,
      period: { toBlock: created.lastBlock },
      // The same reader, timed: how much of the reconciliation is the database.
      async ledger(query) {
        const started = performance.now();
        const snapshot = await readLedger(query);
        ledgerReadMs = Math.round(performance.now() - started);
        return snapshot;
      },
      includePayments: false,
    }),
  );
  if (report.books.payments !== count || !report.summary.ok || report.scan.logs !== fetched) {
    throw new Error(`the audit did not reconcile: ${JSON.stringify({ books: report.books, summary: report.summary, logs: report.scan.logs, fetched })}`);
  }

  const { rebuildMs, reconcileMs, logs, calls } = report.scan;
  const result = {
    payments: count,
    logs,
    rebuildMs,
    reconcileMs,
    logsPerSecond: Math.round((logs * 1000) / rebuildMs),
    totalMs: rebuildMs + reconcileMs,
    targetMs,
    withinTarget: rebuildMs + reconcileMs <= targetMs,
    fetchMs,
    ledgerReadMs,
    auditMs,
    getLogsCalls: calls,
    blocks: Number(report.scan.blocks),
    setup: { createMs, transactions: created.transactions, paymentsPerTransaction: batch, indexMs },
    chain: `${await publicClient.request({ method: "web3_clientVersion" })} over HTTP`,
    database: store.kind,
    machine: { cores: cpus().length, loadAverage: loadavg().map((value) => Number(value.toFixed(2))) },
  };
  await mkdir(join(projectRoot, "bench"), { recursive: true });
  await writeFile(join(projectRoot, "bench", "audit.json"), `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result, null, 2));
  console.log("wrote bench/audit.json");
} finally {
  await store?.close();
  await chain.stop();
}
