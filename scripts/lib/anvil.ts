// Runs anvil (Foundry's local node, from the npm package @foundry-rs/anvil) as a JSON-RPC
// server in a child process: the second chain backend, next to Hardhat's in-process chain,
// for `npm start -- --chain anvil`, `bench:relayer -- --chain anvil`, `bench:peer` and the
// relayer's integration test over HTTP.
//
// The same chain as `hardhat node` from the relayer's point of view: chain id 31337, the same
// development mnemonic (20 funded accounts), a 60M block gas limit, base fee 1 gwei, and the
// Osaka hardfork, whose P-256 precompile (EIP-7951, at 0x100) PaykeyAccount uses. anvil also
// has the deterministic CREATE2 deployer (0x4e59…956C), so the canonical EntryPoint v0.8 can
// be deployed at its public address (see scripts/lib/canonicalEntryPoint.ts).
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { freePort, rpcAnswers, untilAnswering, type LocalChain, type StartLocalChainParameters } from "./chain.ts";
import { hardhatMnemonic } from "./devAccounts.ts";
import { projectRoot } from "./run.ts";

const require = createRequire(import.meta.url);

/**
 * The anvil binary itself (not the npm wrapper, which is a Node process spawning it): its pid
 * is the one whose CPU time the benchmarks read. The wrapper's postinstall is not needed.
 */
export function anvilBinary(): string {
  const arch = process.arch === "x64" ? "amd64" : process.arch;
  try {
    const binary = join(dirname(require.resolve(`@foundry-rs/anvil-${process.platform}-${arch}/package.json`)), "bin", "anvil");
    if (existsSync(binary)) return binary;
  } catch {
    // no platform package: fall through to the wrapper
  }
  const wrapper = join(projectRoot, "node_modules", ".bin", "anvil");
  if (existsSync(wrapper)) return wrapper;
  throw new Error(`anvil is not installed for ${process.platform}-${process.arch} (npm package @foundry-rs/anvil)`);
}

export type StartAnvilParameters = StartLocalChainParameters & {
  /** EVM hardfork (default osaka: P-256 precompile at 0x100; prague has none). */
  hardfork?: string;
};

/** Starts anvil and resolves once it answers `eth_chainId`. */
export async function startAnvil(parameters: StartAnvilParameters = {}): Promise<LocalChain> {
  const host = parameters.host ?? "127.0.0.1";
  const port = parameters.port || (await freePort(host));
  const url = `http://${host}:${port}`;
  if (await rpcAnswers(url)) throw new Error(`something already answers JSON-RPC at ${url}`);

  const args = [
    ["--host", host],
    ["--port", String(port)],
    ["--chain-id", "31337"],
    ["--mnemonic", hardhatMnemonic],
    ["--accounts", "20"],
    ["--gas-limit", "60000000"],
    ["--hardfork", parameters.hardfork ?? "osaka"],
    // The "demo" network of hardhat.config.ts begins five weeks ago; anvil's genesis does the same.
    parameters.network === "demo" ? ["--timestamp", String(Math.floor(Date.now() / 1000) - 35 * 86_400)] : [],
  ].flat();
  const child = spawn(anvilBinary(), [...args, ...(parameters.verbose ? [] : ["--silent"])], {
    cwd: projectRoot,
    stdio: ["ignore", parameters.verbose ? "inherit" : "ignore", "inherit"],
  });
  const stop = await untilAnswering(child, url, "anvil");
  return { kind: "anvil", url, port, process: child, stop };
}
