import fs from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { matchRoutes } from "@remix-run/router";

// ADR 0904: the installed @remix-run/router must carry the compiled-path cache (patch-package at npm ci). A version
// bump or a skipped postinstall that loses it is a silent 50% throughput loss, so it is checked here.
describe("the route-matching patch", () => {
  it("is applied to both builds of @remix-run/router", () => {
    const require = createRequire(import.meta.url);
    const cjs = require.resolve("@remix-run/router");
    for (const file of [cjs, cjs.replace(/router\.cjs\.js$/, "router.js")]) expect(fs.readFileSync(file, "utf8"), file).toContain("compiledPathCache");
  });

  it("still matches as before: params, case-insensitive paths, no match", () => {
    const routes = [{ id: "need", path: "/needs/:id" }, { id: "list", path: "/needs" }];
    expect(matchRoutes(routes, "/needs/42")?.map((m) => [m.route.id, m.params])).toEqual([["need", { id: "42" }]]);
    expect(matchRoutes(routes, "/NEEDS/7")?.map((m) => m.params.id)).toEqual(["7"]);
    expect(matchRoutes(routes, "/needs")?.map((m) => m.route.id)).toEqual(["list"]);
    expect(matchRoutes(routes, "/offers")).toBeNull();
  });
});
