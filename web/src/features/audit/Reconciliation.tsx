// Pick a granted store and a period, run the reconciliation with a progress bar (blocks read from the
// chain, logs per second), then see its verdict and every difference, and download the sealed report.
import { useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { AuditReport, AuditStore, ReconciliationProgress } from "@paykey/sdk/api/audit";
import { reportCsv, serializeReport } from "@paykey/sdk/audit";
import { streamReconciliation } from "./auditApi.ts";
import { useAuditErrorText } from "./auditErrors.ts";
import { DifferencesTable } from "./DifferencesTable.tsx";

type Run = { state: "idle" } | { state: "running"; progress?: ReconciliationProgress } | { state: "done"; report: AuditReport } | { state: "failed"; error: unknown };

export function Reconciliation({ stores }: { stores: readonly AuditStore[] }) {
  const { t, i18n } = useTranslation();
  const errorText = useAuditErrorText();
  const active = stores.filter((store) => store.status === "active");
  const [storeId, setStoreId] = useState(active[0]?.id ?? "");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [run, setRun] = useState<Run>({ state: "idle" });
  const abort = useRef<AbortController | undefined>(undefined);
  const number = (value: string | number) => new Intl.NumberFormat(i18n.language).format(BigInt(value));

  async function start() {
    abort.current?.abort();
    abort.current = new AbortController();
    setRun({ state: "running" });
    try {
      const report = await streamReconciliation(storeId, { from: from || undefined, to: to || undefined }, { onProgress: (progress) => setRun({ state: "running", progress }) }, abort.current.signal);
      setRun({ state: "done", report });
    } catch (error) {
      setRun({ state: "failed", error });
    }
  }

  const progress = run.state === "running" ? run.progress : undefined;
  return (
    <section className="card" data-testid="audit-reconciliation">
      <h2>{t("audit.run.title")}</h2>
      <label className="field">
        <span>{t("audit.run.store")}</span>
        <select data-testid="audit-store" value={storeId} onChange={(event) => setStoreId(event.target.value)}>
          {active.map((store) => (
            <option key={store.id} value={store.id}>
              {store.name} (#{store.merchantId})
            </option>
          ))}
        </select>
      </label>
      <div className="row">
        <label className="field">
          <span>{t("audit.run.from")}</span>
          <input type="date" data-testid="audit-from" value={from} onChange={(event) => setFrom(event.target.value)} />
        </label>
        <label className="field">
          <span>{t("audit.run.to")}</span>
          <input type="date" data-testid="audit-to" value={to} onChange={(event) => setTo(event.target.value)} />
        </label>
      </div>
      <button type="button" className="primary" data-testid="audit-run" disabled={!storeId || run.state === "running"} onClick={() => void start()}>
        {t("audit.run.start")}
      </button>
      {run.state === "running" ? (
        <div data-testid="audit-progress">
          <p className="small">{t(`audit.run.phase.${progress?.phase ?? "range"}`)}</p>
          <progress max={Number(progress?.totalBlocks ?? 1)} value={Number(progress?.blocksScanned ?? 0)} />
          {progress ? (
            <p className="muted small">
              {t("audit.run.progress", { scanned: number(progress.blocksScanned), total: number(progress.totalBlocks), logs: number(progress.logs), rate: number(progress.logsPerSecond) })}
            </p>
          ) : null}
        </div>
      ) : null}
      {run.state === "failed" ? (
        <p className="error" role="alert" data-testid="audit-error">
          {errorText(run.error)}
        </p>
      ) : null}
      {run.state === "done" ? <ReportView report={run.report} /> : null}
    </section>
  );
}

function ReportView({ report }: { report: AuditReport }) {
  const { t } = useTranslation();
  const { summary, conservation } = report;
  const files = useMemo(() => {
    const name = `audit-${report.chainId}-merchant-${report.merchantId}-blocks-${report.period.fromBlock.number}-${report.period.toBlock.number}`;
    return {
      json: { name: `${name}.json`, url: URL.createObjectURL(new Blob([serializeReport(report)], { type: "application/json" })) },
      csv: { name: `${name}.csv`, url: URL.createObjectURL(new Blob([reportCsv(report)], { type: "text/csv" })) },
    };
  }, [report]);
  return (
    <div className="stack" data-testid="audit-report" data-ok={String(summary.ok)} data-unexplained={summary.unexplained}>
      <p className={summary.unexplained === 0 ? "ok" : "error"} data-testid="audit-summary">
        <strong>{summary.unexplained === 0 ? t("audit.result.ok") : t("audit.result.failed", { count: summary.unexplained })}</strong>
        {summary.explained > 0 ? ` ${t("audit.result.explained", { count: summary.explained })}` : ""}
      </p>
      <p className={conservation.ok ? "ok small" : "error small"} data-testid="audit-conservation" data-ok={String(conservation.ok)}>
        {conservation.ok ? t("audit.result.conservationOk") : t("audit.result.conservationFailed")}
      </p>
      <p className="muted small">
        {t("audit.result.blocks", { from: report.period.fromBlock.number, to: report.period.toBlock.number })} · {t("audit.result.books", { payments: report.books.payments, events: report.books.events })}
      </p>
      <DifferencesTable differences={report.differences} />
      <p className="muted small hash">
        {t("audit.result.sha")}: <code data-testid="audit-sha256">{report.sha256}</code>
      </p>
      <div className="row">
        <a className="button" href={files.json.url} download={files.json.name} data-testid="audit-download-json">
          {t("audit.result.downloadJson")}
        </a>
        <a className="button" href={files.csv.url} download={files.csv.name} data-testid="audit-download-csv">
          {t("audit.result.downloadCsv")}
        </a>
      </div>
    </div>
  );
}
