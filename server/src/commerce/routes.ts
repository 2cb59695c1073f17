// Registers the commerce routes in their own scope: error bodies there also carry `code`
// (the same value as `reason`, the name the commerce API contract uses), and an empty JSON
// body counts as no body (POST /api/faucet and checkout need none). The read-only chain
// proxy is registered beside them.
import type { RelayerContext } from "../context.ts";
import type { RelayerApp } from "../http/app.ts";
import { registerChainProxy } from "./chainProxy.ts";
import { registerConfigRoutes } from "./configRoutes.ts";
import { createCommerceDeps } from "./deps.ts";
import { registerPaymentRoutes } from "./paymentRoutes.ts";
import { registerRequestRoutes } from "./requestRoutes.ts";
import { registerStoreRoutes } from "./storeRoutes.ts";

function withCode(payload: unknown): unknown {
  if (typeof payload !== "string" || !payload.startsWith('{"error":')) return payload;
  const body = JSON.parse(payload) as { error: { reason?: unknown; code?: unknown } };
  if (body.error.reason === undefined || body.error.code !== undefined) return payload;
  return JSON.stringify({ error: { ...body.error, code: body.error.reason } });
}

export async function registerCommerceRoutes(app: RelayerApp, context: RelayerContext): Promise<void> {
  const deps = createCommerceDeps(context);
  await app.register(async (plugin) => {
    const scope = plugin.withTypeProvider() as unknown as RelayerApp;
    const parseJson = scope.getDefaultJsonParser("error", "error");
    scope.removeContentTypeParser("application/json");
    scope.addContentTypeParser("application/json", { parseAs: "string" }, (request, body, done) => {
      const text = body.toString();
      if (text.trim() === "") return done(null, undefined);
      return parseJson(request, text, done);
    });
    scope.addHook("onSend", async (_request, reply, payload) => (reply.statusCode >= 400 ? withCode(payload) : payload));
    registerConfigRoutes(scope, deps);
    registerStoreRoutes(scope, deps);
    registerRequestRoutes(scope, deps);
    registerPaymentRoutes(scope, deps);
  });
  await registerChainProxy(app, context);
}
