import { createInstance, type TFunction } from "i18next";
import { i18nServerConfig } from "~/i18n/resources";

const cache = new Map<string, TFunction>();

/**
 * A synchronous translator for the board namespace, used where a decision freezes its evidence
 * text inside a (synchronous) database transaction. Resources are bundled, so init is immediate.
 */
export function boardTranslator(locale = "zh-CN"): TFunction {
  let t = cache.get(locale);
  if (!t) {
    const instance = createInstance();
    void instance.init({ ...i18nServerConfig, lng: locale, defaultNS: "board", initImmediate: false });
    t = instance.getFixedT(locale, "board");
    cache.set(locale, t);
  }
  return t;
}
