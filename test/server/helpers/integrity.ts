// After a battery of bad input: no half-written row anywhere. Every table's own constraints are
// checked again row by row (NOT NULL, CHECK, foreign keys, read from the catalog, so a table a
// module adds is covered too), then what the constraints cannot say: the outbox's states and
// the fields each state needs, bundles with their transactions, users with their passkeys,
// sponsorships with their settlement.
import type { Queryable } from "../../../server/src/db/store.ts";

type Check = { name: string; sql: string };

const quote = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;

/** Checks that read the catalog: one per NOT NULL column, CHECK constraint and foreign key of every table. */
async function constraintChecks(db: Queryable): Promise<Check[]> {
  const checks: Check[] = [];
  const columns = await db.query<{ table_name: string; column_name: string }>(
    `SELECT table_name, column_name FROM information_schema.columns
      WHERE table_schema = current_schema() AND is_nullable = 'NO' ORDER BY table_name, column_name`,
  );
  for (const { table_name: table, column_name: column } of columns) {
    checks.push({ name: `${table}.${column} NOT NULL`, sql: `SELECT count(*) AS count FROM ${quote(table)} WHERE ${quote(column)} IS NULL` });
  }
  const constraints = await db.query<{ table_name: string; name: string; type: string; definition: string; foreign_table: string | null }>(
    `SELECT c.conrelid::regclass::text AS table_name, c.conname AS name, c.contype AS type, pg_get_constraintdef(c.oid) AS definition,
            CASE WHEN c.contype = 'f' THEN c.confrelid::regclass::text END AS foreign_table
       FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
      WHERE n.nspname = current_schema() AND c.contype IN ('c', 'f')
      ORDER BY 1, 2`,
  );
  for (const constraint of constraints) {
    if (constraint.type === "c") {
      const expression = /^CHECK \((.*)\)$/s.exec(constraint.definition)?.[1];
      if (!expression) throw new Error(`cannot read ${constraint.name}: ${constraint.definition}`);
      checks.push({ name: `${constraint.table_name} ${constraint.name}`, sql: `SELECT count(*) AS count FROM ${constraint.table_name} WHERE NOT (${expression})` });
    } else {
      const match = /^FOREIGN KEY \(([^)]+)\) REFERENCES [^(]+\(([^)]+)\)/.exec(constraint.definition);
      if (!match) throw new Error(`cannot read ${constraint.name}: ${constraint.definition}`);
      const [child, parent] = [match[1]!.split(", "), match[2]!.split(", ")];
      const joins = child.map((column, at) => `p.${parent[at]} = c.${column}`).join(" AND ");
      const present = child.map((column) => `c.${column} IS NOT NULL`).join(" AND ");
      checks.push({
        name: `${constraint.table_name} ${constraint.name}`,
        sql: `SELECT count(*) AS count FROM ${constraint.table_name} c WHERE ${present} AND NOT EXISTS (SELECT 1 FROM ${constraint.foreign_table} p WHERE ${joins})`,
      });
    }
  }
  return checks;
}

/** What a row in each state must hold (not expressible as a constraint of one row). */
const stateChecks: Check[] = [
  { name: "user without a passkey", sql: "SELECT count(*) AS count FROM users u WHERE NOT EXISTS (SELECT 1 FROM credentials c WHERE c.user_id = u.id)" },
  { name: "session ending before it began", sql: "SELECT count(*) AS count FROM sessions WHERE expires_at <= created_at" },
  { name: "challenge expiring before it was issued", sql: "SELECT count(*) AS count FROM auth_challenges WHERE expires_at <= created_at" },
  {
    name: "sponsorship whose settlement does not match its status",
    sql: `SELECT count(*) AS count FROM sponsorships
           WHERE (status = 'included') <> (user_operation_hash IS NOT NULL AND actual_gas_used IS NOT NULL AND actual_gas_cost IS NOT NULL)`,
  },
  { name: "operation waiting in a bundle", sql: "SELECT count(*) AS count FROM user_operations WHERE status = 'received' AND bundle_id IS NOT NULL" },
  {
    name: "submitted operation without a live bundle",
    sql: `SELECT count(*) AS count FROM user_operations o
           WHERE o.status = 'submitted' AND NOT EXISTS (SELECT 1 FROM bundles b WHERE b.id = o.bundle_id AND b.status = 'submitted')`,
  },
  {
    name: "included operation without its receipt",
    sql: `SELECT count(*) AS count FROM user_operations
           WHERE status = 'included' AND (success IS NULL OR transaction_hash IS NULL OR block_number IS NULL OR actual_gas_cost IS NULL)`,
  },
  { name: "failed operation without a reason", sql: "SELECT count(*) AS count FROM user_operations WHERE status = 'failed' AND failure_reason IS NULL" },
  { name: "bundle without a signed transaction", sql: "SELECT count(*) AS count FROM bundles b WHERE NOT EXISTS (SELECT 1 FROM bundle_transactions t WHERE t.bundle_id = b.id)" },
  { name: "included bundle without its transaction", sql: "SELECT count(*) AS count FROM bundles WHERE status = 'included' AND (transaction_hash IS NULL OR block_number IS NULL)" },
];

/** Lines naming each check that found rows (empty: nothing half-written), and how many checks ran. */
export async function findHalfWrittenRows(db: Queryable): Promise<{ problems: string[]; checked: number }> {
  const tables = new Set(
    (await db.query<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()")).map((row) => row.table_name),
  );
  const checks = [...(await constraintChecks(db)), ...stateChecks.filter((check) => [...check.sql.matchAll(/FROM (\w+)/g)].every((match) => tables.has(match[1]!)))];
  const problems: string[] = [];
  for (const check of checks) {
    const [row] = await db.query<{ count: string | number }>(check.sql);
    if (Number(row?.count ?? 0) > 0) problems.push(`${check.name}: ${row!.count} row(s)`);
  }
  return { problems, checked: checks.length };
}
