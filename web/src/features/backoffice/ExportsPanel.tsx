// CSV downloads of the period shown in the analytics: payments, line items, and the settlement
// report by payment and by day. Plain links: the browser sends the session cookie and saves
// the streamed file.
import { useTranslation } from "react-i18next";
import type { Store } from "@paykey/sdk/api";
import { useAnalytics, type AnalyticsView } from "./useAnalytics.ts";

export function ExportsPanel({ store, view }: { store: Store; view: AnalyticsView }) {
  const { t } = useTranslation();
  const period = useAnalytics(store.id, view).data?.period;
  const files: [string, string, string][] = [
    ["payments", "payments.csv", t("backoffice.exports.payments")],
    ["line-items", "line-items.csv", t("backoffice.exports.lineItems")],
    ["settlement", "settlement.csv?by=payment", t("backoffice.exports.settlement")],
    ["settlement-daily", "settlement.csv?by=day", t("backoffice.exports.settlementDaily")],
  ];
  const href = (file: string) => {
    const url = new URL(`/api/stores/${store.id}/exports/${file}`, window.location.origin);
    if (period) {
      url.searchParams.set("from", period.from);
      url.searchParams.set("to", period.to);
    }
    return `${url.pathname}${url.search}`;
  };
  return (
    <section className="card" data-testid="exports">
      <h2>{t("backoffice.exports.title")}</h2>
      <p className="muted small">{t("backoffice.exports.hint")}</p>
      <div className="row">
        {files.map(([key, file, label]) => (
          <a key={key} className="button" href={href(file)} download data-testid={`export-${key}`}>
            {label}
          </a>
        ))}
      </div>
    </section>
  );
}
