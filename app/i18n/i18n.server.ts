import { createCookie } from "@remix-run/node";
import { createInstance, type TFunction } from "i18next";
import { RemixI18Next } from "remix-i18next/server";
import { DEFAULT_LOCALE, i18nConfig, isLocale, type Locale } from "./config";
import { i18nServerConfig } from "./resources";

/** The chosen language is remembered in a plain cookie for a year (and on the user for emails). */
export const localeCookie = createCookie("lng", { path: "/", sameSite: "lax", httpOnly: true, maxAge: 60 * 60 * 24 * 365 });

// Chinese first: an explicit choice (cookie) wins; a first visit follows the browser's Accept-Language among the
// supported languages and falls back to zh-CN when the header names neither.
export const remixI18n = new RemixI18Next({
  detection: {
    supportedLanguages: [...i18nConfig.supportedLngs],
    fallbackLanguage: DEFAULT_LOCALE,
    cookie: localeCookie,
    order: ["searchParams", "cookie", "header"],
  },
  i18next: { ...i18nServerConfig },
});

export async function getLocale(request: Request): Promise<Locale> {
  const locale = await remixI18n.getLocale(request);
  return isLocale(locale) ? locale : DEFAULT_LOCALE;
}

const fixed = new Map<string, Promise<TFunction>>();
/** A translator for server-side text (emails, exported files) in a given language. */
export function translator(locale: string, ns = "common"): Promise<TFunction> {
  const lng = isLocale(locale) ? locale : DEFAULT_LOCALE;
  const key = `${lng}:${ns}`;
  let t = fixed.get(key);
  if (!t) {
    const instance = createInstance();
    t = instance.init({ ...i18nServerConfig, lng, ns: i18nConfig.ns, defaultNS: ns }).then(() => instance.getFixedT(lng, ns));
    fixed.set(key, t);
  }
  return t;
}
