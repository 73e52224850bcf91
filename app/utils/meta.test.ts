import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import en from "~/i18n/locales/en/titles.json";
import zh from "~/i18n/locales/zh-CN/titles.json";
import { pageTitle, titlesFor } from "./meta";

const root = (locale: string) => [{ id: "root", data: { locale } }];

describe("page titles follow the page's language", () => {
  it("come from the titles catalogue in the language the root loader chose", () => {
    expect(pageTitle(root("zh-CN"), "dashboard")).toEqual([{ title: "工作台 · 专精特新专板" }]);
    expect(pageTitle(root("en"), "dashboard")).toEqual([{ title: "Dashboard · SRDI Board" }]);
    expect(pageTitle(root("en"), "deck", { name: "Series A" })).toEqual([{ title: "Series A · Roadshow · SRDI Board" }]);
    expect(pageTitle([], "login")).toEqual([{ title: "登录 · 专精特新专板" }]);
    expect(titlesFor("en").home).toBe(en.home);
  });

  it("fall back to the site name when a named page has no name yet", () => {
    expect(pageTitle(root("en"), "conversation", { name: "" })).toEqual([{ title: "SRDI Board" }]);
  });

  it("exist in both languages for every page", () => {
    expect(Object.keys(en.pages).sort()).toEqual(Object.keys(zh.pages).sort());
    for (const catalogue of [en, zh]) for (const [key, text] of Object.entries(catalogue.pages)) expect(text.trim(), key).not.toBe("");
  });

  it("are never hard-coded in a route's meta", () => {
    const dir = path.resolve(import.meta.dirname, "../routes");
    const hardCoded = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith(".tsx"))
      .filter((f) => /export const meta[\s\S]*?title:\s*["`]/.test(fs.readFileSync(path.join(dir, f), "utf8")));
    expect(hardCoded).toEqual([]);
  });
});
