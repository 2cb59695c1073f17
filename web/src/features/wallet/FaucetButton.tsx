// Demo stablecoins (local and test chains only: shown when /api/config says `faucet`).
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import type { Hex } from "viem";
import { getTransactionReceipt } from "viem/actions";
import { useClient } from "wagmi";
import { useAppConfig } from "../../app/ConfigContext.tsx";
import { useErrorText } from "../../app/errors.ts";
import { api } from "../../api/http.ts";
import type { FaucetResult } from "@paykey/sdk/api";

export function FaucetButton({ onFunded }: { onFunded?: () => void }) {
  const { t } = useTranslation();
  const { faucet } = useAppConfig();
  const errorText = useErrorText();
  const client = useClient();
  const queryClient = useQueryClient();
  // The mint is one plain transaction: poll its receipt (a light loop instead of viem's block watcher).
  const waitForReceipt = async (hash: Hex) => {
    for (let attempt = 0; attempt < 100; attempt++) {
      const receipt = await getTransactionReceipt(client!, { hash }).catch(() => undefined);
      if (receipt) return receipt;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    throw new Error("The demo stablecoins were not minted in time; retry.");
  };
  const mutation = useMutation({
    mutationFn: async () => {
      const { transactionHash } = await api.post<FaucetResult>("/api/faucet");
      await waitForReceipt(transactionHash);
      return transactionHash;
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries();
      onFunded?.();
    },
  });
  if (!faucet) return null;
  return (
    <div className="faucet">
      <button type="button" data-testid="faucet" disabled={mutation.isPending} onClick={() => mutation.mutate()}>
        {mutation.isPending ? t("faucet.pending") : t("faucet.get")}
      </button>
      {mutation.isSuccess ? <p className="ok" data-testid="faucet-done">{t("faucet.done")}</p> : null}
      {mutation.error ? <p className="error" role="alert">{errorText(mutation.error)}</p> : null}
    </div>
  );
}
