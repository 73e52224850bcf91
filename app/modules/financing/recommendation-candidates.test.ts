import { beforeEach, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "@test/support/context";
import { clientId, loanTerms, makeFinancingWorld, makeNeed } from "@test/support/financing-world";
import { createCreditProduct, setProductState } from "./credit-products.server";
import { createMandate, updateMandate } from "./mandates.server";
import { submitOffer } from "./offers.server";
import { recommendNeedsForInstitution } from "./recommendations.server";

let ctx: TestContext;
let w: ReturnType<typeof makeFinancingWorld>;

beforeEach(() => {
  ctx = createTestContext();
  w = makeFinancingWorld(ctx);
});

/** Every statement the connection runs while `fn` runs, with the arguments it ran with. */
function statementsDuring(fn: () => void): Array<{ sql: string; args: unknown[] }> {
  const client = ctx.db.$client;
  const prepare = client.prepare;
  const seen: Array<{ sql: string; args: unknown[] }> = [];
  client.prepare = ((source: string) => {
    const statement = prepare.call(client, source);
    const proxy: typeof statement = new Proxy(statement, {
      get(target, key) {
        const value = Reflect.get(target, key, target) as unknown;
        // drizzle runs a select as `statement.raw().all(...)`: the mode setters hand back the recording statement.
        if (key === "raw" || key === "pluck" || key === "expand") {
          return (...args: unknown[]) => {
            (value as (...a: unknown[]) => unknown).apply(target, args);
            return proxy;
          };
        }
        if (key !== "all" && key !== "get" && key !== "iterate") return typeof value === "function" ? value.bind(target) : value;
        return (...args: unknown[]) => {
          seen.push({ sql: source, args });
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    return proxy;
  }) as typeof client.prepare;
  try {
    fn();
  } finally {
    client.prepare = prepare;
  }
  return seen;
}

describe("an institution's recommendation candidates", () => {
  it("are read from the instrument-and-amount index alone, one range per mandate or product, not every published need", () => {
    createMandate(ctx, w.bank, { name: "科技型企业流贷", instruments: ["loan"], minAmount: 1_000_000, maxAmount: 50_000_000, collateral: ["receivables"] });
    const product = createCreditProduct(ctx, w.bank, {
      name: "知识产权质押贷",
      kind: "ip_pledge",
      summary: "以专利权质押",
      minAmount: 1_000_000,
      maxAmount: 10_000_000,
      rateMinBp: 350,
      rateMaxBp: 450,
      termMinMonths: 6,
      termMaxMonths: 36,
      collateral: ["ip"],
      eligibility: { tiers: ["standardisation"], industries: ["C"], prefectures: [], srdiTitleRequired: false },
    });
    setProductState(ctx, w.bank, product.id, "publish");
    const orders = createCreditProduct(ctx, w.bank, {
      name: "订单贷",
      kind: "order_loan",
      summary: "凭订单",
      minAmount: 500_000,
      maxAmount: 5_000_000,
      rateMinBp: 400,
      rateMaxBp: 500,
      termMinMonths: 3,
      termMaxMonths: 12,
      collateral: ["orders"],
      eligibility: { tiers: [], industries: ["C"], prefectures: [], minRevenue: 20_000_000, srdiTitleRequired: false },
    });
    setProductState(ctx, w.bank, orders.id, "publish");
    for (let n = 0; n < 40; n++) makeNeed(ctx, w.entOrg, { instrument: n % 2 ? "loan" : "equity", amount: 3_000_000 + n * 100_000 });

    const statements = statementsDuring(() => expect(recommendNeedsForInstitution(ctx, w.bank, 6)).toHaveLength(6));
    const candidates = statements.filter((s) => s.sql.includes("max(case when"));
    expect(candidates.length).toBeGreaterThan(0);
    for (const { sql, args } of candidates) {
      const plan = ctx.db.$client
        .prepare(`explain query plan ${sql}`)
        .all(...args)
        .map((row) => (row as { detail: string }).detail);
      const reads = plan.filter((d) => / financing_needs /.test(`${d} `) && /^(SEARCH|SCAN)/.test(d));
      expect(reads.length, plan.join("\n")).toBeGreaterThan(0);
      for (const read of reads) expect(read, plan.join("\n")).toMatch(/^SEARCH financing_needs USING COVERING INDEX financing_needs_match_idx \(instrument=\? AND amount>\? AND amount<\?\)$/);
    }
  });
});

describe("the kept candidate query", () => {
  it("follows every input it was built from: offers made, a mandate's range and instruments, and who is reading", () => {
    const mandate = { name: "科技型企业流贷", instruments: ["loan" as const], minAmount: 1_000_000, maxAmount: 50_000_000 };
    const m = createMandate(ctx, w.bank, mandate);
    createMandate(ctx, w.bank2, mandate);
    const small = makeNeed(ctx, w.entOrg, { instrument: "loan", amount: 5_000_000 });
    const large = makeNeed(ctx, w.entOrg, { instrument: "loan", amount: 20_000_000 });
    const equity = makeNeed(ctx, w.entOrg, { instrument: "equity", amount: 5_000_000 });
    const directed = makeNeed(ctx, w.entOrg, { instrument: "loan", amount: 6_000_000, audience: "directed", directedTo: [w.bank2.orgId] });
    const ids = (actor = w.bank) => recommendNeedsForInstitution(ctx, actor, 10).map((r) => r.need.id).sort();

    expect(ids()).toEqual([small, large].sort());
    // The same sources read by another member: its own audience (the need directed to it) and its own offers.
    expect(ids(w.bank2)).toEqual([small, large, directed].sort());

    submitOffer(ctx, w.bank, { id: clientId(), needId: small, validUntil: "2026-04-30", terms: loanTerms() });
    expect(ids()).toEqual([large]);
    expect(ids(w.bank2)).toEqual([small, large, directed].sort());

    updateMandate(ctx, w.bank, m.id, { ...mandate, maxAmount: 10_000_000 });
    expect(ids()).toEqual([]);
    updateMandate(ctx, w.bank, m.id, { ...mandate, instruments: ["loan", "equity"], maxAmount: 10_000_000 });
    expect(ids()).toEqual([equity]);
  });
});
