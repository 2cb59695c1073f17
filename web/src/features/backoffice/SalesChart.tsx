// Gross (bars) and net (line) sales per local day or hour, drawn with uPlot. uPlot is the
// smallest of the well-kept chart libraries (about 20 KB gzip, against roughly 100 KB for
// Recharts with its d3 parts and several hundred for ECharts), draws on a canvas, and suits
// time series. This component is its own chunk, loaded by the merchant dashboard only.
//
// Amounts are exact decimal strings everywhere else; here they become numbers only to place
// points on the canvas (the axis shows rounded values, the summary the exact ones).
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import type { Analytics } from "@paykey/sdk/api/analytics";
import { toDecimalString } from "@paykey/sdk/money";

const height = 220;

export default function SalesChart({ analytics }: { analytics: Analytics }) {
  const { t, i18n } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  const { series, store, period } = analytics;

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const units = (value: string) => Number(toDecimalString(BigInt(value), store.decimals));
    const labels = series.map((bucket) => (period.granularity === "day" ? bucket.label.slice(5) : bucket.label.slice(11)));
    const axis = new Intl.NumberFormat(i18n.language, { style: "currency", currency: store.currency, notation: "compact", maximumFractionDigits: 1 });
    const plot = new uPlot(
      {
        width: element.clientWidth,
        height,
        // Half a bucket of room on either side, so the first and last bars are whole.
        scales: { x: { time: false, range: (_plot, min, max) => [min - 0.5, max + 0.5] } },
        axes: [
          { values: (_plot, splits) => splits.map((split) => (Number.isInteger(split) ? (labels[split] ?? "") : "")), gap: 4, size: 30 },
          { values: (_plot, splits) => splits.map((split) => axis.format(split)), size: 56 },
        ],
        series: [
          { label: period.granularity === "day" ? t("backoffice.analytics.unitDay") : t("backoffice.analytics.unitHour"), value: (_plot, index) => (index === null ? "" : (series[index]?.label ?? "")) },
          { label: t("backoffice.analytics.gross"), stroke: "#0f5132", fill: "rgba(15, 81, 50, 0.18)", paths: uPlot.paths.bars!({ size: [0.7, 36] }), points: { show: false } },
          { label: t("backoffice.analytics.net"), stroke: "#842029", width: 2, points: { show: series.length < 40 } },
        ],
      },
      [series.map((_bucket, index) => index), series.map((bucket) => units(bucket.gross)), series.map((bucket) => units(bucket.net))],
      element,
    );
    const resize = new ResizeObserver(() => plot.setSize({ width: element.clientWidth, height }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [series, store.decimals, store.currency, period.granularity, i18n.language, t]);

  return (
    <div
      ref={box}
      className="sales-chart"
      role="img"
      aria-label={t("backoffice.analytics.chartLabel", { unit: period.granularity === "day" ? t("backoffice.analytics.unitDay") : t("backoffice.analytics.unitHour") })}
      data-testid="sales-chart"
    />
  );
}
