import type { MetaDescriptor } from "@remix-run/node";
import { DEFAULT_LOCALE, isLocale, type Locale } from "~/i18n/config";
import en from "~/i18n/locales/en/titles.json";
import zh from "~/i18n/locales/zh-CN/titles.json";

// Only the titles namespace: meta functions also run in the browser, which should not need every catalogue for them.
type Titles = typeof zh;
const TITLES: Record<Locale, Titles> = { "zh-CN": zh, en };
export type PageTitleKey = keyof Titles["pages"];

/** The page's language: what the root loader chose for this request (meta functions cannot use hooks). */
export function localeOf(matches: ReadonlyArray<{ id: string; data: unknown }>): Locale {
  const root = matches.find((m) => m.id === "root")?.data as { locale?: unknown } | undefined;
  return isLocale(root?.locale) ? root.locale : DEFAULT_LOCALE;
}

export function titlesFor(locale: Locale): Titles {
  return TITLES[locale];
}

/** `<title>` from the `titles` catalogue in the page's language: "page · site". Values fill `{{name}}`. */
export function pageTitle(matches: ReadonlyArray<{ id: string; data: unknown }>, key: PageTitleKey, values: Record<string, string> = {}): MetaDescriptor[] {
  const titles = titlesFor(localeOf(matches));
  const page = titles.pages[key].replace(/\{\{(\w+)\}\}/g, (_, name: string) => values[name] ?? "").trim();
  return [{ title: page && !page.startsWith("·") ? `${page} · ${titles.site}` : titles.site }];
}
