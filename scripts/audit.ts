// `npm run audit`: the auditor's command line. Rebuilds a merchant's books for a period from escrow logs
// read straight over JSON-RPC (never from the relayer's database or API), checks conservation, compares
// with the relayer's ledger when --db is given, writes a JSON and a CSV report, and exits non-zero on any
// unexplained difference. `npm run audit -- receipt <ref>` verifies one receipt. See --help / usage.
import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { type Address, type Hex, createPublicClient, getAddress, http } from "viem";
import { ZodError } from "zod";
import { type AuditProgress, type ItemisedReceipt, periodEnd, periodStart, receiptJson, reportCsv, runAudit, serializeReport, verifyReceipt } from "@paykey/sdk/audit";
import { ledgerReader } from "../server/src/audit/ledgerReader.ts";
import { openLedgerDatabase, type LedgerDatabase } from "../server/src/audit/ledgerDatabase.ts";
import { readItemisedReceipt } from "../server/src/audit/itemisedReceipts.ts";
import { deploymentPath, readDeployment } from "./deploy.ts";
import { type AuditOptions, parseAuditOptions, usage } from "./audit/options.ts";

/** A failure of the command's own inputs (exit 2), as opposed to a failed audit (exit 1). */
class UsageError extends Error {}

type Contracts = { escrow: Address; entryPoint: Address; startBlock: bigint; fxRouter: Address | null };

async function contractsFor(options: AuditOptions, chainId: number): Promise<Contracts> {
  const file = options.deployment ?? deploymentPath(chainId);
  const deployment = await readDeployment(file).catch(() => undefined);
  const escrow = options.escrow ?? deployment?.paymentEscrow;
  const entryPoint = options.entryPoint ?? deployment?.entryPoint;
  if (!escrow || !entryPoint) {
    throw new UsageError(`No deployment for chain ${chainId} at ${file}: pass --deployment FILE, or --escrow and --entry-point.`);
  }
  const fxRouter = (deployment as { fxRouter?: Address } | undefined)?.fxRouter ?? null;
  return { escrow: getAddress(escrow), entryPoint: getAddress(entryPoint), startBlock: options.startBlock ?? BigInt(deployment?.startBlock ?? 0), fxRouter };
}

/** Progress on stderr, at most twice a second. */
function progressPrinter(quiet: boolean) {
  let last = 0;
  return (progress: AuditProgress) => {
    if (quiet) return;
    const now = Date.now();
    if (progress.phase === "scan" && now - last < 500 && progress.blocksScanned < progress.totalBlocks) return;
    last = now;
    const blocks = `${progress.blocksScanned.toLocaleString("en")} / ${progress.totalBlocks.toLocaleString("en")} blocks`;
    process.stderr.write(`[audit] ${progress.phase.padEnd(12)} ${blocks} · ${progress.logs.toLocaleString("en")} logs · ${progress.logsPerSecond.toLocaleString("en")} logs/s\n`);
  };
}

async function reconcileCommand(options: AuditOptions, client: ReturnType<typeof createPublicClient>, contracts: Contracts, db: LedgerDatabase | undefined): Promise<number> {
  const latest = await client.getBlockNumber();
  const report = await runAudit({
    client,
    contracts,
    merchantId: options.merchant!,
    period: {
      from: options.from ? periodStart(options.from) : undefined,
      to: options.to ? periodEnd(options.to) : undefined,
      fromBlock: options.fromBlock,
      toBlock: options.toBlock,
    },
    head: latest - options.confirmations,
    ledger: db ? ledgerReader(db, contracts.escrow) : undefined,
    onProgress: progressPrinter(options.quiet),
  });
  const out = resolve(options.out);
  await mkdir(out, { recursive: true });
  const base = join(out, `audit-${report.chainId}-merchant-${report.merchantId}-blocks-${report.period.fromBlock.number}-${report.period.toBlock.number}`);
  await writeFile(`${base}.json`, serializeReport(report));
  await writeFile(`${base}.csv`, reportCsv(report));

  const { summary } = report;
  console.log(
    [
      `chain ${report.chainId} · escrow ${report.contracts.escrow} · merchant ${report.merchantId}`,
      `blocks ${report.period.fromBlock.number} (${report.period.fromBlock.hash}) … ${report.period.toBlock.number} (${report.period.toBlock.hash})`,
      `books: ${report.books.payments} payments, ${report.books.events} events · ${report.scan.logs} logs read in ${report.scan.calls} eth_getLogs calls`,
      `conservation: ${report.conservation.ok ? "holds" : "FAILS"} (${report.conservation.tokens.map((token) => `${token.token}: balance ${token.balance} ≥ held ${token.held}${token.ok ? "" : " ✗"}`).join("; ") || "nothing held"})`,
      report.ledger
        ? `ledger (${report.ledger.source}): ${summary.unexplained} unexplained, ${summary.explained} explained differences` +
          Object.entries(summary.byCategory)
            .filter(([, count]) => count > 0)
            .map(([category, count]) => `\n  ${category}: ${count}`)
            .join("")
        : "ledger: not compared (no --db)",
      `report: ${base}.json, ${base}.csv`,
      `sha256: ${report.sha256}`,
    ].join("\n"),
  );
  return summary.ok ? 0 : 1;
}

async function receiptCommand(options: AuditOptions, client: ReturnType<typeof createPublicClient>, contracts: Contracts, db: LedgerDatabase | undefined): Promise<number> {
  const result = await verifyReceipt(client, {
    escrow: contracts.escrow,
    entryPoint: contracts.entryPoint,
    ref: options.ref as Hex,
    fromBlock: contracts.startBlock,
    itemised: db ? (paymentId): Promise<ItemisedReceipt | null> => readItemisedReceipt(db, paymentId) : undefined,
  });
  console.log(JSON.stringify(receiptJson(result), null, 2));
  const ok = result.receipts.every((receipt) => receipt.verification.state !== "mismatch");
  return ok ? 0 : 1;
}

export async function main(argv: readonly string[]): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log(usage);
    return 0;
  }
  let db: LedgerDatabase | undefined;
  try {
    const options = parseAuditOptions(argv, process.env);
    const client = createPublicClient({ transport: http(options.rpc, { timeout: 60_000, retryCount: 3 }) });
    const chainId = await client.getChainId().catch((cause: unknown) => {
      throw new UsageError(`Cannot reach the chain at ${options.rpc}: ${(cause as Error).message.split("\n")[0]}`);
    });
    const contracts = await contractsFor(options, chainId);
    db = options.db ? await openLedgerDatabase({ url: options.db, schema: options.dbSchema }) : undefined;
    return options.command === "receipt" ? await receiptCommand(options, client, contracts, db) : await reconcileCommand(options, client, contracts, db);
  } catch (error) {
    if (error instanceof ZodError) {
      console.error(`${error.issues.map((issue) => `--${issue.path.join(".")}: ${issue.message}`).join("\n")}\n\n${usage}`);
      return 2;
    }
    if (error instanceof UsageError) {
      console.error(error.message);
      return 2;
    }
    console.error(error instanceof Error ? (error as { shortMessage?: string }).shortMessage ?? error.message : error);
    return 2;
  } finally {
    await db?.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  process.exitCode = await main(process.argv.slice(2));
}
