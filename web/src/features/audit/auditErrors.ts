// Audit refusals in the person's language, falling back to the app's own error texts.
import { useTranslation } from "react-i18next";
import { ApiError } from "../../api/http.ts";
import { useErrorText } from "../../app/errors.ts";
import { en as auditStrings } from "./i18n.ts";

// The reasons the page words itself: the auditor's own (typed by sdk/src/api/reasons.ts in i18n.ts) and invalid_period.
const auditReasons = new Set(Object.keys(auditStrings.reason));

export function useAuditErrorText(): (error: unknown) => string {
  const { t } = useTranslation();
  const errorText = useErrorText();
  return (error) => {
    if (error instanceof ApiError && auditReasons.has(error.reason)) return t(`audit.reason.${error.reason}`);
    if ((error as { name?: string })?.name === "ReceiptNotFoundError") return t("audit.reason.receipt_not_found");
    return errorText(error);
  };
}
