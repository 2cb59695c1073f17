// Register a store: the relayer prepares escrow.registerMerchant (payout = this account), the passkey signs it
// as a sponsored operation, and the relayer confirms the registration from the transaction's receipt.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Hex } from "viem";
import { useAppConfig } from "../../app/ConfigContext.tsx";
import { useErrorText } from "../../app/errors.ts";
import { api } from "../../api/http.ts";
import type { Currency, Store } from "@paykey/sdk/api";
import { OperationProgress } from "../operations/OperationProgress.tsx";
import { useSendOperation } from "../operations/useSendOperation.ts";

export function RegisterStore() {
  const { t } = useTranslation();
  const { tokens } = useAppConfig();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const operation = useSendOperation();
  const [name, setName] = useState("");
  const [currency, setCurrency] = useState<Currency>(tokens[0]?.currency ?? "USD");

  const register = useMutation({
    mutationFn: async () => {
      operation.reset();
      const { store, calls } = await api.post<{ store: Store; calls: { to: Hex; data: Hex }[] }>("/api/stores", { name: name.trim(), currency });
      const sent = await operation.send(calls);
      return (await api.post<{ store: Store }>(`/api/stores/${store.id}/registered`, { transactionHash: sent.transactionHash })).store;
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["stores"] }),
  });

  return (
    <section className="card" data-testid="register-store">
      <h2>{t("merchant.registerTitle")}</h2>
      <p className="muted">{t("merchant.registerExplain")}</p>
      <form
        className="stack"
        onSubmit={(event) => {
          event.preventDefault();
          register.mutate();
        }}
      >
        <label className="field">
          <span>{t("merchant.storeName")}</span>
          <input required maxLength={64} value={name} onChange={(event) => setName(event.target.value)} data-testid="store-name" />
        </label>
        <label className="field">
          <span>{t("merchant.settlement")}</span>
          <select value={currency} onChange={(event) => setCurrency(event.target.value as Currency)} data-testid="store-currency">
            {tokens.map((token) => (
              <option key={token.currency} value={token.currency}>
                {token.currency} ({token.symbol})
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="primary" disabled={register.isPending || name.trim() === ""} data-testid="register">
          {register.isPending ? t("merchant.registering") : t("merchant.register")}
        </button>
      </form>
      {register.isPending || register.error ? <OperationProgress /> : null}
      {register.error ? <p className="error" role="alert">{errorText(register.error)}</p> : null}
    </section>
  );
}
