// `tsc --noEmit -p .` over the whole project (server, web, sdk, scripts, tests), run by `npm test` as its own
// suite (scripts/lib/suites.ts) so that type drift — an API schema changed on one side, a renamed export —
// fails the build. Not a `*.test.ts`: the mocha suite does not run it a second time.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { expect } from "chai";
import { projectRoot } from "../../scripts/lib/run.ts";

describe("typecheck", function () {
  it("the whole project type-checks (tsc --noEmit -p .)", async function () {
    // A full check takes ~30 s on an idle machine; several times that on a loaded one.
    this.timeout(15 * 60_000);
    const tsc = join(projectRoot, "node_modules", ".bin", "tsc");
    const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve, reject) => {
      const child = spawn(tsc, ["--noEmit", "-p", "."], { cwd: projectRoot, stdio: ["ignore", "pipe", "pipe"] });
      let output = "";
      child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
      child.on("error", reject);
      child.on("close", (exitCode) => resolve({ code: exitCode, output }));
    });
    expect(code, output).to.equal(0);
  });
});
