// A ledger row's finality: pending and safe rows may still be undone by a chain reorganisation;
// only a final one is shown as final.
import { useTranslation } from "react-i18next";
import type { Finality } from "@paykey/sdk/api";
import "./i18n.ts";

export function FinalityBadge({ finality }: { finality: Finality }) {
  const { t } = useTranslation();
  return (
    <span className={`badge badge-finality-${finality}`} data-testid="payment-finality" data-finality={finality} title={t("backoffice.finality.hint")}>
      {t(`backoffice.finality.${finality}`)}
    </span>
  );
}
