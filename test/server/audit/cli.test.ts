// `npm run audit` as an auditor runs it: a separate process given only the chain's RPC URL, the deployment
// file and the relayer's database URL (PGlite directory, or PostgreSQL in the postgres suite). It writes
// a sealed JSON report and a CSV, prints progress on stderr, and its exit status says whether the books
// reconcile; it verifies a receipt by transaction hash; bad usage is exit 2 with the reason.
import { expect } from "chai";
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { auditReport } from "@paykey/sdk/api/audit";
import { reportDigest } from "@paykey/sdk/audit";
import { projectRoot } from "../../../scripts/lib/run.ts";
import { createPgliteStore, createPostgresStore, type Store } from "../../../server/src/db/index.ts";
import { testPostgresUrl, uniqueSchema, usePostgres } from "../helpers/database.ts";
import { type TestChain, startChain } from "../helpers/chain.ts";
import { type EoaScenario, indexLedger, playEoaScenario } from "./eoaScenario.ts";

type Run = { code: number; stdout: string; stderr: string };

function runAudit(args: readonly string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(projectRoot, "scripts/audit.ts"), ...args], { cwd: projectRoot, env: { ...process.env, RPC_URL: "" } }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe("audit: the command line (npm run audit)", function () {
  this.timeout(120_000);
  let chain: TestChain;
  let scenario: EoaScenario;
  let dir: string;
  /** The ledger: `db` for the CLI, and `open` to change it (PGlite serves one process at a time, so it is closed between). */
  const ledger = { db: "", schema: undefined as string | undefined, open: async (): Promise<Store> => { throw new Error("not set"); } };

  before(async function () {
    this.timeout(300_000);
    dir = mkdtempSync(join(tmpdir(), "paykey-audit-cli-"));
    chain = await startChain();
    scenario = await playEoaScenario(chain.url);
    if (usePostgres) {
      const schema = uniqueSchema();
      ledger.db = testPostgresUrl;
      ledger.schema = schema;
      ledger.open = () => createPostgresStore({ url: testPostgresUrl, schema });
    } else {
      ledger.db = join(dir, "ledger");
      ledger.open = () => createPgliteStore({ dataDir: join(dir, "ledger") });
    }
    const store = await indexLedger(chain.url, scenario, await ledger.open());
    await store.close();
  });

  after(async function () {
    if (usePostgres && ledger.schema) {
      const store = await createPostgresStore({ url: testPostgresUrl, schema: ledger.schema, dropSchemaOnClose: true });
      await store.close();
    }
    await chain?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const common = () => ["--rpc", chain.url, "--deployment", scenario.deploymentFile, "--db", ledger.db, ...(ledger.schema ? ["--db-schema", ledger.schema] : [])];
  const reports = (out: string) => {
    const files = readdirSync(out).sort();
    expect(files.map((file) => file.replace(/\d+-\d+\./, "N-N."))).to.deep.equal(["audit-31337-merchant-1-blocks-N-N.csv", "audit-31337-merchant-1-blocks-N-N.json"]);
    const report = auditReport.parse(JSON.parse(readFileSync(join(out, files[1]!), "utf8")));
    const csv = readFileSync(join(out, files[0]!), "utf8");
    return { report, csv, rows: parse(csv, { comment: "#", columns: true }) as Record<string, string>[] };
  };

  it("reconciles an untouched ledger for a period in days: exit 0, sealed JSON, CSV, progress on stderr", async function () {
    const out = join(dir, "clean");
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const run = await runAudit([...common(), "--merchant", "1", "--from", day(-1), "--to", day(1), "--out", out]);
    expect(run.code, run.stderr + run.stdout).to.equal(0);
    expect(run.stderr).to.match(/\[audit\] scan\s+[\d,]+ \/ [\d,]+ blocks · [\d,]+ logs · [\d,]+ logs\/s/);
    const { report, csv, rows } = reports(out);
    expect(report.summary).to.deep.include({ ok: true, differences: 0 });
    expect(report.books.payments).to.equal(4);
    expect(report.ledger).to.deep.include({ payments: 4, events: 8 });
    expect(reportDigest(report)).to.equal(report.sha256);
    expect(run.stdout).to.contain(`sha256: ${report.sha256}`);
    expect(csv).to.contain(`# report sha256 ${report.sha256}`);
    expect(csv).to.contain(`# blocks ${report.period.fromBlock.number} (${report.period.fromBlock.hash}) to ${report.period.toBlock.number} (${report.period.toBlock.hash})`);
    expect(rows).to.deep.equal([]);
  });

  it("exits 1 and lists the difference when the ledger was tampered with", async function () {
    const store = await ledger.open();
    await store.query("UPDATE commerce_payments SET captured = 1 WHERE payment_id = $1", [scenario.payments.charged]);
    await store.close();
    const out = join(dir, "tampered");
    const run = await runAudit([...common(), "--merchant", "1", "--out", out, "--quiet"]);
    expect(run.code, run.stderr + run.stdout).to.equal(1);
    expect(run.stderr).to.equal("");
    expect(run.stdout).to.contain("amount_differs: 1");
    const { report, rows } = reports(out);
    expect(report.summary).to.deep.include({ ok: false, unexplained: 1 });
    expect(rows.map((row) => [row.category, row.explained, row.paymentId, row.field, row.chain, row.ledger])).to.deep.equal([
      ["amount_differs", "false", scenario.payments.charged, "captured", "50000000", "1"],
    ]);
  });

  it("verifies a receipt by transaction hash", async function () {
    const [event] = await (async () => {
      const store = await ledger.open();
      try {
        return await store.query<{ transaction_hash: string }>("SELECT transaction_hash FROM commerce_payment_events WHERE payment_id = $1 AND kind = 'refunded'", [scenario.payments.refunded]);
      } finally {
        await store.close();
      }
    })();
    const run = await runAudit([...common(), "receipt", event!.transaction_hash]);
    expect(run.code, run.stderr + run.stdout).to.equal(0);
    const result = JSON.parse(run.stdout);
    expect(result.matchedAs).to.equal("transactionHash");
    expect(result.receipts.map((receipt: any) => [receipt.chain.paymentId, receipt.chain.status, receipt.chain.refunded])).to.deep.equal([[scenario.payments.refunded, "refunded", "30000000"]]);
    // A payment made outside a Paykey checkout has no itemised receipt to check.
    expect(result.receipts[0].verification).to.deep.equal({ state: "pending", checks: [] });
  });

  it("refuses bad usage with exit 2 and the reason", async function () {
    const missing = await runAudit(["--rpc", chain.url, "--deployment", scenario.deploymentFile]);
    expect(missing.code).to.equal(2);
    expect(missing.stderr).to.contain("--merchant: --merchant is required");
    const badDate = await runAudit([...common(), "--merchant", "1", "--from", "2025-13-45"]);
    expect(badDate.code).to.equal(2);
    expect(badDate.stderr).to.contain("--from: is not a valid date");
    const noChain = await runAudit(["--rpc", "http://127.0.0.1:9", "--merchant", "1"]);
    expect(noChain.code).to.equal(2);
    expect(noChain.stderr).to.contain("Cannot reach the chain at http://127.0.0.1:9");
  });
});
