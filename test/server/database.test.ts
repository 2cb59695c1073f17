// Storage on the test database (PGlite, or PostgreSQL in the `postgres` suite): migrations
// applied once and recorded, modules' migration folders, full uint256 money columns.
import { expect } from "chai";
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { coreMigrationsDir, loadMigrations, migrate, type Store } from "../../server/src/db/index.ts";
import { createTestStore } from "./helpers/database.ts";

describe("relayer: database", function () {
  let store: Store;

  before(async function () {
    store = await createTestStore();
  });

  after(async function () {
    await store?.close();
  });

  it("applies the numbered migrations once and records them", async function () {
    const core = loadMigrations(coreMigrationsDir, "db");
    expect(core.map((migration) => migration.id)[0]).to.equal("db/0001_auth.sql");
    const first = await migrate(store, core);
    expect(first).to.deep.equal(core.map((migration) => migration.id));
    expect(await migrate(store, core)).to.deep.equal([]);
    const rows = await store.query<{ id: string }>("SELECT id FROM schema_migrations ORDER BY id");
    expect(rows.map((row) => row.id)).to.deep.equal(core.map((migration) => migration.id).sort());
  });

  it("runs another module's migration folder in file-name order, after the core", async function () {
    const dir = join(mkdtempSync(join(tmpdir(), "paykey-migrations-")), "merchants", "migrations");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "0101_prices.sql"), "ALTER TABLE stores ADD COLUMN price NUMERIC(78,0);");
    writeFileSync(join(dir, "0100_stores.sql"), "CREATE TABLE stores (id SERIAL PRIMARY KEY, name TEXT NOT NULL);");
    writeFileSync(join(dir, "notes.txt"), "ignored");
    const module = loadMigrations(dir);
    expect(module.map((migration) => migration.id)).to.deep.equal(["merchants/0100_stores.sql", "merchants/0101_prices.sql"]);
    expect(await migrate(store, [...loadMigrations(coreMigrationsDir, "db"), ...module])).to.deep.equal(module.map((m) => m.id));
    await store.query("INSERT INTO stores (name, price) VALUES ($1, $2)", ["Cafe", 12_500_000n]);
    const [row] = await store.query<{ price: string }>("SELECT price FROM stores");
    expect(BigInt(row!.price)).to.equal(12_500_000n);
  });

  it("rolls back a failing migration entirely", async function () {
    const bad = [{ id: "bad/0900_half.sql", file: "0900_half.sql", sql: "CREATE TABLE half_done (a INT); SELECT no_such_function();" }];
    let failure: unknown;
    try {
      await migrate(store, bad);
    } catch (error) {
      failure = error;
    }
    expect(String(failure)).to.include("Migration bad/0900_half.sql failed");
    const tables = await store.query("SELECT 1 FROM information_schema.tables WHERE table_name = 'half_done' AND table_schema = current_schema()");
    expect(tables).to.have.length(0);
  });

  it("stores a full uint256 in NUMERIC(78,0) without loss", async function () {
    const max = 2n ** 256n - 1n;
    await store.exec("CREATE TABLE money_probe (amount NUMERIC(78,0) NOT NULL)");
    await store.query("INSERT INTO money_probe (amount) VALUES ($1)", [max]);
    const [row] = await store.query<{ amount: string }>("SELECT amount FROM money_probe");
    expect(BigInt(row!.amount)).to.equal(max);
    let overflow: unknown;
    await store.query("INSERT INTO money_probe (amount) VALUES ($1)", [10n ** 78n]).catch((error: unknown) => (overflow = error));
    expect(overflow, "a value of 79 digits must not fit").to.not.equal(undefined);
  });

  it("rolls back a transaction that throws", async function () {
    await store.exec("CREATE TABLE tx_probe (n INT)");
    await store
      .transaction(async (tx) => {
        await tx.query("INSERT INTO tx_probe (n) VALUES (1)");
        throw new Error("abort");
      })
      .catch(() => {});
    expect(await store.query("SELECT * FROM tx_probe")).to.have.length(0);
  });

  it("prepares a statement once and still answers after its table gains a column (a migration) and after a statement fails", async function () {
    await store.exec("CREATE TABLE plan_probe (a INT)");
    await store.query("INSERT INTO plan_probe (a) VALUES ($1)", [1]);
    expect(await store.query("SELECT * FROM plan_probe WHERE a = $1", [1])).to.deep.equal([{ a: 1 }]);
    await store.exec("ALTER TABLE plan_probe ADD COLUMN b TEXT DEFAULT 'x'");
    expect(await store.query("SELECT * FROM plan_probe WHERE a = $1", [1])).to.deep.equal([{ a: 1, b: "x" }]);
    const failed = await store.query("INSERT INTO plan_probe (a) VALUES ($1)", ["not a number"]).catch((error: unknown) => error);
    expect((failed as { code?: string }).code).to.equal("22P02");
    expect(await store.query("SELECT count(*)::int AS n FROM plan_probe WHERE a = $1", [1])).to.deep.equal([{ n: 1 }]);
    expect(
      await store.transaction(async (tx) => {
        await tx.query("INSERT INTO plan_probe (a) VALUES ($1)", [2]);
        return tx.query("SELECT a FROM plan_probe WHERE a = $1", [2]);
      }),
    ).to.deep.equal([{ a: 2 }]);
  });
});
