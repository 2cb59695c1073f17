// wagmi configuration, built from the relayer's /api/config at start-up: one chain (the relayer's), the
// passkey connector and any injected EIP-1193 browser wallet.
import { type Chain, defineChain } from "viem";
import { http, createConfig, createStorage } from "wagmi";
import { injected } from "wagmi/connectors";
import type { AppConfig } from "@paykey/sdk/api";
import { localChainId } from "@paykey/sdk/chain";
import { paykey } from "./connector/paykeyConnector.ts";

/** An absolute URL for a path the config may give relatively (`/chain`). */
export const absoluteUrl = (url: string) => new URL(url, window.location.origin).href;

export function chainOf(config: AppConfig): Chain {
  const rpc = absoluteUrl(config.chainRpcUrl);
  return defineChain({
    id: config.chainId,
    name: config.chainId === localChainId ? "Paykey local" : `Chain ${config.chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [rpc] } },
    ...(config.explorerUrl ? { blockExplorers: { default: { name: "Explorer", url: config.explorerUrl } } } : {}),
  });
}

export function createWagmiConfig(config: AppConfig) {
  const chain = chainOf(config);
  const chainRpcUrl = absoluteUrl(config.chainRpcUrl);
  return createConfig({
    chains: [chain],
    connectors: [
      paykey({
        chain,
        chainRpcUrl,
        relayerRpcUrl: absoluteUrl("/rpc"),
        entryPoint: config.contracts.entryPoint,
        accountFactory: config.contracts.accountFactory,
      }),
      injected({ shimDisconnect: true }),
    ],
    multiInjectedProviderDiscovery: false,
    transports: { [chain.id]: http(chainRpcUrl) },
    storage: createStorage({ storage: window.localStorage, key: "paykey.wagmi" }),
    pollingInterval: 1_000,
  });
}

export type WagmiConfig = ReturnType<typeof createWagmiConfig>;
