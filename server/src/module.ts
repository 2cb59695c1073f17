// How a feature module plugs into the relayer (merchants, payment requests, ledger, ...):
// its own SQL migrations, its own routes on the shared app, and optional background work.
//
//   export const merchantsModule: RelayerModule = {
//     name: "merchants",
//     migrationsDir: new URL("./migrations", import.meta.url).pathname,
//     async routes(app, context) { app.get("/merchants/:id", { preHandler: context.authenticate, schema }, handler) },
//   };
//
// and add it to the list in `server/src/modules.ts`.
import type { FastifyReply, FastifyRequest } from "fastify";
import type { RelayerContext } from "./context.ts";
import type { RelayerApp } from "./http/app.ts";

export type RelayerModule = {
  readonly name: string;
  /** Folder of `NNNN_name.sql` files (see db/migrate.ts). */
  readonly migrationsDir?: string | undefined;
  /**
   * Runs on every request before any route (every module's and the relayer's own), e.g. a guard that
   * refuses a whole class of requests. Throw an HttpError to refuse.
   */
  onRequest?(request: FastifyRequest, reply: FastifyReply, context: RelayerContext): Promise<void>;
  /** Registers the module's routes; schemas in zod appear in /openapi.json. */
  routes?(app: RelayerApp, context: RelayerContext): Promise<void> | void;
  /** Starts background work once the relayer is up; the returned function stops it. */
  start?(context: RelayerContext): Promise<(() => Promise<void>) | void> | (() => Promise<void>) | void;
};
