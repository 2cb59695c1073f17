// `npm run bench:relayer`: throughput, latency and CPU of the relayer under passkey payments.
//
// A `hardhat node` process (or anvil: `--chain anvil`) mines a block every second; Paykey is deployed on it; the relayer
// runs as its own process (`node server/src/main.ts`, info logs) so its CPU is measured alone,
// on its embedded PGlite (default) or on PostgreSQL (`--database postgres`: the backends'
// CPU is measured too). N simulated payers — software P-256 passkeys signed up through the
// relayer's WebAuthn routes, holding test USD and 0 ETH — pay the demo merchant in a loop
// (scripts/bench/relayer/payer.ts): pm_getPaymasterData → passkey signature (a real WebAuthn
// assertion) → eth_sendUserOperation → eth_getUserOperationReceipt every 250 ms. Gas limits
// come from one viem `prepareUserOperation` per payer during warm-up, wallet floors included.
//
// Writes bench/relayer.json (this run at the top, the last run per database and chain under
// `byBackend`, keyed "postgres+anvil") and prints it: paymentsPerSecond, p50Ms / p95Ms (send → receipt), cpuMsPerOp
// (relayer process CPU per payment), opsPerBundle, and the CPU the chain, the database and
// the load generator spent per payment, on the same machine.
//
//   npm run bench:relayer                                   60 s, 160 payers, PGlite
//   npm run bench:relayer -- --duration 15 --users 80 --database postgres
//   npm run bench:relayer -- --database postgres --chain anvil
//   BENCH_DURATION_SECONDS=15 npm run bench:relayer
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { http, parseEther, parseUnits } from "viem";
import { createBundlerClient, createPaymasterClient } from "viem/account-abstraction";
import { startChildRelayer, type ChildRelayer } from "../../test/server/helpers/childRelayer.ts";
import { build } from "../build.ts";
import { mintTestTokens } from "../deploy.ts";
import { freePort } from "../lib/chain.ts";
import { parseChainKind, setBlockTime, startChainBackend } from "../lib/chainBackend.ts";
import { devAccount } from "../lib/devAccounts.ts";
import { deployLocalPaykey } from "../lib/localDeployment.ts";
import { projectRoot } from "../lib/run.ts";
import { backendsCpuDelta, metric, percentile, postgresBackendsCpu, processCpuMs } from "./relayer/measure.ts";
import { benchOrigin, createPaymentCalls, pay, signUpPayer, type Payer, type PaymentTiming } from "./relayer/payer.ts";

const { values: flags } = parseArgs({
  options: {
    duration: { type: "string" },
    users: { type: "string" },
    database: { type: "string" },
    executors: { type: "string" },
    chain: { type: "string" },
  },
  allowPositionals: true,
});
const durationSeconds = Number(flags.duration ?? process.env.BENCH_DURATION_SECONDS ?? 60);
const userCount = Number(flags.users ?? process.env.BENCH_USERS ?? 160);
const database = (flags.database ?? process.env.BENCH_DATABASE ?? "pglite") as "pglite" | "postgres";
const chainKind = parseChainKind(flags.chain ?? process.env.BENCH_CHAIN);
const postgresUrl = process.env.PAYKEY_TEST_POSTGRES_URL || "postgres://paykey:paykey@127.0.0.1:5432/paykey_test";
/** Executor keys: Hardhat accounts 2-4 (the relayer's defaults) and more from 9 on. */
const executorCount = Number(flags.executors ?? process.env.BENCH_EXECUTORS ?? 6);
const blockTimeMs = 1_000;
const receiptPollMs = 250;
const rampUpMs = 3_000;
const targets = { paymentsPerSecond: 100, p95Ms: 2_000, cpuMsPerOp: 5 };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const round = (value: number, digits = 0) => Number(value.toFixed(digits));

function executorKeys(count: number): string {
  const indices = [2, 3, 4, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19].slice(0, count);
  return indices.map((index) => `0x${Buffer.from(devAccount(index).getHdKey().privateKey!).toString("hex")}`).join(",");
}

async function main(): Promise<void> {
  console.log(`[bench:relayer] ${userCount} payers, ${durationSeconds} s measured, ${database}, ${chainKind}, ${executorCount} executor keys, a block every ${blockTimeMs} ms`);
  await build();
  const chain = await startChainBackend(chainKind);
  const workDir = mkdtempSync(join(tmpdir(), "paykey-bench-relayer-"));
  const run = randomBytes(4).toString("hex");
  const schema = `bench_${run}`;
  const applicationName = `paykey-bench-${run}`;
  let relayer: ChildRelayer | undefined;
  const stopAll = async () => {
    await relayer?.stop();
    await chain.stop();
    if (database === "postgres") {
      const client = new pg.Client({ connectionString: postgresUrl });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).finally(() => client.end());
    }
  };
  process.once("SIGINT", () => void stopAll().then(() => process.exit(130)));
  try {
    const local = await deployLocalPaykey(chain.url, { deploymentFile: join(workDir, "deployment.json"), paymasterDeposit: parseEther("1000") });
    relayer = await startChildRelayer({
      CHAIN_ID: String(local.chainId),
      RPC_URL: chain.url,
      DEPLOYMENT_FILE: local.deploymentFile,
      HOST: "127.0.0.1",
      PORT: String(await freePort()),
      ...(database === "postgres"
        ? { DATABASE_URL: `${postgresUrl}${postgresUrl.includes("?") ? "&" : "?"}application_name=${applicationName}`, DATABASE_SCHEMA: schema }
        : { DATA_DIR: join(workDir, "relayer") }),
      RP_ID: "localhost",
      ALLOWED_ORIGINS: benchOrigin,
      LOG_LEVEL: "info",
      EXECUTOR_PRIVATE_KEYS: executorKeys(executorCount),
      // One machine plays every payer: the per-IP and per-account limits and the policy's
      // caps are raised so that they measure the relayer instead of refusing the benchmark.
      RATE_LIMIT_PER_IP: "100000000",
      RATE_LIMIT_PER_ACCOUNT: "100000000",
      SPONSOR_DAILY_OPS_PER_ACCOUNT: "100000000",
      SPONSOR_DAILY_GAS_PER_ACCOUNT: String(10n ** 15n),
      SPONSOR_DAILY_BUDGET_WEI: String(parseEther("1000")),
      SPONSOR_VELOCITY_MAX_OPS: "100000000",
      ...(process.env.BENCH_RELAYER_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_RELAYER_NODE_OPTIONS } : {}),
    } as Record<string, string>);
    const rpcUrl = `${relayer.url}/rpc`;

    console.log("[bench:relayer] signing up payers and deploying their accounts");
    const payers: Payer[] = [];
    for (let index = 0; index < userCount; index += 16) {
      payers.push(...(await Promise.all(Array.from({ length: Math.min(16, userCount - index) }, () => signUpPayer(local, relayer!.url)))));
    }
    for (const payer of payers) {
      await mintTestTokens({ publicClient: local.publicClient, walletClient: local.deployer }, local.usd.address, payer.address, parseUnits("1000000", 6));
    }
    const bundler = createBundlerClient({
      client: local.publicClient,
      transport: http(rpcUrl),
      paymaster: createPaymasterClient({ transport: http(rpcUrl) }),
      pollingInterval: receiptPollMs,
    });
    const calls = createPaymentCalls(local, (await local.publicClient.getBlock()).timestamp);
    for (let index = 0; index < payers.length; index += 16) {
      await Promise.all(
        payers.slice(index, index + 16).map(async (payer) => {
          // The first payment deploys the account; the next one's estimate is the one reused.
          const hash = await bundler.sendUserOperation({ account: payer.account, calls: calls(payer.address) });
          const receipt = await bundler.waitForUserOperationReceipt({ hash, timeout: 60_000 });
          if (!receipt.success) throw new Error(`warm-up payment of ${payer.address} failed`);
          const prepared = await bundler.prepareUserOperation({ account: payer.account, calls: calls(payer.address) });
          payer.nonce = prepared.nonce;
          payer.gas = { callGasLimit: prepared.callGasLimit, verificationGasLimit: prepared.verificationGasLimit, preVerificationGas: prepared.preVerificationGas };
        }),
      );
    }

    // From now on a block every second, whatever is pending.
    await setBlockTime(chain, blockTimeMs);
    let fees = await local.publicClient.estimateFeesPerGas();
    let running = true;
    const feeUpdater = (async () => {
      while (running) {
        await sleep(blockTimeMs);
        fees = await local.publicClient.estimateFeesPerGas().catch(() => fees);
      }
    })();

    const timings: PaymentTiming[] = [];
    const failures = new Map<string, number>();
    const windowStart = performance.now() + rampUpMs;
    const windowEnd = windowStart + durationSeconds * 1000;
    const snapshot = async () => ({
      relayer: processCpuMs(relayer!.process.pid!),
      chain: processCpuMs(chain.process.pid!),
      load: process.cpuUsage(),
      database: database === "postgres" ? await postgresBackendsCpu(postgresUrl, applicationName) : new Map<number, number>(),
      bundles: await metric(relayer!.url, "paykey_bundle_user_operations_count"),
      bundledOps: await metric(relayer!.url, "paykey_bundle_user_operations_sum"),
    });
    console.log(`[bench:relayer] paying: ${rampUpMs / 1000} s ramp-up, then ${durationSeconds} s measured`);
    const atStart = sleep(rampUpMs).then(snapshot);
    await Promise.all(
      payers.map(async (payer, index) => {
        await sleep((index / payers.length) * blockTimeMs);
        while (performance.now() < windowEnd) {
          try {
            timings.push(await pay(payer, { rpcUrl, local, calls, fees, pollMs: receiptPollMs }));
          } catch (error) {
            const key = String(error instanceof Error ? error.message : error).slice(0, 120);
            failures.set(key, (failures.get(key) ?? 0) + 1);
            payer.nonce = await payer.account.getNonce();
            await sleep(blockTimeMs);
          }
        }
      }),
    );
    const start = await atStart;
    const end = await snapshot();
    running = false;
    await feeUpdater;

    // Throughput: receipts seen in the window; latency: payments sent and included in it.
    const completed = timings.filter((timing) => timing.includedAt >= windowStart && timing.includedAt <= windowEnd).length;
    const measured = timings.filter((timing) => timing.sentAt >= windowStart && timing.includedAt <= windowEnd);
    const latencies = measured.map((timing) => timing.includedAt - timing.sentAt).sort((a, b) => a - b);
    const flows = measured.map((timing) => timing.includedAt - timing.startedAt).sort((a, b) => a - b);
    const accepts = measured.map((timing) => timing.acceptedAt - timing.sentAt).sort((a, b) => a - b);
    const perPayment = (ms: number) => round(ms / Math.max(1, completed), 2);
    const loadCpu = process.cpuUsage(start.load);
    const result = {
      paymentsPerSecond: round(completed / durationSeconds, 1),
      p50Ms: round(percentile(latencies, 50)),
      p95Ms: round(percentile(latencies, 95)),
      cpuMsPerOp: perPayment(end.relayer - start.relayer),
      opsPerBundle: round((end.bundledOps - start.bundledOps) / Math.max(1, end.bundles - start.bundles), 1),
      database,
      chain: chainKind,
      payments: completed,
      failures: Object.fromEntries(failures),
      p99Ms: round(percentile(latencies, 99)),
      acceptP50Ms: round(percentile(accepts, 50)),
      acceptP95Ms: round(percentile(accepts, 95)),
      sponsorToReceiptP50Ms: round(percentile(flows, 50)),
      sponsorToReceiptP95Ms: round(percentile(flows, 95)),
      relayerCpuPercent: round(((end.relayer - start.relayer) / (durationSeconds * 1000)) * 100, 1),
      databaseCpuMsPerOp: database === "postgres" ? perPayment(backendsCpuDelta(start.database, end.database)) : null,
      chainCpuMsPerOp: perPayment(end.chain - start.chain),
      loadGeneratorCpuMsPerOp: perPayment((loadCpu.user + loadCpu.system) / 1000),
      config: { payers: userCount, durationSeconds, blockTimeMs, receiptPollMs, executorKeys: executorCount, cores: cpus().length },
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

/** bench/relayer.json: this run's numbers at the top, and the last run on each database and chain. */
async function writeResult(result: Record<string, unknown> & { database: string; chain: string }): Promise<void> {
  const file = join(projectRoot, "bench", "relayer.json");
  const previous = JSON.parse(await readFile(file, "utf8").catch(() => "{}")) as { byBackend?: Record<string, unknown> };
  const byBackend = { ...previous.byBackend, [`${result.database}+${result.chain}`]: result };
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
