// English ⇄ 简体中文; the choice is remembered on this device.
import { useTranslation } from "react-i18next";
import { type LanguageCode, changeLanguage, languages } from "../i18n/index.ts";

export function LanguageSwitch() {
  const { i18n } = useTranslation();
  return (
    <select
      className="language"
      aria-label="Language / 语言"
      data-testid="language"
      value={i18n.resolvedLanguage}
      onChange={(event) => void changeLanguage(event.target.value as LanguageCode)}
    >
      {languages.map((language) => (
        <option key={language.code} value={language.code}>
          {language.label}
        </option>
      ))}
    </select>
  );
}
