export const SUPPORTED_LOCALES = ["zh-CN", "en"] as const;
export type Locale = (typeof SUPPORTED_LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "zh-CN";

export const isLocale = (v: unknown): v is Locale => SUPPORTED_LOCALES.includes(v as Locale);

/** The namespaces, one per area (catalogues.test.ts checks each language has exactly these). */
export const NAMESPACES = ["audit", "board", "boardRules", "common", "enterprises", "financing", "identity", "messaging", "roadshows", "search", "staff", "titles"] as const;

/**
 * Shared by the server and browser i18next instances so both render the same strings. Without the catalogues:
 * the server adds both languages (resources.ts), the browser only its page's (entry.client.tsx).
 */
export const i18nConfig = {
  supportedLngs: [...SUPPORTED_LOCALES],
  fallbackLng: DEFAULT_LOCALE,
  defaultNS: "common",
  ns: [...NAMESPACES],
  interpolation: { escapeValue: false },
  react: { useSuspense: false },
} as const;
