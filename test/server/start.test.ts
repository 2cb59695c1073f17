// `npm start` (scripts/dev.ts) end to end, as a person runs it: it builds, starts the chain,
// deploys, starts the relayer and prints one URL to open and the relayer's RPC URL; both
// answer; Ctrl-C (SIGINT) stops the relayer and the chain and exits with code 0. Free ports,
// a temporary data directory and deployment file, so a running `npm start` is not disturbed.
import { expect } from "chai";
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { projectRoot } from "../../scripts/lib/run.ts";
import { createPgliteStore } from "../../server/src/db/index.ts";
import { localChainId } from "@paykey/sdk/chain";

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}' });
    return response.ok;
  } catch {
    return false;
  }
}

describe("npm start (scripts/dev.ts)", function () {
  this.timeout(180_000);

  it("prints the URL to open and the relayer RPC URL, serves both, and stops everything on Ctrl-C", async function () {
    const workDir = mkdtempSync(join(tmpdir(), "paykey-start-"));
    const child = spawn(process.execPath, ["scripts/dev.ts"], {
      cwd: projectRoot,
      env: {
        PATH: process.env.PATH ?? "",
        CHAIN_PORT: "0",
        PORT: "0",
        DATA_DIR: join(workDir, "relayer"),
        DEPLOYMENT_FILE: join(workDir, `${localChainId}.json`),
        PAYKEY_SKIP_WEB_BUILD: "1",
        LOG_LEVEL: "warn",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    try {
      const deadline = Date.now() + 150_000;
      while (!output.includes("Press Ctrl-C to stop.")) {
        if (child.exitCode !== null) throw new Error(`npm start exited early:\n${output}`);
        if (Date.now() > deadline) throw new Error(`npm start did not come up:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      const opens = [...output.matchAll(/^\s*Open (http:\/\/localhost:\d+)/gm)].map((match) => match[1]!);
      expect(opens, output).to.have.length(1);
      const appUrl = opens[0]!;
      expect(output).to.include(`Relayer RPC            ${appUrl}/rpc`);
      const chainUrl = /Chain JSON-RPC\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(output)![1]!;

      const health = (await (await fetch(`${appUrl}/health`)).json()) as { status: string; chainId: number };
      expect(health).to.include({ status: "ok", chainId: localChainId });
      const entryPoints = (await (
        await fetch(`${appUrl}/rpc`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"jsonrpc":"2.0","id":1,"method":"eth_supportedEntryPoints","params":[]}' })
      ).json()) as { result: string[] };
      expect(entryPoints.result).to.have.length(1);
      expect(await answers(chainUrl)).to.equal(true);

      child.kill("SIGINT");
      expect(await exited).to.equal(0);
      expect(output).to.include("SIGINT: stopping the relayer and the chain");
      expect(await answers(chainUrl)).to.equal(false);
      expect(await fetch(`${appUrl}/health`).then(() => "up", () => "down")).to.equal("down");
      // The relayer closed its database cleanly: it opens again.
      const store = await createPgliteStore({ dataDir: join(workDir, "relayer") });
      const [row] = await store.query<{ count: string }>("SELECT count(*) AS count FROM schema_migrations");
      await store.close();
      expect(Number(row!.count)).to.be.greaterThan(0);
    } finally {
      // Stopped the way a person stops it, so that the chain it started stops too.
      if (child.exitCode === null) {
        child.kill("SIGINT");
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000))]);
        if (child.exitCode === null) child.kill("SIGKILL");
      }
    }
  });
});
