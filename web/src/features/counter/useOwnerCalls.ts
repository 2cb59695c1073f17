// The owner's on-chain steps from the counter's tabs: the relayer builds the calls (setMerchantOperator,
// updateMerchant), the owner's passkey account sends them as one sponsored operation, then the relayer
// is asked to read the chain again. One mutation per step, refreshing the tab's queries after it.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { Call } from "@paykey/sdk/api";
import { useSendOperation } from "../operations/useSendOperation.ts";

export function useOwnerCalls<T>(run: (send: (calls: readonly Call[]) => Promise<void>, input: T) => Promise<void>, refresh: readonly unknown[]) {
  const queryClient = useQueryClient();
  const operation = useSendOperation();
  return useMutation({
    mutationFn: async (input: T) => {
      operation.reset();
      await run(async (calls) => {
        if (calls.length > 0) await operation.send(calls);
      }, input);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: refresh }),
  });
}
