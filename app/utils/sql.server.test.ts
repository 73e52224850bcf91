import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { organisations } from "@db/schema";
import { makeOrg } from "@test/support/actors";
import { createTestContext } from "@test/support/context";
import { inJsonList, preparedQuery, RecentlyUsed } from "./sql.server";

describe("preparedQuery", () => {
  const byName = (db: ReturnType<typeof createTestContext>["db"]) =>
    preparedQuery(db, "test-org-by-name", (d) => d.select({ id: organisations.id }).from(organisations).where(eq(organisations.name, sql.placeholder("name"))).prepare());

  it("is built once per connection and answers each run with that run's values", () => {
    const a = createTestContext();
    const b = createTestContext();
    expect(byName(a.db)).toBe(byName(a.db));
    expect(byName(a.db)).not.toBe(byName(b.db));
    const first = makeOrg(a, "bureau", { name: "昌吉州工信局" });
    const second = makeOrg(a, "bureau", { name: "哈密市工信局" });
    expect(byName(a.db).all({ name: "昌吉州工信局" })).toEqual([{ id: first }]);
    expect(byName(a.db).all({ name: "哈密市工信局" })).toEqual([{ id: second }]);
    expect(byName(b.db).all({ name: "没有这个机构" })).toEqual([]);
  });
});

describe("RecentlyUsed", () => {
  it("forgets the entry used longest ago, a read counting as a use", () => {
    const recent = new RecentlyUsed<number>(2);
    recent.set("a", 1);
    recent.set("b", 2);
    expect(recent.get("a")).toBe(1);
    recent.set("c", 3);
    expect([recent.get("a"), recent.get("b"), recent.get("c")]).toEqual([1, undefined, 3]);
    recent.delete("a");
    expect(recent.get("a")).toBeUndefined();
  });
});

describe("inJsonList", () => {
  it("matches exactly the listed values, none for an empty list, with the same statement whatever the list's length", () => {
    const ctx = createTestContext();
    const ids = ["昌吉州工信局", "哈密市工信局", "吐鲁番市工信局"].map((name) => makeOrg(ctx, "bureau", { name }));
    const select = (values: string[]) => ctx.db.select({ id: organisations.id }).from(organisations).where(inJsonList(organisations.id, values));
    expect(select([ids[0]!, ids[2]!, ids[2]!, "org_nobody"]).all().map((r) => r.id).sort()).toEqual([ids[0], ids[2]].sort());
    expect(select([]).all()).toEqual([]);
    // A quote or bracket in a value is data, not JSON or SQL.
    expect(select(['"]) or 1=1 --']).all()).toEqual([]);
    expect(select([ids[1]!]).toSQL().sql).toBe(select([...ids]).toSQL().sql);
    const prepared = ctx.db.select({ id: organisations.id }).from(organisations).where(inJsonList(organisations.id, sql.placeholder("ids"))).prepare();
    expect(prepared.all({ ids: JSON.stringify([ids[1]]) })).toEqual([{ id: ids[1] }]);
  });
});
