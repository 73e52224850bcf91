import { RemixBrowser } from "@remix-run/react";
import i18next from "i18next";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { DEFAULT_LOCALE, i18nConfig } from "./i18n/config";

async function hydrate() {
  // The server rendered in the language on <html lang>; the browser must use the same one.
  const lng = document.documentElement.lang || DEFAULT_LOCALE;
  await i18next.use(initReactI18next).init({ ...i18nConfig, lng });
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
