// `npm run bench:peer`: Paykey's relayer side by side with Pimlico's Alto bundler (npm
// @pimlico/alto), the bundler a team would otherwise deploy — the same chain, the same payers,
// the same PaykeyAccount payment operations, the same block time, one after the other in one
// run: Alto, Paykey, Alto, Paykey (each bundler alone on the machine during its phase).
//
// The chain is anvil (a block a second) with the canonical EntryPoint v0.8 at its public
// address (Alto tells EntryPoint versions apart by address). Paykey is deployed on it; its
// SponsorPaymaster has an EntryPoint deposit and a stake. Payers sign up with passkeys through
// Paykey, their accounts are deployed by a first payment, and the gas of a payment is fixed
// once for all phases: the larger of Paykey's and Alto's estimate of each limit, so both
// bundlers accept the same operations.
//
// Sponsorship is the same for both: the load generator signs SponsorPaymaster's data itself
// with the sponsor key (the SDK's signSponsorship, as Paykey's relayer does), so gas comes
// from the paymaster's pre-funded deposit and each bundler does only a bundler's work:
// eth_sendUserOperation (validation), bundling, submission, eth_getUserOperationReceipt.
// Paykey's sponsorship policy (pm_getPaymasterData) is measured by bench:relayer instead.
//
// Alto runs in safe mode (ERC-7562 rules traced with debug_traceCall) if a probe operation
// passes it on this chain; otherwise in unsafe mode, and bench/peer.json says why. Both log
// at warn. Paykey uses PostgreSQL (`--database pglite` for the embedded one); the database's
// CPU is reported next to the relayer's. Executor keys: six each, distinct.
//
// Writes bench/peer.json: per bundler payments/s, p50/p95 send → receipt, CPU ms per
// operation (the bundler's process), peak RSS, per phase and together, and Paykey/Alto as
// throughputRatio and cpuRatio, with the load average.
//
//   npm run bench:peer                         30 s per phase, 200 payers
//   npm run bench:peer -- --duration 15 --users 120
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { parseEther } from "viem";
import { sponsorPaymasterAbi } from "@paykey/sdk/contracts";
import { startChildRelayer } from "../../test/server/helpers/childRelayer.ts";
import { build } from "../build.ts";
import { startAnvil } from "../lib/anvil.ts";
import { freePort } from "../lib/chain.ts";
import { setBlockTime } from "../lib/chainBackend.ts";
import { deployLocalPaykey } from "../lib/localDeployment.ts";
import { projectRoot } from "../lib/run.ts";
import { startAlto } from "./peer/alto.ts";
import { localSponsor, probeAlto } from "./peer/operations.ts";
import { runPayments, summarize, type LoadResult } from "./relayer/load.ts";
import { backendsCpuDelta, percentile, postgresBackendsCpu, processCpuMs, processMemoryMb } from "./relayer/measure.ts";
import { pay, type PaymentTiming } from "./relayer/payer.ts";
import { benchPostgresUrl, benchRelayerEnv, devKeys, dropSchema, relayerExecutorIndices, signUpAndWarmUp, type BenchDatabase } from "./relayer/setup.ts";

const { values: flags } = parseArgs({
  options: { duration: { type: "string" }, users: { type: "string" }, database: { type: "string" } },
  allowPositionals: true,
});
const phaseSeconds = Number(flags.duration ?? process.env.BENCH_DURATION_SECONDS ?? 30);
const userCount = Number(flags.users ?? process.env.BENCH_USERS ?? 200);
const database = (flags.database ?? process.env.BENCH_DATABASE ?? "postgres") as "pglite" | "postgres";
const blockTimeMs = 1_000;
const receiptPollMs = 250;
const rampUpMs = 3_000;
const altoExecutorIndices = [12, 13, 14, 15, 16, 17];
const altoUtilityIndex = 18;
const order = ["alto", "paykey", "alto", "paykey"] as const;

const round = (value: number, digits = 0) => Number(value.toFixed(digits));
const loadAverage = () => loadavg().map((value) => round(value, 2));

type Bundler = (typeof order)[number];
type Phase = ReturnType<typeof phaseResult>;

function phaseResult(bundler: Bundler, load: LoadResult, cpu: { bundler: number; chain: number; database: number; load: number }, peakRssMb: number) {
  const summary = summarize(load, phaseSeconds);
  return {
    bundler,
    paymentsPerSecond: summary.paymentsPerSecond,
    p50Ms: summary.p50Ms,
    p95Ms: summary.p95Ms,
    cpuMsPerOp: summary.perPayment(cpu.bundler),
    peakRssMb,
    payments: summary.completed,
    failures: load.failures,
    chainCpuMsPerOp: summary.perPayment(cpu.chain),
    databaseCpuMsPerOp: bundler === "paykey" && database === "postgres" ? summary.perPayment(cpu.database) : null,
    loadGeneratorCpuMsPerOp: summary.perPayment(cpu.load),
    timings: load,
    cpu,
  };
}

/** One bundler's phases together: throughput over all its windows, percentiles over all its payments. */
function combined(phases: readonly Phase[]) {
  const payments = phases.reduce((sum, phase) => sum + phase.payments, 0);
  const latencies = phases
    .flatMap(({ timings }) => timings.timings.filter((t: PaymentTiming) => t.sentAt >= timings.windowStart && t.includedAt <= timings.windowEnd))
    .map((t) => t.includedAt - t.sentAt)
    .sort((a, b) => a - b);
  const cpu = (key: "bundler" | "chain" | "database") => round(phases.reduce((sum, phase) => sum + phase.cpu[key], 0) / Math.max(1, payments), 2);
  return {
    paymentsPerSecond: round(payments / (phaseSeconds * phases.length), 1),
    p50Ms: round(percentile(latencies, 50)),
    p95Ms: round(percentile(latencies, 95)),
    cpuMsPerOp: cpu("bundler"),
    peakRssMb: Math.max(...phases.map((phase) => phase.peakRssMb)),
    payments,
    chainCpuMsPerOp: cpu("chain"),
    databaseCpuMsPerOp: phases[0]?.bundler === "paykey" && database === "postgres" ? cpu("database") : null,
  };
}

async function main(): Promise<void> {
  console.log(`[bench:peer] ${userCount} payers, ${phaseSeconds} s per phase (${order.join(", ")}), anvil, a block every ${blockTimeMs} ms, Paykey on ${database}`);
  await build();
  const chain = await startAnvil();
  const workDir = mkdtempSync(join(tmpdir(), "paykey-bench-peer-"));
  const run = randomBytes(4).toString("hex");
  const db: BenchDatabase =
    database === "postgres" ? { kind: "postgres", schema: `bench_peer_${run}`, applicationName: `paykey-peer-${run}` } : { kind: "pglite", dataDir: join(workDir, "relayer") };
  const running: { stop(): Promise<void> }[] = [];
  const stopAll = async () => {
    for (const process of running.splice(0)) await process.stop();
    await chain.stop();
    if (db.kind === "postgres") await dropSchema(db.schema);
  };
  process.once("SIGINT", () => void stopAll().then(() => process.exit(130)));
  try {
    // The canonical EntryPoint, Paykey on it, and the paymaster funded and staked.
    const local = await deployLocalPaykey(chain.url, { deploymentFile: join(workDir, "deployment.json"), entryPoint: "canonical", paymasterDeposit: parseEther("1000") });
    const entryPoint = local.deployment.entryPoint;
    await local.publicClient.waitForTransactionReceipt({
      hash: await local.deployer.writeContract({ address: local.deployment.sponsorPaymaster, abi: sponsorPaymasterAbi, functionName: "addStake", args: [86_400], value: parseEther("1") }),
    });

    const paykeyEnv = async (logLevel: "warn") =>
      benchRelayerEnv({ local, chainUrl: chain.url, port: await freePort(), database: db, executorKeys: devKeys(relayerExecutorIndices), logLevel });
    const startPaykey = async () => {
      const relayer = await startChildRelayer(await paykeyEnv("warn"), { logFile: join(workDir, "relayer.log") });
      return { url: `${relayer.url}/rpc`, pid: relayer.process.pid!, stop: () => relayer.stop() };
    };
    const altoOptions = (safeMode: boolean) => ({
      rpcUrl: chain.url,
      entryPoint,
      executorKeys: devKeys(altoExecutorIndices),
      utilityKey: devKeys([altoUtilityIndex])[0]!,
      safeMode,
      blockTimeMs,
    });

    console.log("[bench:peer] signing up payers through Paykey and deploying their accounts");
    const warmUpRelayer = await startChildRelayer(await paykeyEnv("warn"), { logFile: join(workDir, "relayer.log") });
    running.push(warmUpRelayer);
    const { payers, calls } = await signUpAndWarmUp({ local, relayerUrl: warmUpRelayer.url, count: userCount, receiptPollMs });
    await warmUpRelayer.stop();
    running.pop();
    const sponsor = localSponsor(local);

    // Alto's mode, and its estimate of a payment (gas fixed for both from here on).
    const probe = await probeAlto({ start: (safeMode) => startAlto(altoOptions(safeMode)), local, payers, calls, sponsor, pollMs: receiptPollMs });
    console.log(`[bench:peer] Alto ${probe.version}: ${probe.safeMode ? "safe mode" : `unsafe mode (${probe.safeModeRefusal})`}`);

    await setBlockTime(chain, blockTimeMs);
    const phases: Phase[] = [];
    for (const bundler of order) {
      const started = bundler === "alto" ? await startAlto(altoOptions(probe.safeMode)) : await startPaykey();
      const target = "pid" in started ? { url: started.url, pid: started.pid, stop: started.stop } : { url: started.url, pid: started.process.pid!, stop: started.stop };
      running.push(target);
      console.log(`[bench:peer] ${bundler}: ${rampUpMs / 1000} s ramp-up, then ${phaseSeconds} s measured`);
      const snapshot = async () => ({
        bundler: processCpuMs(target.pid),
        chain: processCpuMs(chain.process.pid!),
        database: db.kind === "postgres" && bundler === "paykey" ? await postgresBackendsCpu(benchPostgresUrl, db.applicationName) : new Map<number, number>(),
        load: process.cpuUsage(),
      });
      const load = await runPayments({
        payers,
        publicClient: local.publicClient,
        durationSeconds: phaseSeconds,
        rampUpMs,
        blockTimeMs,
        payment: (payer, fees) => pay(payer, { rpcUrl: target.url, local, calls, fees, pollMs: receiptPollMs, receipts: "poll", sponsor }),
        atWindowStart: snapshot,
      });
      const end = await snapshot();
      const loadCpu = process.cpuUsage(load.start.load);
      const cpu = {
        bundler: end.bundler - load.start.bundler,
        chain: end.chain - load.start.chain,
        database: backendsCpuDelta(load.start.database, end.database),
        load: (loadCpu.user + loadCpu.system) / 1000,
      };
      const phase = phaseResult(bundler, load, cpu, processMemoryMb(target.pid).peak);
      phases.push(phase);
      console.log(`[bench:peer] ${bundler}: ${phase.paymentsPerSecond} payments/s, p95 ${phase.p95Ms} ms, ${phase.cpuMsPerOp} ms CPU per operation, ${phase.peakRssMb} MB`);
      await target.stop();
      running.pop();
    }

    const alto = combined(phases.filter((phase) => phase.bundler === "alto"));
    const paykey = combined(phases.filter((phase) => phase.bundler === "paykey"));
    const result = {
      throughputRatio: round(paykey.paymentsPerSecond / alto.paymentsPerSecond, 2),
      cpuRatio: round(paykey.cpuMsPerOp / alto.cpuMsPerOp, 2),
      cpuRatioWithDatabase: paykey.databaseCpuMsPerOp === null ? null : round((paykey.cpuMsPerOp + paykey.databaseCpuMsPerOp) / alto.cpuMsPerOp, 2),
      paykey: { ...paykey, database },
      alto: { ...alto, version: probe.version, mode: probe.safeMode ? "safe" : "unsafe", safeModeRefusal: probe.safeModeRefusal ?? null },
      phases: phases.map(({ timings: _timings, cpu: _cpu, ...phase }) => phase),
      config: {
        chain: "anvil",
        entryPoint,
        payers: userCount,
        phaseSeconds,
        order,
        blockTimeMs,
        receiptPollMs,
        executorKeysEach: altoExecutorIndices.length,
        sponsorship: "SponsorPaymaster data signed by the load generator with the sponsor key; gas from the paymaster's EntryPoint deposit",
        logLevel: "warn",
        cores: cpus().length,
      },
      loadAverage: loadAverage(),
      measuredAt: new Date().toISOString(),
    };
    await mkdir(join(projectRoot, "bench"), { recursive: true });
    await writeFile(join(projectRoot, "bench", "peer.json"), `${JSON.stringify(result, null, 2)}\n`);
    console.table({ paykey, alto });
    console.log(`throughputRatio ${result.throughputRatio}, cpuRatio ${result.cpuRatio} (with the database ${result.cpuRatioWithDatabase})`);
    console.log("wrote bench/peer.json");
  } finally {
    await stopAll();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exit(1);
  },
);
