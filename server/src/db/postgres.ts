// PostgreSQL through a `pg` pool. With `schema`, every connection works in that schema
// (created if missing), so several test runs or deployments can share one database.
import pg from "pg";
import { assertIdentifier, StoreError, toParams, type Row, type Store, type Transaction } from "./store.ts";

export type CreatePostgresStoreParameters = {
  url: string;
  schema?: string | undefined;
  /** Drop the schema on close (throw-away test schemas). */
  dropSchemaOnClose?: boolean | undefined;
  maxConnections?: number | undefined;
};

export async function createPostgresStore({
  url,
  schema,
  dropSchemaOnClose = false,
  maxConnections = 10,
}: CreatePostgresStoreParameters): Promise<Store> {
  const name = schema ? assertIdentifier(schema) : undefined;
  const pool = new pg.Pool({
    connectionString: url,
    max: maxConnections,
    connectionTimeoutMillis: 5_000,
    ...(name ? { options: `-c search_path=${name}` } : {}),
  });
  // An idle client that loses its connection must not crash the process.
  pool.on("error", () => {});
  try {
    if (name) await pool.query(`CREATE SCHEMA IF NOT EXISTS ${name}`);
    else await pool.query("SELECT 1");
  } catch (cause) {
    await pool.end().catch(() => {});
    throw new StoreError("Cannot connect to PostgreSQL.", { cause });
  }

  const wrap = (client: pg.Pool | pg.PoolClient): Transaction => ({
    async query<R extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<R[]> {
      const result = await client.query<R>(sql, toParams(params));
      return result.rows;
    },
    async exec(sql) {
      await client.query(sql);
    },
  });

  return {
    kind: "postgres",
    ...wrap(pool),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const result = await fn(wrap(client));
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    async close() {
      if (dropSchemaOnClose && name) await pool.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`).catch(() => {});
      await pool.end();
    },
  };
}
