// The counter module: cashiers and their roles at a store, the point-of-sale keypad with its "paid"
// stream, the store's item list, loyalty points, coupons and checkout discounts, and the wallet's
// device revocation and guardian recovery at the relayer. Its access helper (access.ts) also guards
// the commerce module's merchant routes, and its sponsorship rule (sponsorRule.ts) limits what a
// cashier's operations may do at the escrow.
import type { ServerResponse } from "node:http";
import { fileURLToPath } from "node:url";
import type { RelayerContext } from "../context.ts";
import type { RelayerModule } from "../module.ts";
import { registerCashierRoutes } from "./cashierRoutes.ts";
import { createChainReader } from "./chain.ts";
import { registerCouponRoutes } from "./couponRoutes.ts";
import { createCounterDeps } from "./deps.ts";
import { registerLoyaltyRoutes } from "./loyaltyRoutes.ts";
import { registerPosRoutes } from "./posRoutes.ts";
import { createSaleFeed, type SaleFeed } from "./saleFeed.ts";
import { cashierSponsorRule } from "./sponsorRule.ts";
import { registerWalletRoutes } from "./walletRoutes.ts";

/** Per relayer: the sale feed the POS streams share, and the streams to end on shutdown. */
const runtimes = new WeakMap<RelayerContext, { feed: SaleFeed; streams: Set<ServerResponse> }>();

function runtimeOf(context: RelayerContext) {
  let runtime = runtimes.get(context);
  if (!runtime) {
    runtime = { feed: createSaleFeed({ db: context.store, logger: context.logger, now: context.now }), streams: new Set() };
    runtimes.set(context, runtime);
  }
  return runtime;
}

export const counterModule: RelayerModule = {
  name: "counter",
  migrationsDir: fileURLToPath(new URL("./migrations", import.meta.url)),
  routes(app, context) {
    const deps = createCounterDeps(context);
    const chain = createChainReader(context, deps.escrow);
    const runtime = runtimeOf(context);
    registerCashierRoutes(app, deps);
    registerPosRoutes(app, deps, runtime);
    registerLoyaltyRoutes(app, deps, chain);
    registerCouponRoutes(app, deps, chain);
    registerWalletRoutes(app, deps);
  },
  start(context) {
    context.sponsor.addCallRule(cashierSponsorRule(context.config));
    const runtime = runtimeOf(context);
    return async () => {
      // Open POS streams would hold the HTTP server open: end them before it closes.
      for (const stream of runtime.streams) stream.end();
      runtime.feed.stop();
    };
  },
};
