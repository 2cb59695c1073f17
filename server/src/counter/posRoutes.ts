// The point of sale: the counter's settings (item list, cashiers' void limit), ringing up a sale as a
// payment request, and the server-sent-events stream a POS screen watches until the sale is paid.
import { randomBytes } from "node:crypto";
import type { ServerResponse } from "node:http";
import { z } from "zod";
import { id } from "@paykey/sdk/api";
import { counterOut, counterSettingsBody, posEventsQuery, posSaleBody } from "@paykey/sdk/api/counter";
import { lineItemLimits } from "@paykey/sdk/commerce";
import { insertRequest, requestOut } from "../commerce/requests.ts";
import { paymentRequest as requestSchema } from "@paykey/sdk/api";
import type { StoreRow } from "../commerce/stores.ts";
import type { RelayerApp } from "../http/app.ts";
import { authorizeStore, storeAccess, type StoreRole } from "./access.ts";
import { storeDecimals, type CounterDeps } from "./deps.ts";
import { CounterError } from "./errors.ts";
import type { SaleFeed } from "./saleFeed.ts";
import { readCounterSettings, saveCounterSettings } from "./settings.ts";

const tags = ["point of sale"];
const storeParams = z.object({ storeId: id });
/** A sale at the counter is paid there and then, or not at all. */
export const posSaleTtlSeconds = 15 * 60;
const heartbeatMs = 15_000;

export function registerPosRoutes(app: RelayerApp, deps: CounterDeps, runtime: { feed: SaleFeed; streams: Set<ServerResponse> }): void {
  const { feed, streams } = runtime;
  const { context } = deps;
  const { store: db } = context;

  async function counterView(store: StoreRow, role: StoreRole) {
    const decimals = storeDecimals(context, store.settlement_token);
    const settings = await readCounterSettings(db, store.id, decimals);
    return {
      store: { id: store.id, name: store.name, currency: store.currency, decimals, merchantId: store.merchant_id, status: store.status },
      role,
      items: settings.items.map((item) => ({ name: item.name, unitPrice: item.unitPrice.toString() })),
      cashierVoidLimit: settings.cashierVoidLimit.toString(),
    };
  }

  app.get(
    "/api/stores/:storeId/counter",
    {
      preHandler: context.authenticate,
      schema: { tags, summary: "The counter: store, the caller's role, item list, cashiers' void limit (owner or cashier)", params: storeParams, response: { 200: counterOut } },
    },
    async (request) => {
      const { store, role } = await authorizeStore(db, request.params.storeId, deps.account(request), storeAccess.sell);
      return counterView(store, role);
    },
  );

  app.post(
    "/api/stores/:storeId/counter",
    {
      preHandler: context.authenticate,
      schema: { tags, summary: "Change the item list and/or the cashiers' void limit (store owner)", params: storeParams, body: counterSettingsBody, response: { 200: counterOut } },
    },
    async (request) => {
      const { store, role } = await authorizeStore(db, request.params.storeId, deps.account(request), storeAccess.manage);
      const current = await readCounterSettings(db, store.id, storeDecimals(context, store.settlement_token));
      await saveCounterSettings(
        db,
        store.id,
        { items: request.body.items ?? current.items, cashierVoidLimit: request.body.cashierVoidLimit ?? current.cashierVoidLimit },
        context.now(),
      );
      return counterView(store, role);
    },
  );

  app.post(
    "/api/stores/:storeId/pos/sales",
    {
      preHandler: context.authenticate,
      schema: {
        tags,
        summary: "Ring up a sale: a typed amount or items from the list, with a note; a payment request valid 15 minutes (owner or cashier)",
        params: storeParams,
        body: posSaleBody,
        response: { 201: z.object({ request: requestSchema, note: z.string().nullable() }) },
      },
    },
    async (request, reply) => {
      const account = deps.account(request);
      const { store } = await authorizeStore(db, request.params.storeId, account, storeAccess.sell);
      if (store.status !== "active") throw new CounterError("store_not_active", "Register the store on-chain before selling at the counter.");
      const decimals = storeDecimals(context, store.settlement_token);
      const { items } = await readCounterSettings(db, store.id, decimals);
      const lineItems = request.body.items
        ? request.body.items.map(({ index, quantity }) => {
            const item = items[index];
            if (!item) throw new CounterError("unknown_item", "This item is not on the store's list (any more); reload the counter.", { data: { index } });
            return { name: item.name.slice(0, lineItemLimits.maxNameLength), quantity, unitPrice: item.unitPrice };
          })
        : [{ name: "Counter sale", quantity: 1, unitPrice: request.body.amount! }];
      const amount = lineItems.reduce((sum, item) => sum + item.unitPrice * BigInt(item.quantity), 0n);
      const now = context.now();
      const note = request.body.note || null;
      const created = await db.transaction(async (tx) => {
        const row = await insertRequest(
          tx,
          store,
          { decimals },
          { amount, orderRef: `POS-${randomBytes(5).toString("hex").toUpperCase()}`, lineItems, expiresInSeconds: posSaleTtlSeconds },
          now,
        );
        await tx.query("INSERT INTO counter_sales (request_id, store_id, created_by, note, created_at) VALUES ($1, $2, $3, $4, $5)", [
          row.id,
          store.id,
          account.toLowerCase(),
          note,
          now,
        ]);
        return row;
      });
      return reply.status(201).send({ request: requestOut(created, now, deps.origin), note });
    },
  );

  app.get(
    "/api/stores/:storeId/pos/events",
    {
      preHandler: context.authenticate,
      schema: {
        tags,
        summary:
          "Server-sent events for one sale of this store: `event: sale` with its state now and whenever it changes (open → paid), a comment every 15 s (owner or cashier)",
        params: storeParams,
        querystring: posEventsQuery,
      },
    },
    async (request, reply) => {
      const { store } = await authorizeStore(db, request.params.storeId, deps.account(request), storeAccess.sell);
      const [sale] = await db.query("SELECT 1 FROM commerce_requests WHERE id = $1 AND store_id = $2", [request.query.requestId, store.id]);
      if (!sale) throw new CounterError("not_found", "No payment request with this id at this store.");

      // From here on the response is a stream written by hand (Fastify steps aside).
      reply.hijack();
      const raw = reply.raw;
      raw.writeHead(200, {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-store",
        connection: "keep-alive",
        "x-accel-buffering": "no",
      });
      raw.write("retry: 1000\n\n");
      streams.add(raw);
      const unwatch = feed.watch(request.query.requestId, (state) => raw.write(`event: sale\ndata: ${JSON.stringify(state)}\n\n`));
      const heartbeat = setInterval(() => raw.write(": ping\n\n"), heartbeatMs);
      request.raw.on("close", () => {
        clearInterval(heartbeat);
        unwatch();
        streams.delete(raw);
      });
    },
  );
}
