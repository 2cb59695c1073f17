// The database a test runs against: in-memory PGlite by default, PostgreSQL when the
// `postgres` suite sets PAYKEY_TEST_DATABASE=postgres. Every store gets its own schema on
// PostgreSQL (the server is shared with other test runs), dropped when closed.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { createPgliteStore, createPostgresStore, type Store } from "../../../server/src/db/index.ts";

export const defaultTestPostgresUrl = "postgres://paykey:paykey@127.0.0.1:5432/paykey_test";

export const usePostgres = process.env.PAYKEY_TEST_DATABASE === "postgres";
export const testPostgresUrl = process.env.PAYKEY_TEST_POSTGRES_URL || defaultTestPostgresUrl;

export function uniqueSchema(): string {
  return `test_${process.pid}_${randomBytes(4).toString("hex")}`;
}

export async function createTestStore(): Promise<Store> {
  if (usePostgres) return createPostgresStore({ url: testPostgresUrl, schema: uniqueSchema(), dropSchemaOnClose: true });
  return createPgliteStore({ dataDir: "memory://" });
}

/** Environment for a relayer child process that must use its own durable database. */
export function childDatabaseEnv(dataDir: string, schema: string): Record<string, string> {
  return usePostgres ? { DATABASE_URL: testPostgresUrl, DATABASE_SCHEMA: schema } : { DATA_DIR: dataDir, DATABASE_SCHEMA: schema };
}

/** Drops a child relayer's PostgreSQL schema (a PGlite directory is left to the OS's tmp). */
export async function dropChildSchema(schema: string): Promise<void> {
  if (!usePostgres) return;
  const store = await createPostgresStore({ url: testPostgresUrl, schema, dropSchemaOnClose: true }).catch(() => undefined);
  await store?.close();
}

/**
 * For tests that need PostgreSQL whatever the suite (several relayers on one database): true
 * when the test server answers. Without one they are pending locally; on CI (CI=true) the
 * missing server is an error, so they are never skipped there.
 */
export async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: testPostgresUrl, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch (error) {
    if (process.env.CI === "true") throw new Error(`PostgreSQL is required on CI: ${error instanceof Error ? error.message : error}`);
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}
