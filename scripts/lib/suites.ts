// The test suites `npm test` runs, in order. A suite that needs something this machine
// lacks (a browser, a PostgreSQL server) says so in `unavailable`: skipped locally, a
// failure on CI (`CI=true`).
import { readdir } from "node:fs/promises";
import { join, relative } from "node:path";
import pg from "pg";
import { findChromium } from "./chromium.ts";
import { projectRoot } from "./run.ts";

/** The PostgreSQL server the `postgres` suite uses (`.ci/run` sets PAYKEY_TEST_POSTGRES_URL). */
const postgresUrl = process.env.PAYKEY_TEST_POSTGRES_URL || "postgres://paykey:paykey@127.0.0.1:5432/paykey_test";

async function postgresUnavailable(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: postgresUrl, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return undefined;
  } catch (error) {
    return `no PostgreSQL at ${postgresUrl.replace(/\/\/[^@]*@/, "//")}: ${error instanceof Error ? error.message : error}`;
  } finally {
    await client.end().catch(() => {});
  }
}

export type TestSuite = {
  name: string;
  description: string;
  /** Arguments to `hardhat`. */
  args: string[];
  env?: NodeJS.ProcessEnv;
  unavailable?: string;
};

async function testFiles(dir: string): Promise<string[]> {
  const entries = await readdir(join(projectRoot, dir), { withFileTypes: true, recursive: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith(".test.ts"))
    .map((entry) => relative(projectRoot, join(entry.parentPath, entry.name)))
    .sort();
}

export async function testSuites(): Promise<TestSuite[]> {
  const mochaFiles = (await testFiles("test")).filter((file) => !file.startsWith("test/e2e/"));
  // Several relayers on one database need PostgreSQL: only the postgres suite runs them.
  const postgresOnly = (file: string) => file.startsWith("test/server/postgres/");
  return [
    {
      name: "typecheck",
      description: "The whole project's TypeScript types (tsc --noEmit -p .)",
      args: ["test", "mocha", "--no-compile", "test/layout/typecheck.check.ts"],
    },
    {
      name: "solidity",
      description: "Solidity unit, fuzz and invariant tests",
      args: ["test", "solidity", "--no-compile"],
    },
    {
      name: "mocha",
      description: "TypeScript tests against the in-process chain (database: PGlite)",
      args: ["test", "mocha", "--no-compile", ...mochaFiles.filter((file) => !postgresOnly(file))],
    },
    {
      name: "postgres",
      description:
        "The relayer's tests (test/server/**, but npm start, which always uses PGlite) again, on PostgreSQL, and several relayers on one database (test/server/postgres)",
      args: ["test", "mocha", "--no-compile", ...mochaFiles.filter((file) => file.startsWith("test/server/") && file !== "test/server/start.test.ts")],
      env: { PAYKEY_TEST_DATABASE: "postgres", PAYKEY_TEST_POSTGRES_URL: postgresUrl },
      unavailable: await postgresUnavailable(),
    },
    {
      name: "e2e",
      description: "The web app end to end in Chromium with virtual passkeys (test/e2e)",
      args: ["test", "mocha", "--no-compile", ...(await testFiles("test/e2e"))],
      env: { PAYKEY_CHROMIUM: findChromium() ?? "" },
      unavailable: findChromium() ? undefined : "no Chromium: set PAYKEY_CHROMIUM or apt-get install chromium",
    },
  ];
}
