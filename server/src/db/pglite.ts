// Embedded PostgreSQL (PGlite, wasm) in a data directory, or in memory for `memory://`.
// One connection: PGlite runs queries one at a time and queues callers during a transaction.
import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { assertIdentifier, toParams, type Row, type Store, type Transaction } from "./store.ts";

export type CreatePgliteStoreParameters = {
  /** A directory (created if missing) or `memory://` for a throw-away database. */
  dataDir: string;
  /** Optional schema to work in (created if missing). */
  schema?: string | undefined;
};

export async function createPgliteStore({ dataDir, schema }: CreatePgliteStoreParameters): Promise<Store> {
  const inMemory = dataDir.startsWith("memory://");
  if (!inMemory) mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create(inMemory ? undefined : dataDir);
  if (schema) {
    const name = assertIdentifier(schema);
    await db.exec(`CREATE SCHEMA IF NOT EXISTS ${name}; SET search_path TO ${name};`);
  }

  const wrap = (target: Pick<PGlite, "query" | "exec">): Transaction => ({
    async query<R extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<R[]> {
      const result = await target.query<R>(sql, toParams(params));
      return result.rows;
    },
    async exec(sql) {
      await target.exec(sql);
    },
  });

  return {
    kind: "pglite",
    ...wrap(db),
    transaction: (fn) => db.transaction((tx) => fn(wrap(tx))),
    async close() {
      if (!db.closed) await db.close();
    },
  };
}
