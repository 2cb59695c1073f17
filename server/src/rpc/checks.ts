// Parameter checks shared by the methods: the EntryPoint and chain this relayer serves.
import type { Address } from "viem";
import type { Config } from "../config.ts";
import { InvalidParamsError } from "../errors/rpc.ts";

export function assertEntryPoint(config: Config, entryPoint: Address): void {
  if (entryPoint.toLowerCase() !== config.contracts.entryPoint.toLowerCase()) {
    throw new InvalidParamsError(`EntryPoint ${entryPoint} is not supported; use ${config.contracts.entryPoint}.`, {
      reason: "unsupported_entry_point",
      supported: [config.contracts.entryPoint],
    });
  }
}

export function assertChain(config: Config, chainId: number): void {
  if (chainId !== config.chain.id) {
    throw new InvalidParamsError(`Chain ${chainId} is not served here; this relayer serves chain ${config.chain.id}.`, {
      reason: "unsupported_chain",
      chainId: config.chain.id,
    });
  }
}
