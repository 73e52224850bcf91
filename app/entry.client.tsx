import { RemixBrowser } from "@remix-run/react";
import i18next from "i18next";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { loadCatalogue } from "./i18n/catalogues.client";
import { DEFAULT_LOCALE, i18nConfig, isLocale, type Locale } from "./i18n/config";

async function hydrate() {
  // The server rendered in the language on <html lang>; the browser must use the same one.
  const lang = document.documentElement.lang;
  const lng: Locale = isLocale(lang) ? lang : DEFAULT_LOCALE;
  const catalogue = await loadCatalogue(lng);
  // Both languages hold the same keys (catalogues.test.ts), so the page's own language needs no fallback.
  await i18next.use(initReactI18next).init({ ...i18nConfig, lng, fallbackLng: lng, resources: { [lng]: catalogue } });
  startTransition(() => {
    hydrateRoot(
      document,
      <I18nextProvider i18n={i18next}>
        <StrictMode>
          <RemixBrowser />
        </StrictMode>
      </I18nextProvider>,
    );
  });
}

void hydrate();
