// A store's time zone: an IANA name that both the relayer (Intl) and PostgreSQL (its zone
// database, which does the date arithmetic) know. Changing it rebuilds the store's sales
// rollups, which are bucketed by local hour and day, under the indexer's lock.
import type { Address } from "viem";
import type { Store } from "../db/store.ts";
import { indexerLockKey } from "../commerce/indexer.ts";
import { rebuildSalesRollups } from "../commerce/salesRollups.ts";
import { LedgerError } from "./errors.ts";

export async function assertTimeZone(db: Pick<Store, "query">, timeZone: string): Promise<void> {
  let known = true;
  try {
    new Intl.DateTimeFormat("en", { timeZone });
  } catch {
    known = false;
  }
  // PostgreSQL also accepts POSIX-style zones such as "UTC+3" (with the sign inverted); only named zones are allowed.
  if (known && /^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(timeZone)) {
    const [row] = await db.query("SELECT 1 FROM pg_timezone_names WHERE name = $1", [timeZone]);
    known = row !== undefined;
  } else known = false;
  if (!known) throw new LedgerError("invalid_time_zone", `${JSON.stringify(timeZone)} is not an IANA time zone name (e.g. Europe/Berlin).`, { data: { timeZone } });
}

/** Sets the store's time zone and rebuilds its rollups (when it has a merchant id). */
export async function setStoreTimeZone(
  store: Store,
  parameters: { storeId: string; merchantId: string | null; timeZone: string; escrow: Address | undefined },
): Promise<void> {
  await assertTimeZone(store, parameters.timeZone);
  await store.transaction(async (tx) => {
    if (parameters.escrow) await tx.query("SELECT pg_advisory_xact_lock(hashtext($1))", [indexerLockKey(parameters.escrow)]);
    await tx.query("UPDATE commerce_stores SET time_zone = $2, updated_at = now() WHERE id = $1", [parameters.storeId, parameters.timeZone]);
    if (parameters.merchantId !== null) await rebuildSalesRollups(tx, parameters.merchantId);
  });
}
