import fs from "node:fs";
import { createRequire } from "node:module";
import { createInstance } from "i18next";
import { describe, expect, it } from "vitest";
import type * as Router from "@remix-run/router";
import type * as RouterDomServer from "react-router-dom/server";

// ADR 0904, 0905: the installed framework packages must carry the per-request caches (patch-package at npm ci). A
// version bump or a skipped postinstall that loses one is a silent loss of half the throughput, so each is checked.
const require = createRequire(import.meta.url);
const installed = (file: string) => fs.readFileSync(require.resolve(file), "utf8");
// The server loads the CommonJS builds (Node resolves these packages by "main"); vitest would hand an import the ES
// module build, which the browser uses and which keeps the uncached matching (ADR 0905), so these are required.
const { matchRoutes, createStaticHandler } = require("@remix-run/router") as typeof Router;
const { createStaticRouter } = require("react-router-dom/server") as typeof RouterDomServer;

describe("the framework patches", () => {
  it("are applied to the files the server loads", () => {
    const cjs = require.resolve("@remix-run/router");
    for (const file of [cjs, cjs.replace(/router\.cjs\.js$/, "router.js")]) expect(fs.readFileSync(file, "utf8"), file).toContain("compiledPathCache");
    expect(installed("@remix-run/router")).toContain("rememberedMatchesCache");
    expect(installed("@remix-run/router")).toContain("rankedBranchesCache");
    expect(installed("@remix-run/react/dist/server.js")).toContain("serverRoutesCache");
    expect(installed("react-router-dom/server.js")).toContain("dataRoutesCache");
    expect(fs.readFileSync(require.resolve("i18next").replace(/cjs[/\\]i18next\.js$/, "esm/i18next.js"), "utf8")).toContain("formattedLanguageCodes");
    expect(installed("i18next")).toContain("formattedLanguageCodes");
  });

  it("still matches as before: params, case-insensitive paths, no match", () => {
    const routes = [{ id: "need", path: "/needs/:id" }, { id: "list", path: "/needs" }];
    expect(matchRoutes(routes, "/needs/42")?.map((m) => [m.route.id, m.params])).toEqual([["need", { id: "42" }]]);
    expect(matchRoutes(routes, "/NEEDS/7")?.map((m) => m.params.id)).toEqual(["7"]);
    expect(matchRoutes(routes, "/needs")?.map((m) => m.route.id)).toEqual(["list"]);
    expect(matchRoutes(routes, "/offers")).toBeNull();
  });

  it("gives every caller its own copy of a remembered match, params shared within one result as before", () => {
    const routes = [{ id: "root", path: "/", children: [{ id: "need", path: "needs/:id" }] }];
    const first = matchRoutes(routes, "/needs/42")!;
    expect(first[0]!.params).toBe(first[1]!.params);
    (first[0]!.params as Record<string, string>).id = "changed";
    (first[1] as { pathname: string }).pathname = "/elsewhere";
    const second = matchRoutes(routes, "/needs/42")!;
    expect(second.map((m) => [m.route.id, m.pathname, m.params.id])).toEqual([
      ["root", "/", "42"],
      ["need", "/needs/42", "42"],
    ]);
    expect(second[0]!.params).toBe(second[1]!.params);
  });

  it("matches correctly past the remembered limit and for each routes array on its own", () => {
    const a = [{ id: "a", path: "/x/:n" }];
    const b = [{ id: "b", path: "/x/:n" }];
    for (let n = 0; n < 2_500; n++) expect(matchRoutes(n % 2 ? a : b, `/x/${n % 1_200}`)?.[0]).toMatchObject({ route: { id: n % 2 ? "a" : "b" }, params: { n: String(n % 1_200) } });
  });

  it("converts a routes array to data routes once, and the static router's matches still point at them", async () => {
    const routes = [{ id: "root", path: "/", children: [{ id: "page", index: true }] }];
    const handler = createStaticHandler(routes);
    const context = await handler.query(new Request("http://localhost/"));
    if (context instanceof Response) throw new Error("no context");
    const one = createStaticRouter(routes, context);
    const two = createStaticRouter(routes, context);
    expect(one.routes).toBe(two.routes);
    expect(two.state.matches.map((m) => m.route.id)).toEqual(["root", "page"]);
    expect(two.state.matches[0]!.route).toBe(two.routes[0]);
  });

  it("formats a language code once per i18next instance and still translates", async () => {
    const i18n = createInstance();
    await i18n.init({ lng: "zh-CN", fallbackLng: "en", resources: { "zh-CN": { translation: { hello: "你好" } }, en: { translation: { hello: "hello", only: "only en" } } } });
    expect(i18n.t("hello")).toBe("你好");
    expect(i18n.t("only")).toBe("only en");
    expect(i18n.services.languageUtils.formatLanguageCode("zh-cn")).toBe("zh-CN");
    expect(i18n.services.languageUtils.toResolveHierarchy("zh-CN")).toEqual(["zh-CN", "zh", "en"]);
  });
});
