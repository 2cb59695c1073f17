// A store's counter settings: the item list the keypad offers and the highest price a cashier may
// void (above it, only the owner). Read with defaults until the owner saves them.
import { parseUnits } from "viem";
import type { Queryable } from "../db/store.ts";

export type CounterItem = { name: string; unitPrice: bigint };
export type CounterSettings = { items: CounterItem[]; cashierVoidLimit: bigint };

/** Until the owner chooses: cashiers may void a sale of up to 10.00 (a mistyped amount), not more. */
export const defaultCashierVoidLimit = "10";

export async function readCounterSettings(db: Queryable, storeId: string, decimals: number): Promise<CounterSettings> {
  const [row] = await db.query<{ items: { name: string; unitPrice: string }[]; cashier_void_limit: string }>(
    "SELECT items, cashier_void_limit FROM counter_settings WHERE store_id = $1",
    [storeId],
  );
  if (!row) return { items: [], cashierVoidLimit: parseUnits(defaultCashierVoidLimit, decimals) };
  return {
    items: row.items.map((item) => ({ name: item.name, unitPrice: BigInt(item.unitPrice) })),
    cashierVoidLimit: BigInt(row.cashier_void_limit),
  };
}

export async function saveCounterSettings(db: Queryable, storeId: string, settings: CounterSettings, now: Date): Promise<void> {
  await db.query(
    `INSERT INTO counter_settings (store_id, items, cashier_void_limit, updated_at) VALUES ($1, $2::jsonb, $3, $4)
     ON CONFLICT (store_id) DO UPDATE SET items = EXCLUDED.items, cashier_void_limit = EXCLUDED.cashier_void_limit, updated_at = EXCLUDED.updated_at`,
    [storeId, JSON.stringify(settings.items.map((item) => ({ name: item.name, unitPrice: item.unitPrice.toString() }))), settings.cashierVoidLimit, now],
  );
}
