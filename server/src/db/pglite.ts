// Embedded PostgreSQL (PGlite, wasm) in a data directory, or in memory for `memory://`.
// One connection: PGlite runs queries one at a time and queues callers during a transaction.
import { mkdirSync } from "node:fs";
import { PGlite, parse as pgliteParse, protocol } from "@electric-sql/pglite";
import { assertIdentifier, toParams, type Row, type Store, type Transaction } from "./store.ts";

export type CreatePgliteStoreParameters = {
  /** A directory (created if missing) or `memory://` for a throw-away database. */
  dataDir: string;
  /** Optional schema to work in (created if missing). */
  schema?: string | undefined;
};

/** Distinct statements the store prepares by name (as the PostgreSQL store does); beyond, PGlite's own query. */
const maxPreparedStatements = 1_000;

/** PostgreSQL refuses a prepared statement whose result columns changed since it was prepared. */
function isStalePlan(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === "0A000" && /cached plan/.test(String((error as Error).message));
}

const { serialize } = protocol;

type Prepared = { name: string; paramTypes: number[] };

export async function createPgliteStore({ dataDir, schema }: CreatePgliteStoreParameters): Promise<Store> {
  const inMemory = dataDir.startsWith("memory://");
  if (!inMemory) mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create(inMemory ? undefined : dataDir);
  if (schema) {
    const name = assertIdentifier(schema);
    await db.exec(`CREATE SCHEMA IF NOT EXISTS ${name}; SET search_path TO ${name};`);
  }

  // PGlite's `query` parses and plans every statement again, in six calls into the wasm; most
  // of its time on the relayer's short statements. Each distinct statement is prepared once
  // under a name instead, then run with one call (bind, describe, execute, sync), its
  // parameters serialized and its rows parsed by PGlite's own serializers and parsers.
  const prepared = new Map<string, Prepared>();
  let nextName = 0;

  const prepare = async (sql: string): Promise<Prepared> => {
    const known = prepared.get(sql);
    if (known) return known;
    const name = `paykey_${nextName++}`;
    const { messages } = await db.execProtocol(Buffer.concat([serialize.parse({ name, text: sql }), serialize.describe({ type: "S", name }), serialize.sync()]), {
      syncToFs: false,
    });
    const statement = { name, paramTypes: pgliteParse.parseDescribeStatementResults(messages) };
    prepared.set(sql, statement);
    return statement;
  };

  const runPrepared = async <R extends Row>(statement: Prepared, params: readonly unknown[], syncToFs: boolean): Promise<R[]> => {
    const values = params.map((value, index) => {
      if (value === null || value === undefined) return null;
      const serializer = db.serializers[statement.paramTypes[index]!];
      return serializer ? serializer(value) : String(value);
    });
    const { messages } = await db.execProtocol(
      Buffer.concat([serialize.bind({ statement: statement.name, values }), serialize.describe({ type: "P" }), serialize.execute({}), serialize.sync()]),
      { syncToFs },
    );
    return (pgliteParse.parseResults(messages, db.parsers)[0]?.rows ?? []) as R[];
  };

  /**
   * Runs `sql` prepared (or by `target`'s own query past the cap); `inTransaction`: `target` is a
   * transaction, which holds PGlite's transaction lock already.
   */
  const query = async <R extends Row>(
    target: Pick<PGlite, "query">,
    sql: string,
    params: readonly unknown[] | undefined,
    inTransaction: boolean,
    retry = true,
  ): Promise<R[]> => {
    const values = toParams(params);
    if (!prepared.has(sql) && prepared.size >= maxPreparedStatements) return (await target.query<R>(sql, values)).rows;
    const run = () => db._runExclusiveQuery(async () => runPrepared<R>(await prepare(sql), values, !inTransaction));
    try {
      return await (inTransaction ? run() : db._runExclusiveTransaction(run));
    } catch (error) {
      // A table changed under the statement (a migration): prepared again, once, outside a transaction.
      if (!isStalePlan(error)) throw error;
      prepared.delete(sql);
      if (inTransaction || !retry) throw error;
      return query<R>(target, sql, params, inTransaction, false);
    }
  };

  const wrap = (target: Pick<PGlite, "query" | "exec">, inTransaction: boolean): Transaction => ({
    query: <R extends Row = Row>(sql: string, params?: readonly unknown[]) => query<R>(target, sql, params, inTransaction),
    async exec(sql) {
      await target.exec(sql);
    },
  });

  return {
    kind: "pglite",
    ...wrap(db, false),
    transaction: (fn) => db.transaction((tx) => fn(wrap(tx, true))),
    async close() {
      if (!db.closed) await db.close();
    },
  };
}
