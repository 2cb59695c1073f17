// The connected account's stablecoin balances (base units), read from the chain.
import { type Address, erc20Abi } from "viem";
import { useReadContracts } from "wagmi";
import { useAppConfig } from "../../app/ConfigContext.tsx";

export function useBalances(address: Address | undefined) {
  const { tokens } = useAppConfig();
  const query = useReadContracts({
    contracts: tokens.map((token) => ({ address: token.address, abi: erc20Abi, functionName: "balanceOf", args: [address!] }) as const),
    query: { enabled: Boolean(address), refetchInterval: 4_000 },
  });
  const balances = tokens.map((token, index) => ({
    ...token,
    balance: (query.data?.[index]?.result as bigint | undefined) ?? undefined,
  }));
  return { balances, refetch: query.refetch, isLoading: query.isLoading };
}
