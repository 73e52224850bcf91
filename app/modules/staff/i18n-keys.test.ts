import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import en from "~/i18n/locales/en/staff.json";
import zh from "~/i18n/locales/zh-CN/staff.json";

// Every message key the staff code and routes produce must exist in both catalogues, in the same shape.
const dir = path.dirname(new URL(import.meta.url).pathname);
const routes = path.join(dir, "../../routes");
const FILES = [
  ...fs.readdirSync(dir).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts")).map((f) => path.join(dir, f)),
  ...fs.readdirSync(routes).filter((f) => /service-requests|staff\.|reminders|stats|reports|policies|esop/.test(f)).map((f) => path.join(routes, f)),
];

function resolve(catalogue: unknown, key: string): unknown {
  return key.split(".").reduce<unknown>((node, part) => (node && typeof node === "object" ? (node as Record<string, unknown>)[part] : undefined), catalogue);
}

const keys = [...new Set(FILES.flatMap((f) => [...fs.readFileSync(f, "utf8").matchAll(/"staff:([A-Za-z0-9_.]+)"/g)].map((m) => m[1]!)))];
// Built from a state or event name at run time.
const dynamic = ["notify.request.started", "notify.request.resolved", "notify.request.closed", "notify.request.reopened", ...["start", "resolve", "close", "reopen", "rate"].map((i) => `requests.done.${i}`), ...["reassign", "visit", "followUp", "stage"].map((i) => `enterprise.done.${i}`), ...["plan", "entry", "custody"].map((i) => `esop.done.${i}`)];

describe("staff i18n catalogues", () => {
  it("finds the keys the code uses", () => {
    expect(keys).toEqual(expect.arrayContaining(["errors.notServicePerson", "notify.reminderDigest", "errors.illegalTransition"]));
  });

  it.each([
    ["zh-CN", zh],
    ["en", en],
  ])("%s has every key", (_lng, catalogue) => {
    expect([...keys, ...dynamic].filter((k) => typeof resolve(catalogue, k) !== "string")).toEqual([]);
  });

  it("zh-CN and en have the same shape", () => {
    const shape = (node: unknown, prefix = ""): string[] =>
      node && typeof node === "object" ? Object.entries(node).flatMap(([k, v]) => shape(v, `${prefix}${k.replace(/_(one|other)$/, "")}.`)) : [prefix.slice(0, -1)];
    expect([...new Set(shape(en))].sort()).toEqual([...new Set(shape(zh))].sort());
  });
});
