// Webhooks (Standard Webhooks, `standardwebhooks` library): merchants add endpoints per store
// and pick event types; the ledger's notifications are fanned out into a durable delivery
// queue in SQL, sent signed, retried with exponential backoff and jitter for at least a day,
// and can be redelivered. Every relayer runs a worker; they share the queue.
import { fileURLToPath } from "node:url";
import type { RelayerModule } from "../module.ts";
import { registerWebhookRoutes } from "./routes.ts";
import { createWebhookWorker } from "./worker.ts";

export const webhooksModule: RelayerModule = {
  name: "webhooks",
  migrationsDir: fileURLToPath(new URL("./migrations", import.meta.url)),
  routes: registerWebhookRoutes,
  start(context) {
    const worker = createWebhookWorker({ store: context.store, config: context.config.webhooks, logger: context.logger, now: context.now });
    worker.start();
    return () => worker.stop();
  },
};
