// `npm test`: builds, then runs every suite and ends with one line `N passed, N failed`.
// On the way it says which suite runs ("suite k of n: name") and keeps a running count of
// the tests so far, at the end of each suite and every 50 results within one.
//
//   npm test                  every suite
//   npm test -- solidity      only the named suites (see scripts/lib/suites.ts)
//
// A suite that crashes before reporting counts as one failure; the exit code is non-zero
// when anything failed.
import { build } from "./build.ts";
import { hardhatBin, runCommand } from "./lib/run.ts";
import { testSuites, type TestSuite } from "./lib/suites.ts";

type Tally = { passed: number; failed: number; pending: number };

/** How many results within a suite between two progress lines. */
const progressEvery = 50;

function lastCount(output: string, word: string): number | undefined {
  const matches = [...output.matchAll(new RegExp(`^\\s*(\\d+) ${word}\\b`, "gm"))];
  const last = matches.at(-1);
  return last ? Number(last[1]) : undefined;
}

/**
 * Counts results as the reporter prints them (mocha's spec reporter and Hardhat's Solidity
 * reporter alike: "✔ title" passed, "N) title" failed) until the summary ("N passing"),
 * which lists the failures again.
 */
function liveCounter(onCount: (live: { passed: number; failed: number }) => void) {
  const live = { passed: 0, failed: 0 };
  let partial = "";
  let summary = false;
  return (chunk: string) => {
    const lines = (partial + chunk).split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines) {
      if (summary) return;
      if (/^\s*\d+ passing\b/.test(line)) summary = true;
      else if (/^\s*✔ /.test(line)) live.passed += 1;
      else if (/^\s*\d+\) \S/.test(line)) live.failed += 1;
      else continue;
      if (!summary && (live.passed + live.failed) % progressEvery === 0) onCount(live);
    }
  };
}

async function runSuite(suite: TestSuite, onCount: (live: { passed: number; failed: number }) => void): Promise<Tally> {
  const { code, output } = await runCommand(hardhatBin, suite.args, suite.env, liveCounter(onCount));
  const passed = lastCount(output, "passing") ?? 0;
  let failed = lastCount(output, "failing") ?? 0;
  const pending = lastCount(output, "pending") ?? 0;
  if (code !== 0 && failed === 0) {
    console.error(`suite ${suite.name} exited with code ${code} without reporting a failing test`);
    failed = 1;
  }
  return { passed, failed, pending };
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const total: Tally = { passed: 0, failed: 0, pending: 0 };
  const soFar = (extra = { passed: 0, failed: 0 }) =>
    `tests so far: ${total.passed + extra.passed} passed, ${total.failed + extra.failed} failed`;

  try {
    await build();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    console.log("0 passed, 1 failed");
    process.exit(1);
  }

  const suites = (await testSuites()).filter((suite) => only.length === 0 || only.includes(suite.name));
  for (const [index, suite] of suites.entries()) {
    const position = `suite ${index + 1} of ${suites.length}: ${suite.name}`;
    if (suite.unavailable) {
      if (process.env.CI === "true") {
        console.error(`\n=== ${position} cannot run on CI: ${suite.unavailable} ===`);
        total.failed += 1;
      } else {
        console.log(`\n=== ${position} skipped (${suite.unavailable}) ===`);
      }
      continue;
    }
    console.log(`\n=== ${position} — ${suite.description} ===\n`);
    const started = Date.now();
    const tally = await runSuite(suite, (live) => console.log(`\n[npm test] ${position}, ${soFar(live)}\n`));
    total.passed += tally.passed;
    total.failed += tally.failed;
    total.pending += tally.pending;
    const minutes = ((Date.now() - started) / 60_000).toFixed(1);
    console.log(`\n=== ${position} done in ${minutes} min: ${tally.passed} passed, ${tally.failed} failed; ${soFar()} ===`);
  }

  const pending = total.pending > 0 ? `, ${total.pending} pending` : "";
  console.log(`\n${total.passed} passed, ${total.failed} failed${pending}`);
  process.exit(total.failed > 0 ? 1 : 0);
}

await main();
