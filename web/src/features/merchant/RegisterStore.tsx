// Register a store: the relayer prepares escrow.registerMerchant (payout = this account), the passkey signs it
// as a sponsored operation, and the relayer confirms the registration from the transaction's receipt.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useAppConfig } from "../../app/ConfigContext.tsx";
import { useErrorText } from "../../app/errors.ts";
import { api } from "../../api/http.ts";
import type { CreateStoreBody, CreateStoreResult, Store } from "@paykey/sdk/api";
import { OperationProgress } from "../operations/OperationProgress.tsx";
import { useSendOperation } from "../operations/useSendOperation.ts";

export function RegisterStore() {
  const { t } = useTranslation();
  const { tokens } = useAppConfig();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const operation = useSendOperation();
  const [name, setName] = useState("");
  // The deployment's settlement currencies; the relayer refuses one a store cannot settle in.
  const [currency, setCurrency] = useState(tokens[0]?.currency ?? "USD");

  const register = useMutation({
    mutationFn: async () => {
      operation.reset();
      const body = { name: name.trim(), currency: currency as CreateStoreBody["currency"] };
      const { store, calls } = await api.post<CreateStoreResult>("/api/stores", body);
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
          <select value={currency} onChange={(event) => setCurrency(event.target.value)} data-testid="store-currency">
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
