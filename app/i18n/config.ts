import { resources } from "./resources";

export const SUPPORTED_LOCALES = ["zh-CN", "en"] as const;
export type Locale = (typeof SUPPORTED_LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "zh-CN";

export const isLocale = (v: unknown): v is Locale => SUPPORTED_LOCALES.includes(v as Locale);

/** Shared by the server and browser i18next instances so both render the same strings. */
export const i18nConfig = {
  supportedLngs: [...SUPPORTED_LOCALES],
  fallbackLng: DEFAULT_LOCALE,
  defaultNS: "common",
  ns: Object.keys(resources[DEFAULT_LOCALE]),
  resources,
  interpolation: { escapeValue: false },
  react: { useSuspense: false },
} as const;
