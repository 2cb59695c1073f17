// Which stores an auditor may audit: a store's owner grants (and revokes) read access to an auditor's
// Paykey account.
import type { Queryable } from "../db/store.ts";
import type { StoreRow } from "../commerce/stores.ts";
import { AuditHttpError } from "./errors.ts";

export type GrantRow = { store_id: string; auditor_account: string; granted_by: string; created_at: Date };

export async function grantAuditor(db: Queryable, storeId: string, auditor: string, grantedBy: string): Promise<GrantRow> {
  const [row] = await db.query<GrantRow>(
    `INSERT INTO audit_grants (store_id, auditor_account, granted_by) VALUES ($1, $2, $3)
     ON CONFLICT (store_id, auditor_account) DO UPDATE SET granted_by = EXCLUDED.granted_by
     RETURNING *`,
    [storeId, auditor.toLowerCase(), grantedBy.toLowerCase()],
  );
  return row!;
}

export async function revokeAuditor(db: Queryable, storeId: string, auditor: string): Promise<boolean> {
  return (await db.query("DELETE FROM audit_grants WHERE store_id = $1 AND auditor_account = $2 RETURNING store_id", [storeId, auditor.toLowerCase()])).length > 0;
}

export async function listGrants(db: Queryable, storeId: string): Promise<GrantRow[]> {
  return db.query<GrantRow>("SELECT * FROM audit_grants WHERE store_id = $1 ORDER BY created_at, auditor_account", [storeId]);
}

/** The stores `auditor` may audit, newest grant first. */
export async function grantedStores(db: Queryable, auditor: string): Promise<StoreRow[]> {
  return db.query<StoreRow>(
    `SELECT s.* FROM commerce_stores s JOIN audit_grants g ON g.store_id = s.id
      WHERE g.auditor_account = $1 ORDER BY g.created_at DESC, s.id`,
    [auditor.toLowerCase()],
  );
}

/** The store `storeId` if `auditor` holds a grant for it; 403 otherwise (also for a store that does not exist). */
export async function grantedStore(db: Queryable, auditor: string, storeId: string): Promise<StoreRow> {
  const [row] = await db.query<StoreRow>(
    `SELECT s.* FROM commerce_stores s JOIN audit_grants g ON g.store_id = s.id WHERE s.id = $1 AND g.auditor_account = $2`,
    [storeId, auditor.toLowerCase()],
  );
  if (!row) throw new AuditHttpError("not_granted", "This store has not granted you audit access.");
  return row;
}
