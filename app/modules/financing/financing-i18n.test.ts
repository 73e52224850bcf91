import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { notifications } from "@db/schema";
import { createTestContext } from "@test/support/context";
import { makeActor } from "@test/support/actors";
import { PRODUCT_APPLICATION_STATES } from "@db/schema";
import en from "~/i18n/locales/en/financing.json";
import zh from "~/i18n/locales/zh-CN/financing.json";

const dir = path.dirname(new URL(import.meta.url).pathname);
const MINE = ["cost.ts", "financing-schemas.ts", "input-errors.ts", "enterprise-facts.server.ts", "needs-read.server.ts", "offers.server.ts", "comparison.server.ts", "outcomes.server.ts", "mandates.server.ts", "follows.server.ts", "credit-products.server.ts", "product-applications.server.ts", "recommendations.server.ts"];

function lookup(catalogue: unknown, key: string): unknown {
  return key.split(".").reduce<unknown>((node, part) => (node && typeof node === "object" ? (node as Record<string, unknown>)[part] : undefined), catalogue);
}

describe("financing messages of the offers, products and applications services", () => {
  const keys = new Set<string>();
  for (const file of MINE) {
    for (const m of fs.readFileSync(path.join(dir, file), "utf8").matchAll(/"financing:([a-zA-Z.]+)"/g)) keys.add(m[1]!);
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

describe("stored message keys follow the catalogue (migration *_financing-message-keys.sql)", () => {
  it("rewrites a notification's marketplace key to its financing key, and nothing else", () => {
    const ctx = createTestContext();
    const user = makeActor(ctx, { orgKind: "enterprise" });
    const written = {
      old: { key: "marketplace:notify.offerSubmitted", values: { need: "marketplace: 流动资金贷款" }, href: "/market/offers/1" },
      other: { key: "board:notify.forwarded", values: { note: "marketplace:notify.x" } },
    };
    for (const [id, payload] of Object.entries(written)) {
      ctx.db.insert(notifications).values({ id, userId: user.userId, kind: "offer", payload: JSON.stringify(payload), createdAt: 1, updatedAt: 1 }).run();
    }
    const migrations = path.resolve(dir, "../../../db/migrations");
    const file = fs.readdirSync(migrations).find((f) => f.endsWith("_financing-message-keys.sql"))!;
    ctx.db.$client.exec(fs.readFileSync(path.join(migrations, file), "utf8"));
    const stored = Object.fromEntries(ctx.db.select().from(notifications).all().map((n) => [n.id, JSON.parse(n.payload)]));
    expect(stored.old).toEqual({ ...written.old, key: "financing:notify.offerSubmitted" });
    expect(lookup(zh, "notify.offerSubmitted")).toEqual(expect.any(String));
    expect(stored.other).toEqual(written.other);
  });
});

describe("one name for the area", () => {
  it("no source under app/ names a financing catalogue group by the old market name (they are matchingErrors, matchingFields… now)", () => {
    const app = path.resolve(dir, "../..");
    const offending: string[] = [];
    const walk = (d: string) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const full = path.join(d, e.name);
        if (e.isDirectory()) walk(full);
        else if (/\.(ts|tsx|json)$/.test(e.name) && !e.name.endsWith(".test.ts")) {
          const text = fs.readFileSync(full, "utf8");
          for (const m of text.matchAll(/\bmarket(Errors|Fields|Instruments|Collateral|Stages)\b/g)) offending.push(`${path.relative(app, full)}: ${m[0]}`);
        }
      }
    };
    walk(app);
    expect(offending).toEqual([]);
    expect(Object.keys(en).filter((k) => k.startsWith("market"))).toEqual([]);
  });
});
