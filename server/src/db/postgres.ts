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

/** Distinct statements a store prepares by name on each connection. */
const maxPreparedStatements = 1_000;

/** PostgreSQL refuses a prepared statement whose result columns changed since it was prepared. */
function isStalePlan(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === "0A000" && /cached plan/.test(String((error as Error).message));
}

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

  // Statements with parameters are prepared once per connection under a name (by SQL
  // text) instead of parsed and planned at every call: most of the server's CPU on the
  // short statements of the hot path. The names are capped; beyond the cap, unnamed.
  const statementNames = new Map<string, string>();
  const statement = (sql: string, params: readonly unknown[] | undefined): pg.QueryConfig => {
    const values = toParams(params);
    if (values.length === 0) return { text: sql, values };
    let name = statementNames.get(sql);
    if (name === undefined && statementNames.size < maxPreparedStatements) {
      name = `paykey_${statementNames.size}`;
      statementNames.set(sql, name);
    }
    return name === undefined ? { text: sql, values } : { name, text: sql, values };
  };

  const run = async <R extends Row>(client: pg.PoolClient, sql: string, params: readonly unknown[] | undefined): Promise<R[]> =>
    (await client.query<R>(statement(sql, params))).rows;

  // A table whose result columns changed under a prepared statement (another instance
  // migrated it) makes that connection's statement stale: the connection is closed instead of
  // reused, and a query outside a transaction is tried once more on another one.
  const pooledQuery = async <R extends Row>(sql: string, params: readonly unknown[] | undefined, retry = true): Promise<R[]> => {
    const client = await pool.connect();
    let stale: Error | undefined;
    try {
      return await run<R>(client, sql, params);
    } catch (error) {
      if (!isStalePlan(error)) throw error;
      stale = error as Error;
    } finally {
      client.release(stale);
    }
    if (!retry) throw stale;
    return pooledQuery<R>(sql, params, false);
  };

  const wrap = (client: pg.PoolClient | undefined): Transaction => ({
    async query<R extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<R[]> {
      return client ? run<R>(client, sql, params) : pooledQuery<R>(sql, params);
    },
    async exec(sql) {
      await (client ?? pool).query(sql);
    },
  });

  return {
    kind: "postgres",
    ...wrap(undefined),
    async transaction(fn) {
      const client = await pool.connect();
      let stale: Error | undefined;
      try {
        await client.query("BEGIN");
        const result = await fn(wrap(client));
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {});
        stale = isStalePlan(error) ? (error as Error) : undefined;
        throw error;
      } finally {
        client.release(stale);
      }
    },
    async close() {
      if (dropSchemaOnClose && name) await pool.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`).catch(() => {});
      await pool.end();
    },
  };
}
