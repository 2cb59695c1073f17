// Loyalty (owner): the rate at which captures earn points, read from the chain and changed on-chain with
// the owner's passkey (`updateMerchant`, keeping payout, token and coupon signer as they are).
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/http.ts";
import { useErrorText } from "../../app/errors.ts";
import type { Store } from "@paykey/sdk/api";
import type { Loyalty } from "@paykey/sdk/api/counter";
import { formatBps } from "@paykey/sdk/money";
import { OperationProgress } from "../operations/OperationProgress.tsx";
import { counterNs } from "./i18n.ts";
import { useOwnerCalls } from "./useOwnerCalls.ts";

/** "2.5" (percent) → 250 basis points; undefined unless 0–100 with at most two decimals. */
export function percentToBps(input: string): number | undefined {
  const match = /^(\d{1,3})(?:[.,](\d{1,2}))?$/.exec(input.trim());
  if (!match) return undefined;
  const bps = Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
  return bps <= 10_000 ? bps : undefined;
}

export function LoyaltyTab({ store }: { store: Store }) {
  const { t, i18n } = useTranslation(counterNs);
  const errorText = useErrorText();
  const path = `/api/stores/${store.id}/loyalty`;
  const loyalty = useQuery({ queryKey: ["loyalty", store.id], queryFn: () => api.get<Loyalty>(path) });
  const [rate, setRate] = useState("");
  const bps = percentToBps(rate);
  const update = useOwnerCalls<number>(async (send, loyaltyBps) => {
    const { calls } = await api.post<{ calls: { to: `0x${string}`; data: `0x${string}` }[] }>(path, { loyaltyBps });
    await send(calls);
    setRate("");
  }, ["loyalty", store.id]);

  return (
    <div className="stack" data-testid="loyalty-tab">
      {loyalty.data ? (
        <dl className="facts">
          <dt>{t("loyaltyTab.rate")}</dt>
          <dd data-testid="loyalty-rate">{formatBps(loyalty.data.loyaltyBps, i18n.language)}</dd>
          <dt>{t("loyaltyTab.outstanding")}</dt>
          <dd data-testid="loyalty-outstanding">{BigInt(loyalty.data.outstanding).toLocaleString(i18n.language)}</dd>
        </dl>
      ) : null}
      <p className="muted small">{t("loyaltyTab.explain")}</p>
      <form
        className="row"
        onSubmit={(event) => {
          event.preventDefault();
          if (bps !== undefined) update.mutate(bps);
        }}
      >
        <input inputMode="decimal" placeholder="1.5" aria-label={t("loyaltyTab.newRate")} value={rate} onChange={(event) => setRate(event.target.value)} data-testid="loyalty-input" />
        <span>%</span>
        <button type="submit" className="primary" disabled={bps === undefined || update.isPending} data-testid="loyalty-save">
          {t("loyaltyTab.save")}
        </button>
      </form>
      {update.isPending || update.error ? <OperationProgress /> : null}
      {update.error ? <p className="error" role="alert">{errorText(update.error)}</p> : null}
    </div>
  );
}
