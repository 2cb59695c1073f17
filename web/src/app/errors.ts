// Errors as people read them: short, translated, actionable. A refusal of the relayer is shown by its
// reason (REST `error.reason`, JSON-RPC `error.data.reason`), each of which has a text in every
// language (web/src/i18n, typed by sdk/src/api/reasons.ts); the server's own message is the fallback.
import { useTranslation } from "react-i18next";
import { BaseError, UserRejectedRequestError } from "viem";
import { ApiError } from "../api/http.ts";
import { OperationFailedError, shortMessageOf } from "../connector/sponsoredOperations.ts";
import { PasskeyError } from "../connector/webauthn.ts";
import { InvalidAmountError } from "@paykey/sdk/money";

/** The relayer's reason in a JSON-RPC error somewhere in viem's cause chain (`error.data.reason`). */
function rpcReasonOf(error: BaseError): string | undefined {
  const hasReason = (inner: unknown) => typeof (inner as { data?: { reason?: unknown } } | null)?.data?.reason === "string";
  const found = error.walk(hasReason) as unknown as { data: { reason: string } } | null;
  return found?.data.reason;
}

export function useErrorText(): (error: unknown) => string {
  const { t, i18n } = useTranslation();
  // A lazily loaded feature's own reasons are a namespace of their own ("reasons", see i18n/counterReasons.ts).
  const reasonText = (reason: string | undefined) =>
    !reason ? undefined : i18n.exists(`errors.reason.${reason}`) ? t(`errors.reason.${reason}`) : i18n.exists(`reasons:${reason}`) ? t(`reasons:${reason}`) : undefined;
  return (error: unknown) => {
    if (error instanceof PasskeyError) return t(`errors.passkey.${error.reason}`);
    if (error instanceof InvalidAmountError) return t("errors.amount");
    if (error instanceof ApiError) {
      if (error.status === 0) return t("errors.network");
      const text = reasonText(error.reason);
      if (text) return text;
      if (error.status === 401) return t("errors.reason.unauthenticated");
      return error.shortMessage;
    }
    if (error instanceof BaseError) {
      if (error.walk((inner) => inner instanceof PasskeyError)) return t("errors.passkey.cancelled");
      if (error.walk((inner) => inner instanceof OperationFailedError)) return t("errors.operationFailed");
      if (error.walk((inner) => inner instanceof UserRejectedRequestError)) return t("errors.rejected");
      const text = reasonText(rpcReasonOf(error));
      if (text) return text;
    }
    return shortMessageOf(error);
  };
}
