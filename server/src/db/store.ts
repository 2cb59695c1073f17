// One storage interface over two backends: embedded PGlite (default) and PostgreSQL
// (DATABASE_URL). Both speak the same SQL; every query goes through `query` with numbered
// parameters. Values come back as the drivers give them: NUMERIC as a string (convert with
// BigInt), TIMESTAMPTZ as a Date, JSONB parsed.
import { BaseError } from "../errors/base.ts";

export type Row = Record<string, unknown>;

export type Queryable = {
  query<R extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<R[]>;
};

export type Transaction = Queryable & {
  /** Runs several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
};

export type Store = Transaction & {
  readonly kind: "pglite" | "postgres";
  /** Runs `fn` in one transaction; inside it use only the `tx` it receives. */
  transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T>;
  close(): Promise<void>;
};

export class StoreError extends BaseError {
  constructor(shortMessage: string, parameters: { cause?: unknown; details?: string } = {}) {
    super(shortMessage, { ...parameters, name: "StoreError" });
  }
}

/** Drivers differ on bigint parameters; both accept decimal strings. */
export function toParams(params: readonly unknown[] = []): unknown[] {
  return params.map((value) => (typeof value === "bigint" ? value.toString() : value));
}

/** A schema name is interpolated into SQL, so it must be a plain identifier. */
export function assertIdentifier(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new StoreError(`Invalid schema name ${JSON.stringify(name)}.`);
  return name;
}
