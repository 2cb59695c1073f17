// The two local chain backends behind one call: Hardhat's node (the default, embedded EDR)
// and anvil. Their JSON-RPC differs in one place the scripts use: interval mining takes
// milliseconds on Hardhat and whole seconds on anvil.
import { startAnvil } from "./anvil.ts";
import { jsonRpc, startLocalChain, type LocalChain, type StartLocalChainParameters } from "./chain.ts";

export type ChainKind = LocalChain["kind"];

export const chainKinds: readonly ChainKind[] = ["hardhat", "anvil"];

/** `--chain` / `CHAIN` values: hardhat (default) or anvil; anything else is an error naming both. */
export function parseChainKind(value: string | undefined): ChainKind {
  const kind = (value ?? "hardhat").trim().toLowerCase();
  if (!(chainKinds as readonly string[]).includes(kind)) throw new Error(`unknown chain "${value}": use ${chainKinds.join(" or ")}`);
  return kind as ChainKind;
}

export function startChainBackend(kind: ChainKind, parameters: StartLocalChainParameters = {}): Promise<LocalChain> {
  return kind === "anvil" ? startAnvil(parameters) : startLocalChain(parameters);
}

/** From now on a block every `blockTimeMs` (whole seconds on anvil), whatever is pending; no automine. */
export async function setBlockTime(chain: LocalChain, blockTimeMs: number): Promise<void> {
  await jsonRpc(chain.url, "evm_setAutomine", [false]);
  if (chain.kind === "anvil") {
    if (blockTimeMs % 1000 !== 0) throw new Error(`anvil mines at whole seconds, not every ${blockTimeMs} ms`);
    await jsonRpc(chain.url, "evm_setIntervalMining", [blockTimeMs / 1000]);
  } else {
    await jsonRpc(chain.url, "evm_setIntervalMining", [blockTimeMs]);
  }
}
