// Prometheus metrics, one registry per relayer instance (tests run several in a process).
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

export type Metrics = ReturnType<typeof createMetrics>;

export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "paykey_relayer_" });
  return {
    registry,
    httpRequests: new Counter({
      name: "paykey_http_requests_total",
      help: "HTTP requests by route and status code",
      labelNames: ["route", "status"] as const,
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: "paykey_http_request_duration_seconds",
      help: "HTTP request duration",
      labelNames: ["route"] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    rpcRequests: new Counter({
      name: "paykey_rpc_requests_total",
      help: "JSON-RPC calls by method and outcome (ok or the error code)",
      labelNames: ["method", "outcome"] as const,
      registers: [registry],
    }),
    userOperations: new Counter({
      name: "paykey_user_operations_total",
      help: "User operations by the status they reached",
      labelNames: ["status"] as const,
      registers: [registry],
    }),
    sponsorships: new Counter({
      name: "paykey_sponsorships_total",
      help: "Sponsorship decisions by outcome (signed or the refusal reason)",
      labelNames: ["outcome"] as const,
      registers: [registry],
    }),
    bundles: new Counter({
      name: "paykey_bundles_total",
      help: "Bundle transactions by event (submitted, broadcast, replaced, rebroadcast, included, failed, dropped, renonced)",
      labelNames: ["event"] as const,
      registers: [registry],
    }),
    bundleSize: new Histogram({
      name: "paykey_bundle_user_operations",
      help: "User operations per submitted bundle",
      buckets: [1, 2, 4, 8, 16, 32, 64, 128],
      registers: [registry],
    }),
    inclusionSeconds: new Histogram({
      name: "paykey_user_operation_inclusion_seconds",
      help: "Time from acceptance to inclusion",
      buckets: [0.25, 0.5, 1, 2, 4, 8, 16, 32, 64],
      registers: [registry],
    }),
    executorBalance: new Gauge({
      name: "paykey_executor_balance_wei",
      help: "Native balance of each executor key",
      labelNames: ["executor"] as const,
      registers: [registry],
    }),
    outboxDepth: new Gauge({
      name: "paykey_outbox_user_operations",
      help: "User operations waiting in the outbox by status",
      labelNames: ["status"] as const,
      registers: [registry],
    }),
  };
}
