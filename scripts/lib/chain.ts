// Runs Hardhat's chain (EDR) as a JSON-RPC server in a child process, for
// `npm start`, benchmarks and tests that need a chain which outlives another process.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { resolve } from "node:path";
import { hardhatBin, projectRoot } from "./run.ts";

export type LocalChain = {
  /** Which node serves the chain: Hardhat's (EDR) or anvil (scripts/lib/anvil.ts). */
  kind: "hardhat" | "anvil";
  url: string;
  port: number;
  process: ChildProcess;
  stop: () => Promise<void>;
};

export type StartLocalChainParameters = {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Print the node's own output. */
  verbose?: boolean;
  /** A network of hardhat.config.ts to run (default: the default network). */
  network?: string;
};

/** Asks the OS for a free TCP port on the loopback interface. */
export function freePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** One JSON-RPC request to a node; a JSON-RPC error is thrown with the method's name. */
export async function jsonRpc(url: string, method: string, params: unknown[]): Promise<unknown> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const body = (await response.json()) as { result?: unknown; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result;
}

export async function rpcAnswers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
    });
    return response.ok;
  } catch {
    return false;
  }
}

/**
 * Waits until the node `child` answers JSON-RPC at `url` (60 s at most; killed if it does
 * not), and returns how to stop it (SIGTERM, resolved once it exited).
 */
export async function untilAnswering(child: ChildProcess, url: string, name: string): Promise<() => Promise<void>> {
  const exited = new Promise<never>((_, reject) => child.once("exit", (code) => reject(new Error(`${name} exited early (code ${code})`))));
  exited.catch(() => {});
  const ready = (async () => {
    for (let attempt = 0; attempt < 600; attempt++) {
      if (await rpcAnswers(url)) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`${name} did not answer at ${url} within 60 s`);
  })();
  try {
    await Promise.race([ready, exited]);
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  }
  return () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });
}

/**
 * Starts Hardhat's chain (EDR) as a JSON-RPC server (scripts/lib/chainNode.ts, `hardhat node`
 * with a faster HTTP front) and resolves once it answers `eth_chainId`.
 */
export async function startLocalChain(parameters: StartLocalChainParameters = {}): Promise<LocalChain> {
  const host = parameters.host ?? "127.0.0.1";
  const port = parameters.port || (await freePort(host));
  const url = `http://${host}:${port}`;
  if (await rpcAnswers(url)) throw new Error(`something already answers JSON-RPC at ${url}`);

  const network = parameters.network ? ["--network", parameters.network] : [];
  const child = spawn(hardhatBin, [...network, "run", "--no-compile", resolve(projectRoot, "scripts", "lib", "chainNode.ts")], {
    cwd: projectRoot,
    stdio: ["ignore", parameters.verbose ? "inherit" : "ignore", "inherit"],
    env: { ...process.env, FORCE_COLOR: "0", PAYKEY_CHAIN_HOST: host, PAYKEY_CHAIN_PORT: String(port) },
  });
  const stop = await untilAnswering(child, url, "the Hardhat chain");
  return { kind: "hardhat", url, port, process: child, stop };
}
