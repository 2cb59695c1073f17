// Opens the relayer's database for an audit, read-only: PostgreSQL through its URL with every
// transaction read-only (`default_transaction_read_only`), or a PGlite data directory (stop the relayer
// that uses it first: PGlite serves one process at a time). Migrations are never run, nothing is written.
import pg from "pg";
import { PGlite } from "@electric-sql/pglite";
import { assertIdentifier, toParams, type Queryable, type Row } from "../db/store.ts";

export type LedgerDatabase = Queryable & { readonly kind: "postgres" | "pglite"; close(): Promise<void> };

/** `postgres://…` / `postgresql://…` opens PostgreSQL; anything else is a PGlite data directory. */
export async function openLedgerDatabase({ url, schema }: { url: string; schema?: string | undefined }): Promise<LedgerDatabase> {
  const name = schema ? assertIdentifier(schema) : undefined;
  if (/^postgres(ql)?:\/\//.test(url)) {
    const pool = new pg.Pool({
      connectionString: url,
      max: 4,
      connectionTimeoutMillis: 5_000,
      options: `-c default_transaction_read_only=on${name ? ` -c search_path=${name}` : ""}`,
    });
    pool.on("error", () => {});
    return {
      kind: "postgres",
      async query<R extends Row = Row>(sql: string, params?: readonly unknown[]) {
        return (await pool.query<R>(sql, toParams(params))).rows;
      },
      close: () => pool.end(),
    };
  }
  const db = await PGlite.create(url.replace(/^pglite:/, ""));
  await db.exec(`SET default_transaction_read_only = on;${name ? ` SET search_path TO ${name};` : ""}`);
  return {
    kind: "pglite",
    async query<R extends Row = Row>(sql: string, params?: readonly unknown[]) {
      return (await db.query<R>(sql, toParams(params))).rows;
    },
    async close() {
      if (!db.closed) await db.close();
    },
  };
}
