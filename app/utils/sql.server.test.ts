import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { organisations } from "@db/schema";
import { makeOrg } from "@test/support/actors";
import { createTestContext } from "@test/support/context";
import { preparedQuery } from "./sql.server";

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
