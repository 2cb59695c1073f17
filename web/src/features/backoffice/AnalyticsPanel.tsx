// Sales analytics of a store: period and granularity, totals, the sales chart (uPlot, loaded on
// demand), busy hours, customers, top items, loyalty and coupons — with loading, error and empty
// states. Everything is counted in the store's time zone, which the merchant can change here.
import { lazy, Suspense } from "react";
import { useTranslation } from "react-i18next";
import type { Analytics } from "@paykey/sdk/api/analytics";
import type { Store } from "@paykey/sdk/api";
import { formatBps, formatMoney, toDecimalString } from "@paykey/sdk/money";
import { useErrorText } from "../../app/errors.ts";
import { PeakHours } from "./PeakHours.tsx";
import { useAnalytics, useSetTimeZone, type AnalyticsView } from "./useAnalytics.ts";

const SalesChart = lazy(() => import("./SalesChart.tsx"));
const presets = [7, 30, 90] as const;

export function AnalyticsPanel({ store, view, setView }: { store: Store; view: AnalyticsView; setView: (view: AnalyticsView) => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const query = useAnalytics(store.id, view);
  const data = query.data;

  return (
    <section className="card analytics" data-testid="analytics">
      <div className="row spread">
        <h2>{t("backoffice.analytics.title")}</h2>
        <div className="row segmented" role="group">
          {presets.map((days) => (
            <button
              key={days}
              type="button"
              aria-pressed={view.days === days}
              data-testid={`period-${days}`}
              onClick={() => setView({ days, granularity: days > 31 ? "day" : view.granularity })}
            >
              {t("backoffice.analytics.days", { count: days })}
            </button>
          ))}
          <button type="button" aria-pressed={view.granularity === "hour"} disabled={view.days > 31} data-testid="granularity-hour" onClick={() => setView({ ...view, granularity: view.granularity === "hour" ? "day" : "hour" })}>
            {t("backoffice.analytics.byHour")}
          </button>
        </div>
      </div>
      {data ? <TimeZoneLine store={store} analytics={data} /> : null}
      {query.isPending ? (
        <p className="muted" data-testid="analytics-loading">{t("backoffice.analytics.loading")}</p>
      ) : query.isError && !data ? (
        <div role="alert" data-testid="analytics-error">
          <p className="error">{t("backoffice.analytics.error")} {errorText(query.error)}</p>
          <button type="button" onClick={() => void query.refetch()}>{t("backoffice.analytics.retry")}</button>
        </div>
      ) : data ? (
        <AnalyticsBody analytics={data} />
      ) : null}
    </section>
  );
}

function TimeZoneLine({ store, analytics }: { store: Store; analytics: Analytics }) {
  const { t } = useTranslation();
  const setTimeZone = useSetTimeZone(store.id);
  const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return (
    <p className="muted small" data-testid="analytics-period">
      {t("backoffice.analytics.period", { from: analytics.period.from, to: analytics.period.to })} · {t("backoffice.analytics.timeZone")}:{" "}
      <span data-testid="store-time-zone">{analytics.store.timeZone}</span>
      {browserZone && browserZone !== analytics.store.timeZone ? (
        <>
          {" "}
          <button type="button" className="link" disabled={setTimeZone.isPending} onClick={() => setTimeZone.mutate(browserZone)} data-testid="use-browser-time-zone">
            {t("backoffice.analytics.setTimeZone")} {browserZone}
          </button>
        </>
      ) : null}
    </p>
  );
}

function AnalyticsBody({ analytics }: { analytics: Analytics }) {
  const { t, i18n } = useTranslation();
  const { summary, store } = analytics;
  const money = (amount: string) => formatMoney({ amount, decimals: store.decimals, currency: store.currency, locale: i18n.language });
  // An average is rounded anyway: shown to the cent (display only; the API answers base units).
  const cents = (amount: string) =>
    new Intl.NumberFormat(i18n.language, { style: "currency", currency: store.currency, maximumFractionDigits: 2 }).format(toDecimalString(BigInt(amount), store.decimals) as Intl.StringNumericLiteral);
  const count = (value: string | number) => new Intl.NumberFormat(i18n.language).format(BigInt(value));
  const rate = (bps: number | null) => (bps === null ? t("backoffice.analytics.none") : formatBps(bps, i18n.language));
  const empty = summary.orders === 0 && summary.refundCount === 0 && summary.authorizations === 0;

  const totals: [string, string, string][] = [
    ["orders", t("backoffice.analytics.orders"), count(summary.orders)],
    ["gross", t("backoffice.analytics.gross"), money(summary.gross)],
    ["discounts", t("backoffice.analytics.discounts"), money(summary.discounts)],
    ["fees", t("backoffice.analytics.fees"), money(summary.fees)],
    ["refunds", t("backoffice.analytics.refunds"), money(summary.refunds)],
    ["net", t("backoffice.analytics.net"), money(summary.net)],
    ["average-ticket", t("backoffice.analytics.averageTicket"), cents(summary.averageTicket)],
    ["refund-rate", t("backoffice.analytics.refundRate"), rate(summary.refundRateBps)],
  ];
  return (
    <>
      <dl className="figures" data-testid="analytics-summary">
        {totals.map(([key, label, value]) => (
          <div key={key} className="figure">
            <dt>{label}</dt>
            <dd data-testid={`figure-${key}`}>{value}</dd>
          </div>
        ))}
      </dl>
      {empty ? (
        <p className="notice" data-testid="analytics-empty">{t("backoffice.analytics.empty")}</p>
      ) : (
        <>
          <Suspense fallback={<div className="sales-chart muted">{t("backoffice.analytics.loading")}</div>}>
            <SalesChart analytics={analytics} />
          </Suspense>
          <div className="panels">
            <div>
              <h3>{t("backoffice.analytics.peakHours")}</h3>
              <PeakHours cells={analytics.peakHours} />
            </div>
            <Facts
              testId="analytics-customers"
              title={t("backoffice.analytics.customers")}
              facts={[
                [t("backoffice.analytics.payers"), count(analytics.customers.payers)],
                [t("backoffice.analytics.newPayers"), count(analytics.customers.newPayers)],
                [t("backoffice.analytics.returningPayers"), count(analytics.customers.returningPayers)],
                [t("backoffice.analytics.repeatRate"), rate(analytics.customers.repeatRateBps)],
              ]}
            />
            <TopItems analytics={analytics} money={money} />
            <Facts
              testId="analytics-loyalty"
              title={t("backoffice.analytics.loyalty")}
              facts={[
                [t("backoffice.analytics.pointsIssued"), count(analytics.loyalty.pointsIssued)],
                [t("backoffice.analytics.pointsRedeemed"), count(analytics.loyalty.pointsRedeemed)],
                [t("backoffice.analytics.coupons"), count(analytics.coupons.redemptions)],
                [t("backoffice.analytics.couponDiscount"), money(analytics.coupons.discount)],
              ]}
            />
          </div>
        </>
      )}
    </>
  );
}

function Facts({ testId, title, facts }: { testId: string; title: string; facts: [string, string][] }) {
  return (
    <div data-testid={testId}>
      <h3>{title}</h3>
      <dl className="facts">
        {facts.map(([label, value]) => (
          <div key={label} className="fact">
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

function TopItems({ analytics, money }: { analytics: Analytics; money: (amount: string) => string }) {
  const { t } = useTranslation();
  const list = (items: Analytics["topItems"]["byRevenue"], show: (item: Analytics["topItems"]["byRevenue"][number]) => string) =>
    items.length === 0 ? (
      <p className="muted small">{t("backoffice.analytics.none")}</p>
    ) : (
      <ol className="top-items">
        {items.slice(0, 5).map((item) => (
          <li key={item.name}>
            <span>{item.name}</span>
            <span className="num">{show(item)}</span>
          </li>
        ))}
      </ol>
    );
  return (
    <div data-testid="analytics-top-items">
      <h3>{t("backoffice.analytics.topItems")}</h3>
      <p className="small muted">{t("backoffice.analytics.byRevenue")}</p>
      {list(analytics.topItems.byRevenue, (item) => money(item.revenue))}
      <p className="small muted">{t("backoffice.analytics.byQuantity")}</p>
      {list(analytics.topItems.byQuantity, (item) => t("backoffice.analytics.quantity", { count: item.quantity }))}
    </div>
  );
}
