import type { i18n as I18n } from "i18next";
import type { Locale } from "./config";

// One chunk per language: a page loads only the catalogues of its own language, and the other one when the user
// switches (the root changes language on a client-side navigation, without a reload).
const chunks: Record<Locale, () => Promise<{ default: Record<string, object> }>> = {
  "zh-CN": () => import("./locales/zh-CN"),
  en: () => import("./locales/en"),
};

export async function loadCatalogue(lng: Locale): Promise<Record<string, object>> {
  return (await chunks[lng]()).default;
}

/** Switches the browser's i18next to `lng`, fetching that language's catalogues first if this page has not yet. */
export async function switchLanguage(i18n: I18n, lng: Locale): Promise<void> {
  if (!i18n.hasResourceBundle(lng, "common")) {
    const catalogue = await loadCatalogue(lng);
    for (const [ns, resources] of Object.entries(catalogue)) i18n.addResourceBundle(lng, ns, resources, true, true);
  }
  await i18n.changeLanguage(lng);
}
