// The FX module: cross-border settlement. GET /api/fx/quote prices a conversion at the router's feed
// rate; the conversion indexer records the router's Converted events (fx_conversions, keyed by the
// payment id each one carries as its reference) for receipts, the ledger and the auditor. The sponsorship
// allowlist lets payers call the router's conversion (server/src/sponsor/allowlist.ts).
import { fileURLToPath } from "node:url";
import type { RelayerModule } from "../module.ts";
import { createConversionIndexer } from "./indexer.ts";
import { registerFxRoutes } from "./routes.ts";

export const fxModule: RelayerModule = {
  name: "fx",
  migrationsDir: fileURLToPath(new URL("./migrations", import.meta.url)),
  routes: registerFxRoutes,
  start(context) {
    const { config } = context;
    if (!config.contracts.fxRouter) {
      context.logger.info("fx: no FX router configured; cross-currency payments are off");
      return;
    }
    const indexer = createConversionIndexer({
      store: context.store,
      client: context.publicClient,
      router: config.contracts.fxRouter,
      entryPoint: config.contracts.entryPoint,
      startBlock: config.contracts.startBlock,
      pollIntervalMs: config.commerce.indexerPollMs,
      confirmations: BigInt(config.commerce.indexerConfirmations),
      logger: context.logger,
    });
    indexer.start();
    return () => indexer.stop();
  },
};
