// Numbered SQL migrations, applied once each and recorded in `schema_migrations`.
//
// Every module keeps its migrations next to its code, in `server/src/<module>/migrations/`,
// as files named `NNNN_what.sql` (e.g. `server/src/merchants/migrations/0100_stores.sql`).
// The relayer's own tables are in `server/src/db/migrations/`. All files are applied in the
// order of their names (then module), each inside the same transaction as its record, under
// an advisory lock so that two relayers starting together do not race.
import { readdirSync, readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { StoreError, type Store } from "./store.ts";

export type Migration = { id: string; file: string; sql: string };

export const coreMigrationsDir = join(dirname(fileURLToPath(import.meta.url)), "migrations");

/** Reads `NNNN_name.sql` files from `dir`; the module name defaults to the parent folder. */
export function loadMigrations(dir: string, module = basename(dirname(dir))): Migration[] {
  return readdirSync(dir)
    .filter((file) => /^\d{4}_[a-z0-9_]+\.sql$/.test(file))
    .sort()
    .map((file) => ({ id: `${module}/${file}`, file, sql: readFileSync(join(dir, file), "utf8") }));
}

function order(migrations: readonly Migration[]): Migration[] {
  const ids = new Set<string>();
  for (const migration of migrations) {
    if (ids.has(migration.id)) throw new StoreError(`Migration ${migration.id} is listed twice.`);
    ids.add(migration.id);
  }
  return [...migrations].sort((a, b) => a.file.localeCompare(b.file) || a.id.localeCompare(b.id));
}

/** Applies the migrations not applied yet; returns the ids it applied. */
export async function migrate(store: Store, migrations: readonly Migration[]): Promise<string[]> {
  const pending = order(migrations);
  return store.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.schema_migrations'))");
    await tx.exec(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
         id TEXT PRIMARY KEY,
         applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
       )`,
    );
    const done = new Set((await tx.query<{ id: string }>("SELECT id FROM schema_migrations")).map((row) => row.id));
    const applied: string[] = [];
    for (const migration of pending) {
      if (done.has(migration.id)) continue;
      try {
        await tx.exec(migration.sql);
      } catch (cause) {
        throw new StoreError(`Migration ${migration.id} failed.`, { cause });
      }
      await tx.query("INSERT INTO schema_migrations (id) VALUES ($1)", [migration.id]);
      applied.push(migration.id);
    }
    return applied;
  });
}
