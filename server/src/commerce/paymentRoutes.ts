// Payments indexed from the escrow: one by id (public: a receipt), a store's (owner), the
// signed-in payer's. Newest first.
import { listQuery, paymentList, paymentParams, paymentResult, storeParams } from "@paykey/sdk/api";
import type { RelayerApp } from "../http/app.ts";
import type { CommerceDeps } from "./deps.ts";
import { findPayment, listMerchantPayments, listPayerPayments } from "./payments.ts";
import { findOwnedStore } from "./stores.ts";

const tags = ["payments"];

export function registerPaymentRoutes(app: RelayerApp, deps: CommerceDeps): void {
  const { context } = deps;
  const { store: db } = context;

  app.get(
    "/api/payments/:paymentId",
    {
      schema: {
        tags,
        summary: "A payment as indexed from the chain, with its terms, line items and events (public, by id)",
        params: paymentParams,
        response: { 200: paymentResult },
      },
    },
    async (request) => ({ payment: await findPayment(db, request.params.paymentId) }),
  );

  app.get(
    "/api/stores/:storeId/payments",
    {
      preHandler: context.authenticate,
      schema: {
        tags,
        summary: "A store's payments, newest first (store owner)",
        params: storeParams,
        querystring: listQuery,
        response: { 200: paymentList },
      },
    },
    async (request) => {
      const store = await findOwnedStore(db, request.params.storeId, deps.account(request));
      if (store.merchant_id === null) return { payments: [] };
      return { payments: await listMerchantPayments(db, store.merchant_id, request.query.limit) };
    },
  );

  app.get(
    "/api/me/payments",
    {
      preHandler: context.authenticate,
      schema: { tags, summary: "The signed-in payer's payments, newest first", querystring: listQuery, response: { 200: paymentList } },
    },
    async (request) => ({ payments: await listPayerPayments(db, deps.account(request), request.query.limit) }),
  );
}
