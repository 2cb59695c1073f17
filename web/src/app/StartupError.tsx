// Shown when the relayer cannot be reached at start-up (no config, so no wallet).
import { useTranslation } from "react-i18next";

export function StartupError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <main>
      <section className="card" role="alert" data-testid="startup-error">
        <h2>{t("startup.title")}</h2>
        <p>{t("startup.explain")}</p>
        <p className="muted small">{error instanceof Error ? error.message.split("\n")[0] : null}</p>
        <button type="button" className="primary" onClick={onRetry}>
          {t("common.retry")}
        </button>
      </section>
    </main>
  );
}
