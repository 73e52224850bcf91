import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { createInstance, type i18n as I18n } from "i18next";
import { I18nextProvider, initReactI18next, useTranslation } from "react-i18next";
import { describe, expect, it, vi } from "vitest";
import { i18nServerConfig } from "./resources";
import { rememberTranslations } from "./remembered-translations.server";

async function serverInstance(lng: string): Promise<I18n> {
  const instance = createInstance();
  await instance.init({ ...i18nServerConfig, lng });
  return instance;
}

// Calls as components make them (through getFixedT, as react-i18next's useTranslation does) and as code does.
const calls: Array<[ns: string, key: string | string[], options?: Record<string, unknown>]> = [
  ["common", "nav.dashboard"],
  ["common", "nav.groups.financing"],
  ["search", "nav.search"],
  ["common", "financing:nav.needs"],
  ["financing", "reasons.amount", { amount: "500万元", min: "100万元", max: "2,000万元" }],
  ["identity", "mfa.remaining", { count: 1 }],
  ["identity", "mfa.remaining", { count: 7 }],
  ["common", "no.such.key"],
  ["common", ["no.such.key", "nav.account"]],
  ["common", "dashboard.greeting", { name: "张三" }],
  ["common", "dashboard.greeting", { name: "李四" }],
  // Values that look like the remembered key's own separators are still told apart.
  ["common", "dashboard.greeting", { name: "李四|4:name=s2:王五" }],
  ["common", "dashboard.greeting", { name: "李四", extra: "s2:王五" }],
];

describe("rememberTranslations", () => {
  it("answers every call exactly as the instance did, in both languages, the first time and again", async () => {
    for (const lng of ["zh-CN", "en"]) {
      const plain = await serverInstance(lng);
      const remembering = await serverInstance(lng);
      rememberTranslations(remembering);
      for (let round = 0; round < 2; round++) {
        for (const [ns, key, options] of calls) {
          expect(remembering.getFixedT(lng, ns)(key as string, options as never)).toBe(plain.getFixedT(lng, ns)(key as string, options as never));
          expect(remembering.t(key as string, { ns, ...options } as never)).toBe(plain.t(key as string, { ns, ...options } as never));
        }
      }
    }
  });

  it("asks i18next once per distinct key and options, and every time for what it does not remember", async () => {
    const instance = await serverInstance("zh-CN");
    const spy = vi.spyOn(instance, "t");
    rememberTranslations(instance);
    const t = instance.getFixedT("zh-CN", "common");
    t("nav.dashboard");
    t("nav.dashboard");
    expect(spy).toHaveBeenCalledTimes(1);
    t("dashboard.greeting", { name: "张三" });
    t("dashboard.greeting", { name: "张三" });
    t("dashboard.greeting", { name: "李四" });
    expect(spy).toHaveBeenCalledTimes(3);
    // An object among the options, or objects asked for, go to i18next each time.
    t("nav.groups", { returnObjects: true });
    t("nav.groups", { returnObjects: true });
    t("dashboard.greeting", { name: "王五", replace: { x: 1 } });
    t("dashboard.greeting", { name: "王五", replace: { x: 1 } });
    expect(spy).toHaveBeenCalledTimes(7);
  });

  it("remembers what components ask through react-i18next", async () => {
    const instance = createInstance();
    await instance.use(initReactI18next).init({ ...i18nServerConfig, lng: "zh-CN" });
    const spy = vi.spyOn(instance, "t");
    rememberTranslations(instance);
    function Menu() {
      const { t } = useTranslation();
      return createElement("p", null, t("nav.dashboard"), " ", t("nav.dashboard"), " ", t("search:nav.search"));
    }
    const html = renderToString(createElement(I18nextProvider, { i18n: instance }, createElement(Menu), createElement(Menu)));
    expect(html).toContain("工作台");
    expect(spy).toHaveBeenCalledTimes(2);
  });

  it("keeps at most its limit of answers, the oldest going first", async () => {
    const instance = await serverInstance("en");
    const spy = vi.spyOn(instance, "t");
    rememberTranslations(instance, 2);
    const t = instance.getFixedT("en", "common");
    t("nav.dashboard");
    t("nav.account");
    t("nav.directory");
    expect(spy).toHaveBeenCalledTimes(3);
    t("nav.account");
    t("nav.directory");
    expect(spy).toHaveBeenCalledTimes(3);
    t("nav.dashboard");
    expect(spy).toHaveBeenCalledTimes(4);
  });
});
