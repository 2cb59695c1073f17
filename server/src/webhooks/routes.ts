// Webhook routes of a store (store owner): endpoints (add — the secret is in that answer only —,
// change event types or pause, rotate the secret, remove), deliveries with their attempts, and
// redelivery.
import { z } from "zod";
import {
  createEndpointBody,
  deliveriesQuery,
  deliveryOut,
  endpointOut as endpointSchema,
  endpointWithSecret,
  updateEndpointBody,
  webhookEventTypes,
} from "@paykey/sdk/api/webhooks";
import type { RelayerContext } from "../context.ts";
import type { RelayerApp } from "../http/app.ts";
import { id } from "@paykey/sdk/api";
import { backOfficeStore } from "../ledger/access.ts";
import { assertPublicEndpoint } from "./addressGuard.ts";
import { listDeliveries } from "./deliveries.ts";
import { deleteEndpoint, endpointOut, findEndpoint, insertEndpoint, listEndpoints, rotateSecret, updateEndpoint } from "./endpoints.ts";
import { WebhookError } from "./errors.ts";
import { redeliver } from "./queue.ts";

const tags = ["webhooks"];
const storeParams = z.object({ storeId: id });
const endpointParams = z.object({ storeId: id, endpointId: id });

export function registerWebhookRoutes(app: RelayerApp, context: RelayerContext): void {
  const { store: db, config } = context;
  const auth = { preHandler: context.authenticate };

  app.get(
    "/api/stores/:storeId/webhooks",
    { ...auth, schema: { tags, summary: "The store's webhook endpoints (without secrets) and the event types", params: storeParams, response: { 200: z.object({ endpoints: z.array(endpointSchema), eventTypes: z.array(z.string()) }) } } },
    async (request) => {
      const store = await backOfficeStore(db, request, request.params.storeId);
      return { endpoints: (await listEndpoints(db, store.id)).map(endpointOut), eventTypes: [...webhookEventTypes] };
    },
  );

  app.post(
    "/api/stores/:storeId/webhooks",
    { ...auth, schema: { tags, summary: "Add an endpoint; the answer holds its signing secret, shown this once", params: storeParams, body: createEndpointBody, response: { 201: endpointWithSecret } } },
    async (request, reply) => {
      const store = await backOfficeStore(db, request, request.params.storeId);
      await assertPublicEndpoint(request.body.url, config.webhooks.allowPrivateEndpoints);
      const row = await insertEndpoint(db, { storeId: store.id, url: request.body.url, eventTypes: request.body.eventTypes, now: context.now() });
      return reply.status(201).send({ endpoint: endpointOut(row), secret: row.secret });
    },
  );

  app.post(
    "/api/stores/:storeId/webhooks/:endpointId",
    { ...auth, schema: { tags, summary: "Change an endpoint's event types, or pause and resume it", params: endpointParams, body: updateEndpointBody, response: { 200: z.object({ endpoint: endpointSchema }) } } },
    async (request) => {
      const store = await backOfficeStore(db, request, request.params.storeId);
      const endpoint = await findEndpoint(db, store.id, request.params.endpointId);
      return { endpoint: endpointOut(await updateEndpoint(db, endpoint, { ...request.body, now: context.now() })) };
    },
  );

  app.post(
    "/api/stores/:storeId/webhooks/:endpointId/rotate-secret",
    { ...auth, schema: { tags, summary: "A new signing secret (shown this once); the old one also signs for 24 hours", params: endpointParams, response: { 200: endpointWithSecret } } },
    async (request) => {
      const store = await backOfficeStore(db, request, request.params.storeId);
      const row = await rotateSecret(db, await findEndpoint(db, store.id, request.params.endpointId), context.now());
      return { endpoint: endpointOut(row), secret: row.secret };
    },
  );

  app.delete(
    "/api/stores/:storeId/webhooks/:endpointId",
    { ...auth, schema: { tags, summary: "Remove an endpoint and its deliveries", params: endpointParams } },
    async (request, reply) => {
      const store = await backOfficeStore(db, request, request.params.storeId);
      await deleteEndpoint(db, await findEndpoint(db, store.id, request.params.endpointId));
      return reply.status(204).send();
    },
  );

  app.get(
    "/api/stores/:storeId/webhooks/deliveries",
    { ...auth, schema: { tags, summary: "Recent deliveries, newest first, each with its attempts' status codes and times", params: storeParams, querystring: deliveriesQuery, response: { 200: z.object({ deliveries: z.array(deliveryOut) }) } } },
    async (request) => {
      const store = await backOfficeStore(db, request, request.params.storeId);
      return { deliveries: await listDeliveries(db, { storeId: store.id, endpointId: request.query.endpointId, limit: request.query.limit }) };
    },
  );

  app.post(
    "/api/stores/:storeId/webhooks/deliveries/:deliveryId/redeliver",
    { ...auth, schema: { tags, summary: "Send a delivery again now (same event id), whatever its status", params: z.object({ storeId: id, deliveryId: id }), response: { 200: z.object({ delivery: deliveryOut }) } } },
    async (request) => {
      const store = await backOfficeStore(db, request, request.params.storeId);
      const queued = await redeliver(db, { storeId: store.id, deliveryId: request.params.deliveryId, now: context.now(), retryForMs: config.webhooks.retryForMs });
      if (!queued) throw new WebhookError("not_found", "No delivery with this id in this store.");
      const [delivery] = await listDeliveries(db, { storeId: store.id, deliveryId: request.params.deliveryId, limit: 1 });
      return { delivery: delivery! };
    },
  );
}
