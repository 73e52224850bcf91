import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PRODUCT_APPLICATION_STATES } from "@db/schema";
import en from "~/i18n/locales/en/marketplace.json";
import zh from "~/i18n/locales/zh-CN/marketplace.json";

const dir = path.dirname(new URL(import.meta.url).pathname);
const MINE = ["cost.ts", "market-schemas.ts", "input-errors.ts", "enterprise-facts.server.ts", "needs-read.server.ts", "offers.server.ts", "comparison.server.ts", "outcomes.server.ts", "mandates.server.ts", "follows.server.ts", "credit-products.server.ts", "product-applications.server.ts", "recommendations.server.ts"];

function lookup(catalogue: unknown, key: string): unknown {
  return key.split(".").reduce<unknown>((node, part) => (node && typeof node === "object" ? (node as Record<string, unknown>)[part] : undefined), catalogue);
}

describe("marketplace messages", () => {
  const keys = new Set<string>();
  for (const file of MINE) {
    for (const m of fs.readFileSync(path.join(dir, file), "utf8").matchAll(/"marketplace:([a-zA-Z.]+)"/g)) keys.add(m[1]!);
  }
  // Keys built at run time from a state name.
  for (const state of PRODUCT_APPLICATION_STATES) if (state !== "submitted") keys.add(`notify.application.${state}`);

  it("finds the keys the services use", () => {
    expect(keys.size).toBeGreaterThan(40);
  });

  it.each([...keys])("%s exists in zh-CN and en", (key) => {
    expect(typeof lookup(zh, key), `zh-CN ${key}`).toBe("string");
    expect(typeof lookup(en, key), `en ${key}`).toBe("string");
  });
});
