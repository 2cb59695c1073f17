// Operator routes: /health (chain, database, executor balances) and /metrics (Prometheus).
import { healthDegraded, healthOk } from "@paykey/sdk/api";
import type { RelayerContext } from "../context.ts";
import type { RelayerApp } from "./app.ts";

export type HealthCheck = () => Promise<Record<string, unknown>>;

export async function registerOpsRoutes(app: RelayerApp, context: RelayerContext): Promise<void> {
  app.get(
    "/health",
    {
      config: { rateLimit: false },
      schema: {
        tags: ["ops"],
        summary: "Liveness and readiness: chain reachable, database answering",
        response: {
          200: healthOk,
          503: healthDegraded,
        },
      },
    },
    async (_request, reply) => {
      const problems: string[] = [];
      const [block, database] = await Promise.all([
        context.publicClient.getBlockNumber({ cacheTime: 0 }).catch(() => {
          problems.push("chain unreachable");
          return undefined;
        }),
        context.store.query("SELECT 1").then(
          () => context.store.kind,
          () => {
            problems.push("database unreachable");
            return undefined;
          },
        ),
      ]);
      if (block === undefined || database === undefined) return reply.status(503).send({ status: "degraded" as const, problems });
      return { status: "ok" as const, chainId: context.config.chain.id, blockNumber: block.toString(), database };
    },
  );

  app.get("/metrics", { config: { rateLimit: false }, schema: { hide: true } }, async (_request, reply) => {
    reply.header("content-type", context.metrics.registry.contentType);
    return context.metrics.registry.metrics();
  });
}
