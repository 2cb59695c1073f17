// Audit refusals in the person's language, falling back to the app's own error texts.
import { useTranslation } from "react-i18next";
import type { AuditReason } from "@paykey/sdk/api/reasons";
import { ApiError } from "../../api/http.ts";
import { useErrorText } from "../../app/errors.ts";

// The auditor's own reasons (sdk/src/api/reasons.ts), and invalid_period worded for an audit.
const auditReasons = new Set<string>([
  ...(["auditor_read_only", "not_auditor", "not_granted", "receipt_not_found", "audit_busy", "chain_unavailable"] satisfies AuditReason[]),
  "invalid_period",
]);

export function useAuditErrorText(): (error: unknown) => string {
  const { t } = useTranslation();
  const errorText = useErrorText();
  return (error) => {
    if (error instanceof ApiError && auditReasons.has(error.reason)) return t(`audit.reason.${error.reason}`);
    if ((error as { name?: string })?.name === "ReceiptNotFoundError") return t("audit.reason.receipt_not_found");
    return errorText(error);
  };
}
