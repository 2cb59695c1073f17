// Who may see a store's back office (ledger, analytics, exports, webhooks): its owner. Every
// back-office route goes through `backOfficeStore`, which asks the store-role check all merchant
// routes share (server/src/counter/access.ts), so cashiers and other merchants get 403 there.
import type { FastifyRequest } from "fastify";
import type { Queryable } from "../db/store.ts";
import type { StoreRow } from "../commerce/stores.ts";
import { authorizeStore, storeAccess } from "../counter/access.ts";

export type BackOfficeStore = StoreRow & { time_zone: string };

/** The store if the signed-in account (after `context.authenticate`) may see its back office: 404 unknown, 403 someone else's or a cashier. */
export async function backOfficeStore(db: Queryable, request: FastifyRequest, storeId: string): Promise<BackOfficeStore> {
  const { store } = await authorizeStore(db, storeId, request.session!.accountAddress, storeAccess.manage);
  return store as BackOfficeStore;
}
