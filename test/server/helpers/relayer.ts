// Starts a relayer in this process against a test chain and a fresh test database.
import { loadConfig, type ConfigInput } from "../../../server/src/config.ts";
import type { Store } from "../../../server/src/db/store.ts";
import { createLogger } from "../../../server/src/logger.ts";
import { startRelayer, type Relayer, type StartRelayerOptions } from "../../../server/src/relayer.ts";
import { createTestStore } from "./database.ts";

export type TestRelayer = Relayer & { store: Store; logs: Record<string, unknown>[]; stop(): Promise<void> };

export type Contracts = { entryPoint: string; accountFactory: string; paymaster: string; escrow?: string; stablecoins?: string[] };

export function testEnv(chainUrl: string, contracts: Contracts, env: ConfigInput = {}): ConfigInput {
  return {
    CHAIN_ID: "31337",
    RPC_URL: chainUrl,
    ENTRY_POINT_ADDRESS: contracts.entryPoint,
    ACCOUNT_FACTORY_ADDRESS: contracts.accountFactory,
    PAYMASTER_ADDRESS: contracts.paymaster,
    ...(contracts.escrow ? { ESCROW_ADDRESS: contracts.escrow } : {}),
    ...(contracts.stablecoins ? { STABLECOIN_ADDRESSES: contracts.stablecoins.join(",") } : {}),
    HOST: "127.0.0.1",
    PORT: "0",
    RP_ID: "localhost",
    ALLOWED_ORIGINS: "http://localhost:5173",
    LOG_LEVEL: "info",
    BUNDLE_INTERVAL_MS: "20",
    EXECUTOR_POLL_MS: "20",
    ...env,
  };
}

/** A relayer whose log lines are kept in `logs` (as parsed JSON) for assertions. */
export async function startTestRelayer(
  chainUrl: string,
  contracts: Contracts,
  env: ConfigInput = {},
  options: StartRelayerOptions = {},
): Promise<TestRelayer> {
  const config = loadConfig(testEnv(chainUrl, contracts, env));
  const logs: Record<string, unknown>[] = [];
  const logger = createLogger(config.logLevel, {
    write(line: string) {
      logs.push(JSON.parse(line) as Record<string, unknown>);
      return true;
    },
  } as unknown as NodeJS.WritableStream);
  const store = options.store ?? (await createTestStore());
  try {
    const relayer = await startRelayer(config, { logger, ...options, store });
    return {
      ...relayer,
      store,
      logs,
      async stop() {
        await relayer.close();
        await store.close();
      },
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}
