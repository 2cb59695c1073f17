// The connected account's stablecoin balances (base units), read from the chain: one `balanceOf` call per
// token through wagmi's client (two tokens: plain calls are lighter than shipping multicall for them).
import { useQuery } from "@tanstack/react-query";
import { type Address, erc20Abi } from "viem";
import { readContract } from "viem/actions";
import { useClient } from "wagmi";
import { useAppConfig } from "../../app/ConfigContext.tsx";

export function useBalances(address: Address | undefined) {
  const { tokens } = useAppConfig();
  const client = useClient();
  const query = useQuery({
    queryKey: ["balances", address],
    queryFn: () =>
      Promise.all(tokens.map((token) => readContract(client!, { address: token.address, abi: erc20Abi, functionName: "balanceOf", args: [address!] }))),
    enabled: Boolean(address && client),
    refetchInterval: 4_000,
  });
  const balances = tokens.map((token, index) => ({ ...token, balance: query.data?.[index] }));
  return { balances, refetch: query.refetch, isLoading: query.isLoading };
}
