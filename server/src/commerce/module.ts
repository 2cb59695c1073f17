// The commerce module: merchants' stores, payment requests with line items, checkout (escrow
// terms and payment id), payments indexed from the escrow's events, the local-chain faucet,
// GET /api/config and the read-only /chain proxy (routes described in /openapi.json).
import { fileURLToPath } from "node:url";
import type { RelayerModule } from "../module.ts";
import { createPaymentIndexer } from "./indexer.ts";
import { registerCommerceRoutes } from "./routes.ts";

export const commerceModule: RelayerModule = {
  name: "commerce",
  migrationsDir: fileURLToPath(new URL("./migrations", import.meta.url)),
  routes: registerCommerceRoutes,
  start(context) {
    const { config } = context;
    if (!config.contracts.escrow) {
      context.logger.warn("commerce: no payment escrow configured; the payment indexer is off");
      return;
    }
    const indexer = createPaymentIndexer({
      store: context.store,
      client: context.publicClient,
      escrow: config.contracts.escrow,
      entryPoint: config.contracts.entryPoint,
      startBlock: config.contracts.startBlock,
      pollIntervalMs: config.commerce.indexerPollMs,
      confirmations: BigInt(config.commerce.indexerConfirmations),
      finality: config.commerce.indexerFinality,
      logger: context.logger,
    });
    indexer.start();
    return () => indexer.stop();
  },
};
