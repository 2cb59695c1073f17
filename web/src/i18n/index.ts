// English and Simplified Chinese (react-i18next). The language is the saved choice, else the browser's.
// English ships with the app (it is also the fallback); Chinese is its own chunk, loaded when chosen.
import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import { en } from "./en.ts";

export const languages = [
  { code: "en", label: "English" },
  { code: "zh-CN", label: "简体中文" },
] as const;

export type LanguageCode = (typeof languages)[number]["code"];

const storageKey = "paykey.language";

const loaders: Record<LanguageCode, () => Promise<typeof en>> = {
  en: async () => en,
  "zh-CN": async () => (await import("./zh.ts")).zh,
};

function initialLanguage(): LanguageCode {
  const saved = localStorage.getItem(storageKey);
  const known = languages.find((language) => language.code === saved);
  if (known) return known.code;
  return navigator.language.toLowerCase().startsWith("zh") ? "zh-CN" : "en";
}

// Which languages' own strings are in (a lazily loaded page may have added a few keys of a language before).
const loaded = new Set<LanguageCode>(["en"]);

async function ensureLoaded(code: LanguageCode) {
  if (loaded.has(code)) return;
  i18n.addResourceBundle(code, "translation", await loaders[code](), true, false);
  loaded.add(code);
}

/** Switches the language, loading its strings first. */
export async function changeLanguage(code: LanguageCode) {
  await ensureLoaded(code);
  await i18n.changeLanguage(code);
}

export async function initI18n() {
  const language = initialLanguage();
  await i18n.use(initReactI18next).init({
    resources: { en: { translation: en } },
    lng: "en",
    fallbackLng: "en",
    supportedLngs: languages.map((entry) => entry.code),
    interpolation: { escapeValue: false },
  });
  i18n.on("languageChanged", (code) => {
    document.documentElement.lang = code;
    localStorage.setItem(storageKey, code);
  });
  await changeLanguage(language);
  return i18n;
}
