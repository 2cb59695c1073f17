// Errors as people read them: short, translated, actionable. The server's own message is the fallback
// (it is already one sentence saying what to do).
import { useTranslation } from "react-i18next";
import { BaseError, UserRejectedRequestError } from "viem";
import { ApiError } from "../api/http.ts";
import { OperationFailedError, shortMessageOf } from "../connector/sponsoredOperations.ts";
import { PasskeyError } from "../connector/webauthn.ts";
import { InvalidAmountError } from "@paykey/sdk/money";

const knownReasons = new Set([
  "request_paid",
  "request_expired",
  "faucet_disabled",
  "not_registered",
  "line_items_mismatch",
  "rate_limited",
  "unauthenticated",
  "credential_exists",
  "credential_unknown",
  "operator_not_permitted",
]);

export function useErrorText(): (error: unknown) => string {
  const { t } = useTranslation();
  return (error: unknown) => {
    if (error instanceof PasskeyError) return t(`errors.passkey.${error.reason}`);
    if (error instanceof InvalidAmountError) return t("errors.amount");
    if (error instanceof ApiError) {
      if (error.status === 0) return t("errors.network");
      if (knownReasons.has(error.reason)) return t(`errors.reason.${error.reason}`);
      if (error.status === 401) return t("errors.reason.unauthenticated");
      return error.shortMessage;
    }
    if (error instanceof BaseError) {
      // A JSON-RPC refusal (sponsorship policy) carries its reason in `data.reason`.
      const reason = (error.walk((inner) => typeof (inner as { data?: { reason?: unknown } }).data?.reason === "string") as { data?: { reason: string } } | null)?.data?.reason;
      if (reason && knownReasons.has(reason)) return t(`errors.reason.${reason}`);
      if (error.walk((inner) => inner instanceof PasskeyError)) return t("errors.passkey.cancelled");
      if (error.walk((inner) => inner instanceof OperationFailedError)) return t("errors.operationFailed");
      if (error.walk((inner) => inner instanceof UserRejectedRequestError)) return t("errors.rejected");
    }
    return shortMessageOf(error);
  };
}
