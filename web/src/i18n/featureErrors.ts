// Refusals as a feature's own strings say them: a server reason the feature translates (`reason.<reason>`
// in its namespace) wins; anything else reads as the app's errors do.
import { useTranslation } from "react-i18next";
import { ApiError } from "../api/http.ts";
import { useErrorText } from "../app/errors.ts";

export function useFeatureErrorText(ns: string): (error: unknown) => string {
  const { t, i18n } = useTranslation(ns);
  const base = useErrorText();
  return (error) => (error instanceof ApiError && i18n.exists(`reason.${error.reason}`, { ns }) ? t(`reason.${error.reason}`) : base(error));
}
