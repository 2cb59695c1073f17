// Opens the store the configuration asks for and brings its schema up to date.
import type { Config } from "../config.ts";
import { coreMigrationsDir, loadMigrations, migrate, type Migration } from "./migrate.ts";
import { createPgliteStore } from "./pglite.ts";
import { createPostgresStore } from "./postgres.ts";
import type { Store } from "./store.ts";

export type { Queryable, Row, Store, Transaction } from "./store.ts";
export { StoreError } from "./store.ts";
export { createPgliteStore } from "./pglite.ts";
export { createPostgresStore } from "./postgres.ts";
export { coreMigrationsDir, loadMigrations, migrate, type Migration } from "./migrate.ts";

export async function openStore(
  database: Config["database"],
  extraMigrations: readonly Migration[] = [],
): Promise<Store> {
  const store = database.url
    ? await createPostgresStore({ url: database.url, schema: database.schema })
    : await createPgliteStore({ dataDir: database.dataDir, schema: database.schema });
  try {
    await migrate(store, [...loadMigrations(coreMigrationsDir, "db"), ...extraMigrations]);
  } catch (error) {
    await store.close().catch(() => {});
    throw error;
  }
  return store;
}
