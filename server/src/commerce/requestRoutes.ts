// Payment requests: a store owner creates and lists them; anyone with the link reads one;
// a payer (signed in, or an injected wallet naming itself) checks out to get the escrow terms.
import {
  checkoutBody,
  checkoutResult,
  createRequestBody,
  listQuery,
  requestList,
  requestParams,
  requestResult,
  storeParams,
} from "@paykey/sdk/api";
import type { RelayerApp } from "../http/app.ts";
import { checkoutRequest } from "./checkout.ts";
import type { CommerceDeps } from "./deps.ts";
import { CommerceError } from "./errors.ts";
import { findRequest, insertRequest, listRequests, requestOut } from "./requests.ts";
import { findOwnedStore } from "./stores.ts";

const tags = ["payment requests"];

export function registerRequestRoutes(app: RelayerApp, deps: CommerceDeps): void {
  const { context } = deps;
  const { store: db } = context;
  const origin = context.config.commerce.publicOrigin;

  app.post(
    "/api/stores/:storeId/requests",
    {
      preHandler: context.authenticate,
      schema: {
        tags,
        summary: "Create a payment request (store owner, active store); the line items must add up to the amount",
        params: storeParams,
        body: createRequestBody,
        response: { 201: requestResult },
      },
    },
    async (request, reply) => {
      const store = await findOwnedStore(db, request.params.storeId, deps.account(request));
      if (store.status !== "active") throw new CommerceError("store_not_active", "Register the store on-chain before creating payment requests.");
      const now = context.now();
      const created = await insertRequest(db, store, deps.token(store.currency), request.body, now);
      return reply.status(201).send({ request: requestOut(created, now, origin) });
    },
  );

  app.get(
    "/api/stores/:storeId/requests",
    {
      preHandler: context.authenticate,
      schema: {
        tags,
        summary: "A store's payment requests, newest first (store owner)",
        params: storeParams,
        querystring: listQuery,
        response: { 200: requestList },
      },
    },
    async (request) => {
      const store = await findOwnedStore(db, request.params.storeId, deps.account(request));
      const now = context.now();
      return { requests: (await listRequests(db, store.id, request.query.limit)).map((row) => requestOut(row, now, origin)) };
    },
  );

  app.get(
    "/api/requests/:requestId",
    {
      schema: {
        tags,
        summary: "A payment request (public: whoever has the link)",
        params: requestParams,
        response: { 200: requestResult },
      },
    },
    async (request) => ({ request: requestOut(await findRequest(db, request.params.requestId), context.now(), origin) }),
  );

  app.post(
    "/api/requests/:requestId/checkout",
    {
      schema: {
        tags,
        summary:
          "The escrow PaymentTerms and payment id for the payer: the session's account, or `payer` (an injected wallet paying its own gas)",
        params: requestParams,
        body: checkoutBody,
        response: { 200: checkoutResult },
      },
    },
    async (request) => {
      const payer = request.body?.payer ?? (await deps.optionalAccount(request));
      if (!payer) throw new CommerceError("payer_required", "Sign in with your passkey or name the paying wallet.");
      return checkoutRequest({
        db,
        client: context.publicClient,
        escrow: deps.escrow(),
        requestId: request.params.requestId,
        payer,
        now: context.now(),
      });
    },
  );
}
