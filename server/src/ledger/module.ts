// The back office: a store's analytics and time zone, and its CSV exports (payments, line
// items, settlement). The ledger these read is written by the commerce module's indexer
// (server/src/commerce/indexer.ts and migrations 0110, 0111).
import type { RelayerModule } from "../module.ts";
import { registerAnalyticsRoutes } from "./analyticsRoutes.ts";
import { registerExportRoutes } from "./exportRoutes.ts";

export const ledgerModule: RelayerModule = {
  name: "ledger",
  routes(app, context) {
    registerAnalyticsRoutes(app, context);
    registerExportRoutes(app, context);
  },
};
