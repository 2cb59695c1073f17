// What the relayer benchmarks set up alike: the relayer's environment (a database, executor
// keys, the policy's limits raised so that one machine can play every payer), and payers —
// signed up with passkeys through the relayer, funded, their accounts deployed by a first
// payment, their next payment's gas estimated once (a wallet reuses its last estimate).
import pg from "pg";
import { http, parseEther, parseUnits, type Hex } from "viem";
import { createBundlerClient, createPaymasterClient } from "viem/account-abstraction";
import { mintTestTokens } from "../../deploy.ts";
import { devAccount } from "../../lib/devAccounts.ts";
import type { LocalDeployment } from "../../lib/localDeployment.ts";
import { benchOrigin, createPaymentCalls, signUpPayer, type Payer } from "./payer.ts";

export const benchPostgresUrl = process.env.PAYKEY_TEST_POSTGRES_URL || "postgres://paykey:paykey@127.0.0.1:5432/paykey_test";

/** Private keys of development accounts (the chain funds accounts 0-19). */
export function devKeys(indices: readonly number[]): Hex[] {
  return indices.map((index) => `0x${Buffer.from(devAccount(index).getHdKey().privateKey!).toString("hex")}` as Hex);
}

/** Executor keys of the relayer: accounts 2-4 (its defaults), then 9, 10, 11 (12-18 are Alto's in bench:peer). */
export const relayerExecutorIndices = [2, 3, 4, 9, 10, 11] as const;

export type BenchDatabase = { kind: "pglite"; dataDir: string } | { kind: "postgres"; schema: string; applicationName: string };

export function benchRelayerEnv(parameters: {
  local: LocalDeployment;
  chainUrl: string;
  port: number;
  database: BenchDatabase;
  executorKeys: readonly Hex[];
  logLevel: "info" | "warn";
  leaseMs?: number;
}): Record<string, string> {
  const { local, database } = parameters;
  return {
    CHAIN_ID: String(local.chainId),
    RPC_URL: parameters.chainUrl,
    DEPLOYMENT_FILE: local.deploymentFile,
    HOST: "127.0.0.1",
    PORT: String(parameters.port),
    ...(database.kind === "postgres"
      ? {
          DATABASE_URL: `${benchPostgresUrl}${benchPostgresUrl.includes("?") ? "&" : "?"}application_name=${database.applicationName}`,
          DATABASE_SCHEMA: database.schema,
        }
      : { DATA_DIR: database.dataDir }),
    RP_ID: "localhost",
    ALLOWED_ORIGINS: benchOrigin,
    LOG_LEVEL: parameters.logLevel,
    EXECUTOR_PRIVATE_KEYS: parameters.executorKeys.join(","),
    ...(parameters.leaseMs ? { EXECUTOR_LEASE_MS: String(parameters.leaseMs) } : {}),
    // One machine plays every payer: the per-IP and per-account limits and the policy's
    // caps are raised so that they measure the relayer instead of refusing the benchmark.
    RATE_LIMIT_PER_IP: "100000000",
    RATE_LIMIT_PER_ACCOUNT: "100000000",
    RATE_LIMIT_AUTH_OPTIONS_PER_IP: "100000000",
    HTTP_MAX_CONNECTIONS_PER_IP: "100000",
    SPONSOR_DAILY_OPS_PER_ACCOUNT: "100000000",
    SPONSOR_DAILY_GAS_PER_ACCOUNT: String(10n ** 15n),
    SPONSOR_DAILY_BUDGET_WEI: String(parseEther("1000")),
    SPONSOR_VELOCITY_MAX_OPS: "100000000",
    ...(process.env.BENCH_RELAYER_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_RELAYER_NODE_OPTIONS } : {}),
  };
}

export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: benchPostgresUrl });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).finally(() => client.end());
}

/**
 * `count` payers signed up at the relayer (`relayerUrl`), each holding a million test USD, its
 * account deployed by a first payment through the relayer (its own sponsorship), and the gas
 * of the next payment estimated by the relayer.
 */
export async function signUpAndWarmUp(parameters: { local: LocalDeployment; relayerUrl: string; count: number; receiptPollMs: number }) {
  const { local, relayerUrl, count } = parameters;
  const payers: Payer[] = [];
  for (let index = 0; index < count; index += 16) {
    payers.push(...(await Promise.all(Array.from({ length: Math.min(16, count - index) }, () => signUpPayer(local, relayerUrl)))));
  }
  for (const payer of payers) {
    await mintTestTokens({ publicClient: local.publicClient, walletClient: local.deployer }, local.usd.address, payer.address, parseUnits("1000000", 6));
  }
  const rpcUrl = `${relayerUrl}/rpc`;
  const bundler = createBundlerClient({
    client: local.publicClient,
    transport: http(rpcUrl),
    paymaster: createPaymasterClient({ transport: http(rpcUrl) }),
    pollingInterval: parameters.receiptPollMs,
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
  return { payers, calls };
}
