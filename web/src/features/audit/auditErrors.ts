// Audit refusals in the person's language, falling back to the app's own error texts.
import { useTranslation } from "react-i18next";
import { ApiError } from "../../api/http.ts";
import { useErrorText } from "../../app/errors.ts";

const auditReasons = new Set(["not_granted", "not_auditor", "invalid_period", "audit_busy", "chain_unavailable", "receipt_not_found"]);

export function useAuditErrorText(): (error: unknown) => string {
  const { t } = useTranslation();
  const errorText = useErrorText();
  return (error) => {
    if (error instanceof ApiError && auditReasons.has(error.reason)) return t(`audit.reason.${error.reason}`);
    if ((error as { name?: string })?.name === "ReceiptNotFoundError") return t("audit.reason.receipt_not_found");
    return errorText(error);
  };
}
