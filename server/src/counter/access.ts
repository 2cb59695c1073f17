// Who may act on a store, checked on every merchant route (the commerce routes call it too): the
// store's owner (the account that registered it on-chain) and its active cashiers (accounts the owner
// invited and made escrow operators). Each route names the roles it allows; anyone else signed in gets
// 403 `forbidden` with their role and the roles allowed, so a client can tell "cashiers cannot do this"
// from "not your store". What the chain enforces on its own is in sponsorRule.ts.
import type { Queryable } from "../db/store.ts";
import { CommerceError } from "../commerce/errors.ts";
import { findStore, type StoreRow } from "../commerce/stores.ts";

export type StoreRole = "owner" | "cashier";

/** Route access in one place: who may do what at a store. */
export const storeAccess = {
  /** Confirm registration, cashiers, item list, loyalty, coupons, void limit. */
  manage: ["owner"],
  /** Payment requests, the keypad, the payments list, the counter's settings as read. */
  sell: ["owner", "cashier"],
} as const satisfies Record<string, readonly StoreRole[]>;

/** `account`'s role at `store`, if any (a pending or removed cashier has none). */
export async function storeRoleOf(db: Queryable, store: Pick<StoreRow, "id" | "owner_account">, account: string): Promise<StoreRole | undefined> {
  const caller = account.toLowerCase();
  if (store.owner_account === caller) return "owner";
  const [row] = await db.query("SELECT 1 FROM counter_cashiers WHERE store_id = $1 AND account = $2 AND status = 'active'", [store.id, caller]);
  return row ? "cashier" : undefined;
}

/**
 * The store, if `account` holds one of the `allowed` roles there: 404 when the store is unknown,
 * 403 `forbidden` (with `role` and `allowed`) otherwise.
 */
export async function authorizeStore(
  db: Queryable,
  storeId: string,
  account: string,
  allowed: readonly StoreRole[],
): Promise<{ store: StoreRow; role: StoreRole }> {
  const store = await findStore(db, storeId);
  const role = await storeRoleOf(db, store, account);
  if (role && allowed.includes(role)) return { store, role };
  const data = { role: role ?? "none", allowed: [...allowed] };
  if (role === "cashier") throw new CommerceError("forbidden", "Only the store's owner can do this; a cashier cannot.", { data });
  throw new CommerceError("forbidden", allowed.includes("cashier") ? "You are not the owner or a cashier of this store." : "This store belongs to another account.", { data });
}
