// Pimlico's Alto bundler (npm @pimlico/alto, a dev dependency) as a child process for
// bench:peer: its CLI with the EntryPoint, executor keys, the chain's RPC and a port; ready
// once it answers eth_supportedEntryPoints.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { Address, Hex } from "viem";
import { freePort } from "../../lib/chain.ts";
import { projectRoot } from "../../lib/run.ts";

const require = createRequire(import.meta.url);

export type Alto = { url: string; process: ChildProcess; version: string; stop(): Promise<void> };

/** The package's folder (its package.json is not exported; its main entry is esm/index.js). */
const altoDir = () => dirname(dirname(require.resolve("@pimlico/alto")));

export function altoVersion(): string {
  return (JSON.parse(readFileSync(join(altoDir(), "package.json"), "utf8")) as { version: string }).version;
}

export async function startAlto(parameters: {
  rpcUrl: string;
  entryPoint: Address;
  executorKeys: readonly Hex[];
  utilityKey: Hex;
  /** ERC-7562 validation with debug_traceCall and Alto's JS tracer; false: eth_call simulation only. */
  safeMode: boolean;
  blockTimeMs: number;
  logLevel?: string;
}): Promise<Alto> {
  const port = await freePort();
  const cli = join(altoDir(), "esm", "cli", "alto.js");
  const args = {
    entrypoints: parameters.entryPoint,
    "executor-private-keys": parameters.executorKeys.join(","),
    "utility-private-key": parameters.utilityKey,
    "rpc-url": parameters.rpcUrl,
    port: String(port),
    "safe-mode": String(parameters.safeMode),
    "block-time": String(parameters.blockTimeMs),
    "refilling-wallets": "false",
    "log-level": parameters.logLevel ?? "warn",
    json: "true",
  };
  const child = spawn(process.execPath, [cli, ...Object.entries(args).flatMap(([name, value]) => [`--${name}`, value])], {
    cwd: projectRoot,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000));
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`alto exited (code ${child.exitCode}):\n${output}`);
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_supportedEntryPoints", params: [] }),
      });
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`alto did not answer within 60 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
      setTimeout(() => child.kill("SIGKILL"), 10_000).unref();
    });
  return { url, process: child, version: altoVersion(), stop };
}
