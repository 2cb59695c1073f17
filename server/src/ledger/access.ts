// Who may see a store's back office (ledger, analytics, exports, webhooks): today its owner.
// Every back-office route goes through `backOfficeStore`, so a finer role check (owner,
// cashier) changes this one function.
import type { FastifyRequest } from "fastify";
import { getAddress } from "viem";
import type { Queryable } from "../db/store.ts";
import { findOwnedStore, type StoreRow } from "../commerce/stores.ts";

export type BackOfficeStore = StoreRow & { time_zone: string };

/** The store if the signed-in account (after `context.authenticate`) may see its back office: 404 unknown, 403 someone else's. */
export async function backOfficeStore(db: Queryable, request: FastifyRequest, storeId: string): Promise<BackOfficeStore> {
  return (await findOwnedStore(db, storeId, getAddress(request.session!.accountAddress))) as BackOfficeStore;
}
