// Stores: create (pending, with the registerMerchant call to send), confirm the on-chain
// registration, list one's own, read one.
import { createStoreBody, createStoreResult, registeredBody, storeList, storeParams, storeResult } from "@paykey/sdk/api";
import type { RelayerApp } from "../http/app.ts";
import type { CommerceDeps } from "./deps.ts";
import { CommerceError } from "./errors.ts";
import { readMerchant, readRegistrations } from "./escrowReads.ts";
import { activateStore, findOwnedStore, findStore, insertStore, listStores, registerMerchantCall, storeOut } from "./stores.ts";

const tags = ["stores"];

export function registerStoreRoutes(app: RelayerApp, deps: CommerceDeps): void {
  const { context } = deps;
  const { store: db } = context;

  app.post(
    "/api/stores",
    {
      preHandler: context.authenticate,
      schema: {
        tags,
        summary: "Create a store (pending); returns the registerMerchant call to send from the merchant's account",
        body: createStoreBody,
        response: { 201: createStoreResult },
      },
    },
    async (request, reply) => {
      const escrow = deps.escrow();
      const token = deps.token(request.body.currency);
      const row = await insertStore(db, {
        owner: deps.account(request),
        name: request.body.name,
        currency: token.currency,
        settlementToken: token.address,
        loyaltyBps: request.body.loyaltyBps,
        now: context.now(),
      });
      return reply.status(201).send({ store: storeOut(row), calls: [registerMerchantCall(escrow, row)] });
    },
  );

  app.post(
    "/api/stores/:storeId/registered",
    {
      preHandler: context.authenticate,
      schema: {
        tags,
        summary: "Confirm a store's registration: reads MerchantRegistered from the transaction's receipt on-chain",
        params: storeParams,
        body: registeredBody,
        response: { 200: storeResult },
      },
    },
    async (request) => {
      const escrow = deps.escrow();
      const owner = deps.account(request);
      const row = await findOwnedStore(db, request.params.storeId, owner);
      const registrations = (await readRegistrations(context.publicClient, { escrow, transactionHash: request.body.transactionHash, owner })).filter(
        (registration) => registration.settlementToken.toLowerCase() === row.settlement_token && registration.payout.toLowerCase() === row.payout,
      );
      if (row.status === "active") {
        if (registrations.some((registration) => registration.merchantId.toString() === row.merchant_id)) return { store: storeOut(row) };
        throw new CommerceError("merchant_claimed", "This store is already registered with another transaction.");
      }
      if (registrations.length === 0) {
        throw new CommerceError("not_registered", "This transaction registered no merchant for your account with this store's payout and currency.");
      }
      // A transaction may register several merchants; take the first one no store has claimed.
      const claimed = new Set(
        (
          await db.query<{ merchant_id: string }>("SELECT merchant_id FROM commerce_stores WHERE merchant_id IN (SELECT jsonb_array_elements_text($1::jsonb)::numeric)", [
            JSON.stringify(registrations.map((registration) => registration.merchantId.toString())),
          ])
        ).map((claim) => claim.merchant_id),
      );
      const registration = registrations.find((candidate) => !claimed.has(candidate.merchantId.toString()));
      if (!registration) throw new CommerceError("merchant_claimed", "The merchant this transaction registered already backs another store.");
      const merchant = await readMerchant(context.publicClient, escrow, registration.merchantId);
      const active = await activateStore(db, {
        storeId: row.id,
        merchantId: registration.merchantId,
        feeBps: merchant.feeBps,
        transactionHash: request.body.transactionHash,
        now: context.now(),
      });
      return { store: storeOut(active) };
    },
  );

  app.get(
    "/api/stores",
    {
      preHandler: context.authenticate,
      schema: { tags, summary: "The signed-in account's stores", response: { 200: storeList } },
    },
    async (request) => ({ stores: (await listStores(db, deps.account(request))).map(storeOut) }),
  );

  app.get(
    "/api/stores/:storeId",
    { schema: { tags, summary: "A store (public)", params: storeParams, response: { 200: storeResult } } },
    async (request) => ({ store: storeOut(await findStore(db, request.params.storeId)) }),
  );
}
