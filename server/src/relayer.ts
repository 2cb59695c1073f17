// `startRelayer(config)`: opens the store, connects to the chain, starts the executor and
// the HTTP server. Used by `server/src/main.ts` (npm start, child processes in tests) and
// in-process by tests.
import { createPublicClient, http, type PublicClient } from "viem";
import { createChainFetch } from "./http/chainFetch.ts";
import { createAuthenticate } from "./auth/routes.ts";
import { factoryAccountAddress, type AccountAddressResolver } from "./auth/accountAddress.ts";
import type { Config } from "./config.ts";
import type { RelayerContext } from "./context.ts";
import { loadMigrations, openStore, migrate, coreMigrationsDir, type Store } from "./db/index.ts";
import { BaseError } from "./errors/base.ts";
import { createExecutor } from "./executor/executor.ts";
import { verificationSurcharge } from "./executor/verificationSurcharge.ts";
import { createSimulator } from "./executor/simulation.ts";
import type { HttpRouteRegistrar, RelayerApp } from "./http/app.ts";
import { createHttpServer } from "./http/server.ts";
import { createMetrics } from "./http/metrics.ts";
import { createLogger, type Logger } from "./logger.ts";
import type { RelayerModule } from "./module.ts";
import { defaultModules } from "./modules.ts";
import { createSponsor } from "./sponsor/sponsor.ts";

export type StartRelayerOptions = {
  /** An open store to use instead of the configured one (the caller closes it). */
  store?: Store;
  modules?: readonly RelayerModule[];
  routes?: readonly HttpRouteRegistrar[];
  logger?: Logger;
  now?: () => Date;
  accountAddress?: AccountAddressResolver;
  /** Listen on the configured host/port (default true); false for `app.inject` only. */
  listen?: boolean;
  /** Run the executor loop (default true); tests may drive it with `context.executor.runOnce()`. */
  runExecutor?: boolean;
};

export type Relayer = {
  readonly url: string;
  readonly app: RelayerApp;
  readonly context: RelayerContext;
  close(): Promise<void>;
};

export class StartupError extends BaseError {
  constructor(shortMessage: string, parameters: { cause?: unknown; details?: string; metaMessages?: string[] } = {}) {
    super(shortMessage, { ...parameters, name: "StartupError" });
  }
}

async function connectChain(config: Config): Promise<PublicClient> {
  const client = createPublicClient({
    // Requests within 2 ms go as one batch of at most 16: each simulation carries ~50 kB of
    // EntryPoint code, and nodes refuse bodies past a limit (anvil answered a burst's
    // multi-megabyte batch with "JSON is not a valid request object", failing all of it).
    // Node's http client over kept-alive sockets instead of the global fetch (chainFetch.ts),
    // which enforces viem's response size limit itself.
    transport: http(config.chain.rpcUrl, {
      batch: { wait: 2, batchSize: 16 },
      retryCount: 2,
      timeout: 15_000,
      fetchFn: createChainFetch(),
      maxResponseBodySize: false,
    }),
    pollingInterval: config.bundler.pollIntervalMs,
  });
  let chainId: number;
  try {
    chainId = await client.getChainId();
  } catch (cause) {
    throw new StartupError(`Cannot reach the chain at ${config.chain.rpcUrl}.`, { cause });
  }
  if (chainId !== config.chain.id) {
    throw new StartupError(`The RPC at ${config.chain.rpcUrl} serves chain ${chainId}, but CHAIN_ID is ${config.chain.id}.`);
  }
  return client as PublicClient;
}

export async function startRelayer(config: Config, options: StartRelayerOptions = {}): Promise<Relayer> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const modules = options.modules ?? defaultModules;
  const moduleMigrations = modules.flatMap((module) =>
    module.migrationsDir ? loadMigrations(module.migrationsDir, module.name) : [],
  );
  const publicClient = await connectChain(config);
  const ownsStore = !options.store;
  const store = options.store ?? (await openStore(config.database, moduleMigrations));
  if (!ownsStore) await migrate(store, [...loadMigrations(coreMigrationsDir, "db"), ...moduleMigrations]);

  const stops: (() => Promise<void>)[] = [];
  const closeAll = async () => {
    for (const stop of stops.reverse()) await stop().catch((error: unknown) => logger.error({ err: error }, "stop failed"));
    if (ownsStore) await store.close();
  };

  try {
    const now = options.now ?? (() => new Date());
    const metrics = createMetrics();
    const simulator = createSimulator({
      client: publicClient,
      entryPoint: config.contracts.entryPoint,
      blockCacheMs: 100,
      verificationSurcharge: await verificationSurcharge(publicClient),
    });
    const sponsor = await createSponsor({
      config,
      store,
      publicClient,
      logger,
      metrics,
      now,
      latestBlock: simulator.latestBlock,
      checkExecution: simulator.checkExecution,
    });
    const executor = createExecutor({ config, store, client: publicClient, logger, metrics, now, simulator });
    const context: RelayerContext = {
      config,
      store,
      logger,
      metrics,
      publicClient,
      now,
      accountAddress: options.accountAddress ?? factoryAccountAddress(publicClient, config.contracts.accountFactory),
      authenticate: createAuthenticate({ store, now }),
      simulator,
      sponsor,
      executor,
    };

    const app = await createHttpServer(context, { modules, routes: options.routes ?? [] });
    stops.push(() => app.close());
    for (const module of modules) {
      const stop = await module.start?.(context);
      if (stop) stops.push(stop);
    }
    if (options.runExecutor !== false) {
      executor.start();
      stops.push(() => executor.stop());
    }
    let url = "";
    if (options.listen !== false) {
      url = await app.listen({ host: config.http.host, port: config.http.port });
      logger.info({ url, chainId: config.chain.id, database: store.kind, instanceId: executor.leases.instanceId }, "relayer listening");
    } else {
      await app.ready();
    }
    return { url, app, context, close: closeAll };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
