// The HTTP server (Fastify 5): zod-validated routes, body size limit, rate limits per IP
// (here) and per account (on /rpc), cookies, OpenAPI at /openapi.json, /health, /metrics,
// the auth routes, the JSON-RPC endpoint, feature modules' routes, and optionally the built
// web app from the same origin.
import fastifyCookie from "@fastify/cookie";
import fastifyRateLimit from "@fastify/rate-limit";
import fastifySwagger from "@fastify/swagger";
import Fastify, { LogController, type FastifyBaseLogger } from "fastify";
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import { registerAuthRoutes } from "../auth/routes.ts";
import type { RelayerContext } from "../context.ts";
import { HttpError } from "../errors/http.ts";
import { limitConnectionsPerIp, serverTimeouts } from "./connections.ts";
import { errorBody, handleError } from "./errors.ts";
import { registerOpsRoutes } from "./ops.ts";
import { createStaticHandler } from "./static.ts";
import { refuseUnstorableText } from "./text.ts";
import { registerRpcRoutes } from "../rpc/routes.ts";
import type { RelayerModule } from "../module.ts";
import type { HttpRouteRegistrar, RelayerApp } from "./app.ts";

export async function createHttpServer(
  context: RelayerContext,
  parameters: { modules?: readonly RelayerModule[]; routes?: readonly HttpRouteRegistrar[] } = {},
): Promise<RelayerApp> {
  const { config, metrics } = context;
  const app = Fastify({
    loggerInstance: context.logger as FastifyBaseLogger,
    // One concise line per response is logged in onResponse below (no IP, no body).
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: config.http.bodyLimitBytes,
    ...serverTimeouts(config),
    // Request ids are generated here, never taken from a client header.
    requestIdHeader: false,
    return503OnClosing: true,
    // A URL that cannot be decoded gets the same error body as every other refusal.
    frameworkErrors: (error, request, reply) => handleError(error, request, reply),
  }).withTypeProvider<ZodTypeProvider>();

  limitConnectionsPerIp(app.server, config.http.maxConnectionsPerIp);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(handleError);
  app.addHook("preValidation", refuseUnstorableText);

  await app.register(fastifySwagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "Paykey relayer",
        version: "0.1.0",
        description:
          "REST routes of the Paykey relayer. The ERC-4337 bundler and ERC-7677 paymaster methods are JSON-RPC on POST /rpc.",
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifyCookie);
  await app.register(fastifyRateLimit, {
    global: true,
    max: config.http.rateLimitPerIp,
    timeWindow: 60_000,
    keyGenerator: (request) => request.ip,
    // The plugin throws what this returns; the error handler turns it into the response.
    errorResponseBuilder: (_request, context) =>
      new HttpError(429, "rate_limited", "Too many requests; slow down and retry.", {
        data: { scope: "ip", retryAfterMs: context.ttl },
      }),
  });

  app.addHook("onResponse", async (request, reply) => {
    const route = request.routeOptions.url ?? "unmatched";
    metrics.httpRequests.inc({ route, status: String(reply.statusCode) });
    metrics.httpDuration.observe({ route }, reply.elapsedTime / 1000);
    if (reply.statusCode >= 500) request.log.warn({ route, status: reply.statusCode }, "request answered with an error");
    else request.log.debug({ route, method: request.method, status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, "request");
  });

  for (const module of parameters.modules ?? []) {
    const onRequest = module.onRequest;
    if (onRequest) app.addHook("onRequest", (request, reply) => onRequest(request, reply, context));
  }

  await registerOpsRoutes(app, context);
  await registerAuthRoutes(app, context);
  await registerRpcRoutes(app, context);
  for (const register of parameters.routes ?? []) await register(app, context);
  for (const module of parameters.modules ?? []) await module.routes?.(app, context);

  app.get("/openapi.json", { schema: { hide: true } }, async () => app.swagger());

  const serveStatic = config.http.staticDir ? createStaticHandler(config.http.staticDir) : undefined;
  app.setNotFoundHandler(async (request, reply) => {
    if (serveStatic && (await serveStatic(request, reply))) return reply;
    return reply.status(404).send(errorBody("not_found", `No route ${request.method} ${request.url.split("?")[0]}.`));
  });
  return app;
}
