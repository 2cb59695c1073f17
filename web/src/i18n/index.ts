// English and Simplified Chinese (react-i18next). The language is the saved choice, else the browser's.
import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import { en } from "./en.ts";
import { zh } from "./zh.ts";

export const languages = [
  { code: "en", label: "English" },
  { code: "zh-CN", label: "简体中文" },
] as const;

const storageKey = "paykey.language";

function initialLanguage(): string {
  const saved = localStorage.getItem(storageKey);
  if (saved && languages.some((language) => language.code === saved)) return saved;
  return navigator.language.toLowerCase().startsWith("zh") ? "zh-CN" : "en";
}

export async function initI18n() {
  await i18n.use(initReactI18next).init({
    resources: { en: { translation: en }, "zh-CN": { translation: zh } },
    lng: initialLanguage(),
    fallbackLng: "en",
    supportedLngs: languages.map((language) => language.code),
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  const apply = (language: string) => {
    document.documentElement.lang = language;
    localStorage.setItem(storageKey, language);
  };
  apply(i18n.language);
  i18n.on("languageChanged", apply);
  return i18n;
}
