import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { users } from "@db/schema";
import { actorForUser } from "../identity/sessions.server";
import { listConversations } from "./conversations.server";
import { messagesAfter } from "./messages.server";
import { unreadNotificationCount } from "./notifications.server";
import { demoWorldContext } from "@test/support/demo-world";

describe("messaging demo data", () => {
  it("gives the demo enterprise conversations with unread replies, in order, and keeps others out", async () => {
    const { ctx } = await demoWorldContext();
    const actor = (email: string) => actorForUser(ctx, ctx.db.select().from(users).where(eq(users.email, email)).get()!)!;
    const ent = actor("ent01@demo.xj");
    const list = listConversations(ctx, ent);
    expect(list.items.map((c) => c.counterpartName)).toEqual(expect.arrayContaining(["天山商业银行乌鲁木齐分行", "雪莲创业投资有限公司"]));
    expect(list.totalUnread).toBe(3);
    expect(unreadNotificationCount(ctx, ent.userId)).toBeGreaterThan(0);
    const bankThread = list.items.find((c) => c.counterpartName.startsWith("天山"))!;
    expect(messagesAfter(ctx, ent, bankThread.id, 0).messages.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(listConversations(ctx, actor("bank2@inst.demo")).items).toEqual([]);
    expect(listConversations(ctx, actor("service@xjex.demo")).items).toHaveLength(1);
  }, 60_000);
});
