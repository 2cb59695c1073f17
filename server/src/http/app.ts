// The relayer's Fastify instance as route files see it (zod type provider), and the signature of
// a function that adds routes. Its own module, so route files depend on this type only and the
// server factory (server.ts) depends on the route files, never the other way round.
import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { RelayerContext } from "../context.ts";

export type RelayerApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

export type HttpRouteRegistrar = (app: RelayerApp, context: RelayerContext) => Promise<void> | void;
