// Runs the relayer from the environment: `node server/src/main.ts` (npm start, tests'
// child processes). Invalid configuration prints what is wrong and exits with code 2.
import { pathToFileURL } from "node:url";
import { ConfigError, loadConfig } from "./config.ts";
import { BaseError } from "./errors/base.ts";
import { startRelayer } from "./relayer.ts";

export { startRelayer, type Relayer, type StartRelayerOptions } from "./relayer.ts";
export { loadConfig, type Config } from "./config.ts";

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`[relayer] ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  const relayer = await startRelayer(config);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    relayer.context.logger.info({ signal }, "relayer stopping");
    relayer.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().catch((error: unknown) => {
    console.error(`[relayer] ${error instanceof BaseError ? error.message : String(error)}`);
    process.exit(1);
  });
}
