import fs from "node:fs";
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { institutionProfiles } from "@db/schema";
import { createTestContext, type TestContext } from "@test/support/context";
import { makeFinancingWorld } from "@test/support/financing-world";

// The data migration that turns typed relationship managers into members (issue 18), run again over rows written
// the old way: the UPDATE is what the migrator ran on an empty table.
const MIGRATION = fs.readFileSync(new URL("../../../db/migrations/0020_institution-managers-are-members.sql", import.meta.url), "utf8");

let ctx: TestContext;
let w: ReturnType<typeof makeFinancingWorld>;
beforeEach(() => {
  ctx = createTestContext();
  w = makeFinancingWorld(ctx);
});

const contactsOf = (orgId: string) => ctx.db.select().from(institutionProfiles).where(eq(institutionProfiles.orgId, orgId)).get()!.contacts;

describe("migration 0019: relationship managers become members", () => {
  it("gives a typed contact the userId of the member with that e-mail or name; keeps one matching nobody, and another institution's member is no match", () => {
    const typed = [
      { name: "王经理", title: "客户经理", phone: "0991-1", email: w.bank.email.toUpperCase() },
      { name: w.bank.name, title: "行长", phone: "0991-2", email: "" },
      { name: w.bank2.name, title: "客户经理", phone: "0991-3", email: w.bank2.email },
    ];
    ctx.db.insert(institutionProfiles).values({ orgId: w.bank.orgId, contacts: typed }).run();
    ctx.db.$client.exec(MIGRATION);
    expect(contactsOf(w.bank.orgId)).toEqual([
      { userId: w.bank.userId, name: w.bank.name, title: "客户经理", phone: "0991-1", email: w.bank.email },
      { userId: w.bank.userId, name: w.bank.name, title: "行长", phone: "0991-2", email: w.bank.email },
      typed[2],
    ]);
  });
});
