// `npm test`: builds, then runs every suite and ends with one line `N passed, N failed`.
//
//   npm test                  every suite
//   npm test -- solidity      only the named suites (solidity, mocha, postgres, e2e)
//
// A suite that crashes before reporting counts as one failure; the exit code is non-zero
// when anything failed.
import { build } from "./build.ts";
import { hardhatBin, runCommand } from "./lib/run.ts";
import { testSuites, type TestSuite } from "./lib/suites.ts";

type Tally = { passed: number; failed: number; pending: number };

function lastCount(output: string, word: string): number | undefined {
  const matches = [...output.matchAll(new RegExp(`^\\s*(\\d+) ${word}\\b`, "gm"))];
  const last = matches.at(-1);
  return last ? Number(last[1]) : undefined;
}

async function runSuite(suite: TestSuite): Promise<Tally> {
  console.log(`\n=== ${suite.name}: ${suite.description} ===\n`);
  const { code, output } = await runCommand(hardhatBin, suite.args, suite.env);
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

  try {
    await build();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    console.log("0 passed, 1 failed");
    process.exit(1);
  }

  const suites = await testSuites();
  for (const suite of suites) {
    if (only.length > 0 && !only.includes(suite.name)) continue;
    if (suite.unavailable) {
      if (process.env.CI === "true") {
        console.error(`suite ${suite.name} cannot run on CI: ${suite.unavailable}`);
        total.failed += 1;
      } else {
        console.log(`\n=== ${suite.name}: skipped (${suite.unavailable}) ===`);
      }
      continue;
    }
    const tally = await runSuite(suite);
    total.passed += tally.passed;
    total.failed += tally.failed;
    total.pending += tally.pending;
  }

  const pending = total.pending > 0 ? `, ${total.pending} pending` : "";
  console.log(`\n${total.passed} passed, ${total.failed} failed${pending}`);
  process.exit(total.failed > 0 ? 1 : 0);
}

await main();
