// The differences a reconciliation found, one row each: category, payment, field and both values.
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { AuditDifference } from "@paykey/sdk/api/audit";

const short = (hex: string) => `${hex.slice(0, 10)}…${hex.slice(-6)}`;

export function DifferencesTable({ differences }: { differences: readonly AuditDifference[] }) {
  const { t } = useTranslation();
  if (differences.length === 0) return <p className="muted" data-testid="audit-no-differences">{t("audit.result.none")}</p>;
  return (
    <ul className="list" data-testid="audit-differences">
      {differences.map((difference, index) => (
        <li
          key={`${difference.paymentId}-${difference.transactionHash}-${difference.logIndex}-${difference.field}-${index}`}
          className="list-row audit-difference"
          data-testid="audit-difference"
          data-category={difference.category}
          data-payment={difference.paymentId}
          data-explained={String(difference.explained)}
        >
          <strong className={difference.explained ? "muted" : "error"}>{t(`audit.category.${difference.category}`)}</strong>
          <span className="small">
            {t("audit.result.column.payment")}: <Link to={`/receipt/${difference.paymentId}`}><code>{short(difference.paymentId)}</code></Link>
            {difference.field ? ` · ${t("audit.result.column.field")}: ${difference.field}` : ""}
          </span>
          {difference.chain !== null || difference.ledger !== null ? (
            <span className="small hash">
              {t("audit.result.column.chain")}: <code>{difference.chain ?? "—"}</code> · {t("audit.result.column.ledger")}: <code>{difference.ledger ?? "—"}</code>
            </span>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
