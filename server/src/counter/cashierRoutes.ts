// Cashier routes: the owner invites by link, lists, approves on-chain and removes; an invitee reads
// the invite and accepts it; a cashier lists the stores it works at.
import { z } from "zod";
import { id } from "@paykey/sdk/api";
import {
  acceptInviteOut,
  cashierCallsOut,
  cashierOut as cashierSchema,
  cashierParams,
  cashiersOut,
  createInviteBody,
  inviteOut as inviteSchema,
  invitePreviewOut,
  inviteTokenIn,
  staffStoresOut,
} from "@paykey/sdk/api/counter";
import { findStore } from "../commerce/stores.ts";
import type { RelayerApp } from "../http/app.ts";
import { authorizeStore, storeAccess } from "./access.ts";
import {
  acceptInvite,
  cashierOut,
  createInvite,
  findCashier,
  findInvite,
  inviteOut,
  listCashiers,
  listStaffStores,
  operatorCall,
  removeCashier,
  syncCashier,
} from "./cashiers.ts";
import type { CounterDeps } from "./deps.ts";
import { CounterError } from "./errors.ts";

const tags = ["cashiers"];
const storeParams = z.object({ storeId: id });
const tokenParams = z.object({ token: inviteTokenIn });

export function registerCashierRoutes(app: RelayerApp, deps: CounterDeps): void {
  const { context } = deps;
  const { store: db } = context;

  /** The store and cashier an owner acts on, with the store's merchant id (active stores only). */
  async function ownerAndCashier(request: { params: { storeId: string; account: string } } & Parameters<CounterDeps["account"]>[0]) {
    const { store } = await authorizeStore(db, request.params.storeId, deps.account(request), storeAccess.manage);
    if (store.merchant_id === null) throw new CounterError("store_not_active", "Register the store on-chain first.");
    const cashier = await findCashier(db, store.id, request.params.account);
    return { store, merchantId: BigInt(store.merchant_id), cashier };
  }

  app.post(
    "/api/stores/:storeId/cashiers/invites",
    {
      preHandler: context.authenticate,
      schema: { tags, summary: "Invite a cashier: a one-time link, valid 7 days (store owner)", params: storeParams, body: createInviteBody, response: { 201: z.object({ invite: inviteSchema }) } },
    },
    async (request, reply) => {
      const { store } = await authorizeStore(db, request.params.storeId, deps.account(request), storeAccess.manage);
      const { invite, token } = await createInvite(db, { storeId: store.id, label: request.body.label, now: context.now() });
      return reply.status(201).send({ invite: { ...invite, url: `${deps.origin}/cashier/${token}` } });
    },
  );

  app.get(
    "/api/stores/:storeId/cashiers",
    {
      preHandler: context.authenticate,
      schema: { tags, summary: "The store's cashiers and open invites (store owner)", params: storeParams, response: { 200: cashiersOut } },
    },
    async (request) => {
      const { store } = await authorizeStore(db, request.params.storeId, deps.account(request), storeAccess.manage);
      return listCashiers(db, store.id, context.now());
    },
  );

  app.post(
    "/api/stores/:storeId/cashiers/:account/approve",
    {
      preHandler: context.authenticate,
      schema: {
        tags,
        summary: "The setMerchantOperator(…, true) call that makes a pending cashier an operator; send it from the owner's account, then sync (store owner)",
        params: cashierParams,
        response: { 200: cashierCallsOut },
      },
    },
    async (request) => {
      const { merchantId, cashier } = await ownerAndCashier(request);
      if (cashier.status === "removed") throw new CounterError("not_found", "This cashier was removed; send them a new invite.");
      return { cashier: cashierOut(cashier), calls: [operatorCall(deps.escrow(), merchantId, cashier.account as `0x${string}`, true)] };
    },
  );

  app.post(
    "/api/stores/:storeId/cashiers/:account/sync",
    {
      preHandler: context.authenticate,
      schema: { tags, summary: "Reads the cashier's operator status from the chain and updates it (store owner)", params: cashierParams, response: { 200: z.object({ cashier: cashierSchema }) } },
    },
    async (request) => {
      const { merchantId, cashier } = await ownerAndCashier(request);
      const synced = await syncCashier(db, { client: context.publicClient, escrow: deps.escrow(), merchantId, cashier, now: context.now() });
      return { cashier: cashierOut(synced) };
    },
  );

  app.post(
    "/api/stores/:storeId/cashiers/:account/remove",
    {
      preHandler: context.authenticate,
      schema: {
        tags,
        summary: "Removes a cashier at once here; returns the setMerchantOperator(…, false) call to send when it is an operator on-chain (store owner)",
        params: cashierParams,
        response: { 200: cashierCallsOut },
      },
    },
    async (request) => {
      const { merchantId, cashier } = await ownerAndCashier(request);
      const removed = await removeCashier(db, cashier, context.now());
      const synced = await syncCashier(db, { client: context.publicClient, escrow: deps.escrow(), merchantId, cashier: removed, now: context.now() });
      const calls = synced.on_chain ? [operatorCall(deps.escrow(), merchantId, synced.account as `0x${string}`, false)] : [];
      return { cashier: cashierOut(synced), calls };
    },
  );

  app.get(
    "/api/cashier-invites/:token",
    { schema: { tags, summary: "An invite as its link shows it: the store and whether it is still open (whoever holds the link)", params: tokenParams, response: { 200: invitePreviewOut } } },
    async (request) => {
      const invite = await findInvite(db, request.params.token);
      const store = await findStore(db, invite.store_id);
      const { status, label, expiresAt } = inviteOut(invite, context.now());
      return { invite: { status, label, expiresAt }, store: { id: store.id, name: store.name } };
    },
  );

  app.post(
    "/api/cashier-invites/:token/accept",
    {
      preHandler: context.authenticate,
      schema: { tags, summary: "Accept an invite: the signed-in account becomes a pending cashier until the owner approves it on-chain", params: tokenParams, response: { 200: acceptInviteOut } },
    },
    async (request) => {
      const { cashier, storeId } = await acceptInvite(db, {
        token: request.params.token,
        account: deps.account(request),
        now: context.now(),
      });
      const store = await findStore(db, storeId);
      return { cashier: cashierOut(cashier), store: { id: store.id, name: store.name } };
    },
  );

  app.get(
    "/api/me/staff-stores",
    { preHandler: context.authenticate, schema: { tags, summary: "Stores where the signed-in account is a cashier (pending or active)", response: { 200: staffStoresOut } } },
    async (request) => ({
      stores: (await listStaffStores(db, deps.account(request))).map((row) => ({
        store: { id: row.id, name: row.name, currency: row.currency, merchantId: row.merchant_id },
        role: "cashier" as const,
        status: row.status,
      })),
    }),
  );
}
