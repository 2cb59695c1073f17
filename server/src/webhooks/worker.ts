// The webhook worker each relayer runs: fans notifications out into deliveries, claims due
// deliveries (at most `concurrency` at a time) and sends them, records each attempt, and
// schedules retries. It polls every `pollMs` when idle and loops at once while there is work.
import type { Config } from "../config.ts";
import type { Store } from "../db/store.ts";
import type { Logger } from "../logger.ts";
import { createPollingLoop } from "../pollingLoop.ts";
import { deliver } from "./deliver.ts";
import { fanOutNotifications } from "./fanout.ts";
import { claimDeliveries, recordAttempt, type ClaimedDelivery } from "./queue.ts";

export type WebhookWorker = {
  /** One round: fan out, then claim and send what is due. Returns how many deliveries it attempted. */
  runOnce(): Promise<{ queued: number; attempted: number }>;
  start(): void;
  stop(): Promise<void>;
};

export function createWebhookWorker(parameters: { store: Store; config: Config["webhooks"]; logger: Logger; now: () => Date }): WebhookWorker {
  const { store, config, logger, now } = parameters;
  const policy = { baseMs: config.retryBaseMs, maxMs: config.retryMaxMs };

  const secretsOf = (delivery: ClaimedDelivery, at: Date) =>
    delivery.previous_secret && delivery.previous_secret_expires_at && delivery.previous_secret_expires_at.getTime() > at.getTime()
      ? [delivery.secret, delivery.previous_secret]
      : [delivery.secret];

  async function attempt(delivery: ClaimedDelivery): Promise<void> {
    const at = now();
    const result = await deliver({
      url: delivery.url,
      eventId: delivery.event_id,
      body: delivery.payload,
      secrets: secretsOf(delivery, at),
      now: at,
      timeoutMs: config.timeoutMs,
      allowPrivate: config.allowPrivateEndpoints,
    });
    await recordAttempt(store, delivery, result, policy, now());
    logger.debug({ delivery: delivery.id, eventId: delivery.event_id, attempt: delivery.attempts, status: result.statusCode, error: result.error }, "webhook attempt");
  }

  async function runOnce() {
    const queued = await fanOutNotifications(store, { now: now(), retryForMs: config.retryForMs });
    const claimed = await claimDeliveries(store, { now: now(), leaseMs: config.timeoutMs + 30_000, limit: config.concurrency });
    await Promise.all(claimed.map(attempt));
    return { queued, attempted: claimed.length };
  }

  const loop = createPollingLoop({
    pollMs: config.pollMs,
    async round() {
      const { queued, attempted } = await runOnce();
      return queued > 0 || attempted > 0;
    },
    onError: (error) => logger.warn({ err: error }, "webhooks: round failed; retrying"),
  });

  return { runOnce, start: loop.start, stop: loop.stop };
}
