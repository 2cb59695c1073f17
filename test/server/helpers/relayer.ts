// Starts a relayer in this process against a test chain and a fresh test database.
import { localChainId } from "@paykey/sdk/chain";
import { loadConfig, type ConfigInput } from "../../../server/src/config.ts";
import type { Store } from "../../../server/src/db/store.ts";
import { createLogger } from "../../../server/src/logger.ts";
import { startRelayer, type Relayer, type StartRelayerOptions } from "../../../server/src/relayer.ts";
import { createTestStore } from "./database.ts";

export type TestRelayer = Relayer & { store: Store; logs: Record<string, unknown>[]; stop(): Promise<void> };

/** The relayer's environment in tests; the contracts come from `DEPLOYMENT_FILE` in `env`. */
export function testEnv(chainUrl: string, env: ConfigInput = {}): ConfigInput {
  return {
    CHAIN_ID: String(localChainId),
    RPC_URL: chainUrl,
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
export async function startTestRelayer(chainUrl: string, env: ConfigInput = {}, options: StartRelayerOptions = {}): Promise<TestRelayer> {
  const config = loadConfig(testEnv(chainUrl, env));
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
