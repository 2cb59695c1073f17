// `npm run bench:relayer`: throughput, latency and CPU of the relayer under passkey payments.
//
// A `hardhat node` process (or anvil: `--chain anvil`) mines a block every second; Paykey is
// deployed on it; the relayer runs as its own process (`node server/src/main.ts`, info logs to a file)
// so its CPU is measured alone, on its embedded PGlite (default) or on PostgreSQL
// (`--database postgres`: the backends' CPU is measured too). With `--instances N` (PostgreSQL)
// N relayers started from one configuration share the database and the executor keys behind a
// round-robin proxy, one URL. N simulated payers — software P-256 passkeys signed up through
// the relayer's WebAuthn routes, holding test USD and 0 ETH — pay the demo merchant in a loop
// (scripts/bench/relayer/payer.ts): pm_getPaymasterData → passkey signature (a real WebAuthn
// assertion) → eth_sendUserOperation → paykey_getUserOperationStatus waiting for each change, as
// the web wallet follows an operation, then eth_getUserOperationReceipt (`--receipts poll`: the
// receipt polled every 250 ms, as any ERC-4337 wallet can). Gas limits
// come from one viem `prepareUserOperation` per payer during warm-up, wallet floors included.
//
// Payers pay in a closed loop (each again as soon as its receipt is in: the throughput the system
// saturates at), or with `--rate N` in an open loop: payments arrive at N per second (Poisson),
// each made by an idle payer, which measures latency at that load.
//
// Writes bench/relayer.json (this run at the top, the last run per setup under `byBackend`,
// keyed "postgres+anvil", "postgres+anvil+3-instances", with --receipts poll "postgres+anvil+polling",
// with --rate 100 "postgres+anvil+100-per-second") and prints it: paymentsPerSecond,
// p50Ms / p95Ms (send → receipt), cpuMsPerOp (relayer processes' CPU per payment),
// opsPerBundle, and the CPU the chain, the database and the load generator spent per
// payment, on the same machine, with the load average at the start and the end.
//
//   npm run bench:relayer                                   60 s, 160 payers, PGlite, Hardhat
//   npm run bench:relayer -- --duration 15 --users 80 --database postgres
//   npm run bench:relayer -- --database postgres --chain anvil --users 240
//   npm run bench:relayer -- --database postgres --chain anvil --users 400 --rate 105
//   npm run bench:relayer -- --database postgres --chain anvil --instances 2
//   npm run bench:relayer -- --database postgres --chain anvil --users 240 --receipts poll
//   BENCH_DURATION_SECONDS=15 npm run bench:relayer
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { parseEther } from "viem";
import { startChildRelayer, type ChildRelayer } from "../../test/server/helpers/childRelayer.ts";
import { build } from "../build.ts";
import { freePort } from "../lib/chain.ts";
import { parseChainKind, setBlockTime, startChainBackend } from "../lib/chainBackend.ts";
import { deployLocalPaykey } from "../lib/localDeployment.ts";
import { startRoundRobinProxy, type RoundRobinProxy } from "../lib/roundRobinProxy.ts";
import { projectRoot } from "../lib/run.ts";
import { runPayments, summarize } from "./relayer/load.ts";
import { backendsCpuDelta, metric, postgresBackendsCpu, processCpuMs } from "./relayer/measure.ts";
import { pay } from "./relayer/payer.ts";
import { benchPostgresUrl, benchRelayerEnv, devKeys, dropSchema, relayerExecutorIndices, signUpAndWarmUp, type BenchDatabase } from "./relayer/setup.ts";

const { values: flags } = parseArgs({
  options: {
    duration: { type: "string" },
    users: { type: "string" },
    database: { type: "string" },
    executors: { type: "string" },
    chain: { type: "string" },
    instances: { type: "string" },
    receipts: { type: "string" },
    rate: { type: "string" },
  },
  allowPositionals: true,
});
const durationSeconds = Number(flags.duration ?? process.env.BENCH_DURATION_SECONDS ?? 60);
const userCount = Number(flags.users ?? process.env.BENCH_USERS ?? 160);
const database = (flags.database ?? process.env.BENCH_DATABASE ?? "pglite") as "pglite" | "postgres";
const chainKind = parseChainKind(flags.chain ?? process.env.BENCH_CHAIN);
const instanceCount = Number(flags.instances ?? process.env.BENCH_INSTANCES ?? 1);
/** How payers learn of inclusion: Paykey's wait (default, as its web wallet does) or polling every 250 ms (any bundler). */
const receipts = (flags.receipts ?? process.env.BENCH_RECEIPTS ?? "wait") as "wait" | "poll";
/** Executor keys: accounts 2-4 (the relayer's defaults) and 9-11, shared by every instance. */
const executorCount = Number(flags.executors ?? process.env.BENCH_EXECUTORS ?? 6);
/**
 * Open loop: payments arrive at this rate (a Poisson process) and are made by idle payers, so
 * latency is measured at that load; without it, a closed loop (every payer pays again as soon
 * as its receipt is in) measures the throughput the system saturates at.
 */
const rateFlag = flags.rate ?? process.env.BENCH_RATE;
const ratePerSecond = rateFlag === undefined ? undefined : Number(rateFlag);
const blockTimeMs = 1_000;
const receiptPollMs = 250;
const rampUpMs = 3_000;
const targets = { paymentsPerSecond: 100, p95Ms: 2_000, cpuMsPerOp: 5 };

const round = (value: number, digits = 0) => Number(value.toFixed(digits));
const loadAverage = () => loadavg().map((value) => round(value, 2));

async function main(): Promise<void> {
  if (receipts !== "wait" && receipts !== "poll") throw new Error(`--receipts is wait or poll, not ${receipts}`);
  if (instanceCount > 1 && database !== "postgres") throw new Error("several instances share one PostgreSQL: add --database postgres");
  if (ratePerSecond !== undefined && !(ratePerSecond > 0)) throw new Error(`--rate is payments per second, not ${rateFlag}`);
  if (executorCount > relayerExecutorIndices.length) throw new Error(`at most ${relayerExecutorIndices.length} executor keys`);
  console.log(
    `[bench:relayer] ${userCount} payers${ratePerSecond ? ` taking ${ratePerSecond} payments/s (open loop)` : " (closed loop)"}, ${durationSeconds} s measured, ${database}, ${chainKind}, ${instanceCount} instance(s), ${executorCount} executor keys, a block every ${blockTimeMs} ms`,
  );
  await build();
  const chain = await startChainBackend(chainKind);
  const workDir = mkdtempSync(join(tmpdir(), "paykey-bench-relayer-"));
  const run = randomBytes(4).toString("hex");
  const db: BenchDatabase =
    database === "postgres" ? { kind: "postgres", schema: `bench_${run}`, applicationName: `paykey-bench-${run}` } : { kind: "pglite", dataDir: join(workDir, "relayer") };
  const relayers: ChildRelayer[] = [];
  let proxy: RoundRobinProxy | undefined;
  const stopAll = async () => {
    await proxy?.close();
    await Promise.all(relayers.map((relayer) => relayer.stop()));
    await chain.stop();
    if (db.kind === "postgres") await dropSchema(db.schema);
  };
  process.once("SIGINT", () => void stopAll().then(() => process.exit(130)));
  try {
    const local = await deployLocalPaykey(chain.url, { deploymentFile: join(workDir, "deployment.json"), paymasterDeposit: parseEther("1000") });
    const executorKeys = devKeys(relayerExecutorIndices.slice(0, executorCount));
    for (let index = 0; index < instanceCount; index++) {
      const env = benchRelayerEnv({ local, chainUrl: chain.url, port: await freePort(), database: db, executorKeys, logLevel: "info" });
      // Info logs to a file, as an operator keeps them (a pipe into this busy process would stall the relayer).
      relayers.push(await startChildRelayer(env, { logFile: join(workDir, `relayer-${index}.log`) }));
    }
    proxy = instanceCount > 1 ? await startRoundRobinProxy(relayers.map((relayer) => relayer.url)) : undefined;
    const url = proxy?.url ?? relayers[0]!.url;
    const rpcUrl = `${url}/rpc`;

    console.log("[bench:relayer] signing up payers and deploying their accounts");
    const { payers, calls } = await signUpAndWarmUp({ local, relayerUrl: url, count: userCount, receiptPollMs });

    // From now on a block every second, whatever is pending.
    await setBlockTime(chain, blockTimeMs);
    const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
    const snapshot = async () => ({
      relayer: sum(relayers.map((relayer) => processCpuMs(relayer.process.pid!))),
      chain: processCpuMs(chain.process.pid!),
      load: process.cpuUsage(),
      database: db.kind === "postgres" ? await postgresBackendsCpu(benchPostgresUrl, db.applicationName) : new Map<number, number>(),
      bundles: sum(await Promise.all(relayers.map((relayer) => metric(relayer.url, "paykey_bundle_user_operations_count")))),
      bundledOps: sum(await Promise.all(relayers.map((relayer) => metric(relayer.url, "paykey_bundle_user_operations_sum")))),
    });
    console.log(`[bench:relayer] paying: ${rampUpMs / 1000} s ramp-up, then ${durationSeconds} s measured`);
    const loadBefore = loadAverage();
    const load = await runPayments({
      payers,
      publicClient: local.publicClient,
      durationSeconds,
      rampUpMs,
      blockTimeMs,
      ratePerSecond,
      payment: (payer, fees) => pay(payer, { rpcUrl, local, calls, fees, pollMs: receiptPollMs, receipts }),
      atWindowStart: snapshot,
    });
    const { start } = load;
    const end = await snapshot();
    const summary = summarize(load, durationSeconds);
    const { perPayment } = summary;
    const loadCpu = process.cpuUsage(start.load);
    const result = {
      paymentsPerSecond: summary.paymentsPerSecond,
      p50Ms: summary.p50Ms,
      p95Ms: summary.p95Ms,
      cpuMsPerOp: perPayment(end.relayer - start.relayer),
      opsPerBundle: round((end.bundledOps - start.bundledOps) / Math.max(1, end.bundles - start.bundles), 1),
      database,
      chain: chainKind,
      instances: instanceCount,
      payments: summary.completed,
      failures: load.failures,
      p99Ms: summary.p99Ms,
      acceptP50Ms: summary.acceptP50Ms,
      acceptP95Ms: summary.acceptP95Ms,
      sponsorToReceiptP50Ms: summary.sponsorToReceiptP50Ms,
      sponsorToReceiptP95Ms: summary.sponsorToReceiptP95Ms,
      ...(ratePerSecond
        ? { arrivalToReceiptP50Ms: summary.arrivalToReceiptP50Ms, arrivalToReceiptP95Ms: summary.arrivalToReceiptP95Ms, arrivalsDelayed: summary.arrivalsDelayed }
        : {}),
      relayerCpuPercent: round(((end.relayer - start.relayer) / (durationSeconds * 1000)) * 100, 1),
      databaseCpuMsPerOp: db.kind === "postgres" ? perPayment(backendsCpuDelta(start.database, end.database)) : null,
      chainCpuMsPerOp: perPayment(end.chain - start.chain),
      loadGeneratorCpuMsPerOp: perPayment((loadCpu.user + loadCpu.system) / 1000),
      ...(proxy ? { servedByInstance: proxy.served } : {}),
      config: { payers: userCount, arrivals: ratePerSecond ? `open loop, ${ratePerSecond}/s` : "closed loop", durationSeconds, blockTimeMs, receipts, receiptPollMs, executorKeys: executorCount, cores: cpus().length },
      loadAverage: { before: loadBefore, after: loadAverage() },
      targets,
      measuredAt: new Date().toISOString(),
    };
    await writeResult(result);
    const verdict = (value: number, target: number, higherIsBetter = false) => ((higherIsBetter ? value >= target : value <= target) ? "ok" : "MISSED");
    console.table({
      paymentsPerSecond: { value: result.paymentsPerSecond, target: `>= ${targets.paymentsPerSecond}`, verdict: verdict(result.paymentsPerSecond, targets.paymentsPerSecond, true) },
      p50Ms: { value: result.p50Ms, target: "", verdict: "" },
      p95Ms: { value: result.p95Ms, target: `<= ${targets.p95Ms}`, verdict: verdict(result.p95Ms, targets.p95Ms) },
      cpuMsPerOp: { value: result.cpuMsPerOp, target: `<= ${targets.cpuMsPerOp}`, verdict: verdict(result.cpuMsPerOp, targets.cpuMsPerOp) },
      opsPerBundle: { value: result.opsPerBundle, target: "", verdict: "" },
    });
    console.log(JSON.stringify(result, null, 2));
    console.log("wrote bench/relayer.json");
  } finally {
    await stopAll();
  }
}

/** bench/relayer.json: this run's numbers at the top, and the last run of each setup. */
async function writeResult(result: Record<string, unknown> & { database: string; chain: string; instances: number; config: { receipts: string; arrivals: string } }): Promise<void> {
  const file = join(projectRoot, "bench", "relayer.json");
  const previous = JSON.parse(await readFile(file, "utf8").catch(() => "{}")) as { byBackend?: Record<string, unknown> };
  const { receipts, arrivals } = result.config;
  const rate = arrivals.startsWith("open") ? `+${arrivals.split(", ")[1]!.replace("/s", "-per-second")}` : "";
  const key = `${result.database}+${result.chain}${result.instances > 1 ? `+${result.instances}-instances` : ""}${receipts === "poll" ? "+polling" : ""}${rate}`;
  const byBackend = { ...previous.byBackend, [key]: result };
  await mkdir(join(projectRoot, "bench"), { recursive: true });
  await writeFile(file, `${JSON.stringify({ ...result, byBackend }, null, 2)}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exit(1);
  },
);
