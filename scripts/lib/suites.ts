// The test suites `npm test` runs, in order. A suite that needs something this machine
// lacks (a browser, a PostgreSQL server) says so in `unavailable`: skipped locally, a
// failure on CI (`CI=true`).
import { readdir } from "node:fs/promises";
import { join, relative } from "node:path";
import { projectRoot } from "./run.ts";

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
  return [
    {
      name: "solidity",
      description: "Solidity unit, fuzz and invariant tests",
      args: ["test", "solidity", "--no-compile"],
    },
    {
      name: "mocha",
      description: "TypeScript tests against the in-process chain (database: PGlite)",
      args: ["test", "mocha", "--no-compile", ...mochaFiles],
    },
  ];
}
