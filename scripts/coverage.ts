// `npm run coverage`: contract line coverage (Hardhat's --coverage) over every test that drives
// the contracts in-process — the Solidity tests (contracts/test) and the TypeScript contract and
// wallet tests (test/contracts, test/wallet: real WebAuthn signatures, which the Solidity tests
// do not build). The relayer and browser tests run the contracts in other processes and add
// nothing here. Prints Hardhat's table, then the line coverage of the shipped contracts alone
// (test fixtures and mocks left out) and writes it to coverage/summary.json; exits non-zero
// when that figure is below 95 %.
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { build } from "./build.ts";
import { hardhatBin, projectRoot, runCommand } from "./lib/run.ts";

const minimumLinePercent = 95;

async function filesUnder(dir: string, suffix: string): Promise<string[]> {
  const entries = await readdir(join(projectRoot, dir), { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith(suffix))
    .map((entry) => relative(projectRoot, join(entry.parentPath, entry.name)))
    .sort();
}

await build({ web: false });
const tests = [
  ...(await filesUnder("contracts/test", ".t.sol")),
  ...(await filesUnder("test/contracts", ".test.ts")),
  ...(await filesUnder("test/wallet", ".test.ts")),
];
const { code } = await runCommand(hardhatBin, ["--coverage", "test", ...tests], { PAYKEY_COVERAGE: "1" });
if (code !== 0) process.exit(code);

// Exact totals from the LCOV file Hardhat writes: LF (lines found) and LH (lines hit) per file.
type FileCoverage = { file: string; lines: number; hit: number; uncovered: number[] };
const files: FileCoverage[] = [];
for (const record of (await readFile(join(projectRoot, "coverage", "lcov.info"), "utf8")).split("end_of_record")) {
  const file = /^SF:(.+)$/m.exec(record)?.[1];
  if (!file) continue;
  const uncovered = [...record.matchAll(/^DA:(\d+),0$/gm)].map((match) => Number(match[1]));
  files.push({ file: relative(projectRoot, resolve(projectRoot, file)), lines: Number(/^LF:(\d+)$/m.exec(record)?.[1] ?? 0), hit: Number(/^LH:(\d+)$/m.exec(record)?.[1] ?? 0), uncovered });
}
const shipped = files.filter((entry) => entry.file.startsWith("contracts/") && !entry.file.startsWith("contracts/test/"));
if (shipped.length === 0) {
  console.error("coverage: coverage/lcov.info lists no shipped contract");
  process.exit(1);
}
const lines = shipped.reduce((sum, entry) => sum + entry.lines, 0);
const hit = shipped.reduce((sum, entry) => sum + entry.hit, 0);
const linePercent = Number(((hit / lines) * 100).toFixed(2));
console.log(`\nShipped contracts (${shipped.length} files, test fixtures and mocks left out): ${hit} of ${lines} lines, ${linePercent} %`);
for (const entry of shipped.filter((item) => item.hit < item.lines)) {
  console.log(`  ${entry.file}: ${entry.hit}/${entry.lines}, uncovered lines ${entry.uncovered.join(", ")}`);
}
await writeFile(join(projectRoot, "coverage", "summary.json"), `${JSON.stringify({ linePercent, lines, hit, files: shipped }, null, 2)}\n`);
if (linePercent < minimumLinePercent) {
  console.error(`coverage: ${linePercent} % is below ${minimumLinePercent} %`);
  process.exit(1);
}
