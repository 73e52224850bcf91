// Both languages' catalogues, for the server (which renders either) and tests; the browser imports only the one
// language its page is in (app/entry.client.tsx), so the other never ships.
import en from "./locales/en";
import zh from "./locales/zh-CN";
import { i18nConfig } from "./config";

export const resources = { "zh-CN": zh, en } as const;

/** The shared settings with every catalogue: server renders, mail and PDF translators, tests. */
export const i18nServerConfig = { ...i18nConfig, resources } as const;
