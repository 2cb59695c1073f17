// Strings of a lazily loaded feature, as an i18next namespace of their own (`useTranslation("counter")`),
// added when the feature's code loads: the checkout's bundle and web/src/i18n/{en,zh}.ts do not carry them.
// A namespace (not the default one) keeps index.ts's check "is the Chinese chunk loaded?" true to itself.
import i18n from "i18next";

export type FeatureStrings<T> = { en: T; zh: T };

/** Adds `strings` as namespace `ns` in English and Simplified Chinese (once). */
export function addFeatureStrings<T extends object>(ns: string, strings: FeatureStrings<T>): string {
  if (!i18n.hasResourceBundle("en", ns)) {
    i18n.addResourceBundle("en", ns, strings.en, true, false);
    i18n.addResourceBundle("zh-CN", ns, strings.zh, true, false);
  }
  return ns;
}
