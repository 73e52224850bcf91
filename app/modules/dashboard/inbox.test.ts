import { describe, expect, it } from "vitest";
import { createTestContext } from "@test/support/context";
import { clientId, loanTerms, makeFinancingWorld, makeNeed } from "@test/support/financing-world";
import { declineOffer, submitOffer } from "../financing/offers.server";
import { requestDataAccess } from "../enterprises/data-access.server";
import { startConversation } from "../messaging/conversations.server";
import { markRead, sendMessage } from "../messaging/messages.server";
import { dashboardInbox } from "./inbox.server";

const line = (items: ReturnType<typeof dashboardInbox>, key: string) => items.find((i) => i.key === key);

describe("the dashboard's inbox", () => {
  it("tells the enterprise about offers to answer and unread messages, and the bank about offers waiting; it leads with what waits", () => {
    const ctx = createTestContext();
    const w = makeFinancingWorld(ctx);
    const needId = makeNeed(ctx, w.entOrg);
    expect(line(dashboardInbox(ctx, w.enterprise), "offersToAnswer")).toMatchObject({ values: { count: 0 }, attention: false });

    const first = submitOffer(ctx, w.bank, { id: clientId(), needId, validUntil: "2026-04-30", terms: loanTerms() }).offer;
    submitOffer(ctx, w.bank2, { id: clientId(), needId, validUntil: "2026-04-30", terms: loanTerms({ rateBp: 400 }) });
    const conversation = startConversation(ctx, w.bank, { subjectType: "profile", subjectId: w.entOrg, withOrgId: w.entOrg });
    sendMessage(ctx, w.bank, { conversationId: conversation.id, clientId: clientId(), body: "您好，报价已提交。" });
    sendMessage(ctx, w.bank, { conversationId: conversation.id, clientId: clientId(), body: "请查收。" });

    const inbox = dashboardInbox(ctx, w.enterprise);
    expect(line(inbox, "offersToAnswer")).toMatchObject({ href: "/needs/mine", values: { count: 2 }, attention: true });
    expect(line(inbox, "messages")).toMatchObject({ values: { count: 2, threads: 1 }, attention: true });
    expect(inbox.findIndex((i) => !i.attention)).toBeGreaterThan(inbox.findLastIndex((i) => i.attention));

    // A declined offer no longer waits; the bank sees its own offers that still do.
    declineOffer(ctx, w.enterprise, first.id, { reason: "rate" });
    expect(line(dashboardInbox(ctx, w.enterprise), "offersToAnswer")?.values.count).toBe(1);
    expect(line(dashboardInbox(ctx, w.bank), "offersWithEnterprises")?.values.count).toBe(0);
    expect(line(dashboardInbox(ctx, w.bank2), "offersWithEnterprises")?.values.count).toBe(1);

    // A bank asks to read members-only sections: the enterprise has a request to decide.
    requestDataAccess(ctx, w.bank, w.entOrg, { sections: ["financials"], purpose: "授信审查需要近三年财务数据" });
    expect(line(dashboardInbox(ctx, w.enterprise), "accessRequests")).toMatchObject({ href: "/profile/access", values: { count: 1 }, attention: true });
  });

  it("counts others' messages past the user's own read mark, across every thread of the organisation", () => {
    const ctx = createTestContext();
    const w = makeFinancingWorld(ctx);
    const unread = () => line(dashboardInbox(ctx, w.enterprise), "messages")?.values;
    const a = startConversation(ctx, w.bank, { subjectType: "profile", subjectId: w.entOrg, withOrgId: w.entOrg });
    const sent = [1, 2, 3].map((n) => sendMessage(ctx, w.bank, { conversationId: a.id, clientId: clientId(), body: `第 ${n} 条` }).message);
    expect(unread()).toEqual({ count: 3, threads: 1 });
    markRead(ctx, w.enterprise, a.id, sent[1]!.seq);
    expect(unread()).toEqual({ count: 1, threads: 1 });
    const b = startConversation(ctx, w.bank2, { subjectType: "general", withOrgId: w.entOrg });
    const last = [1, 2].map((n) => sendMessage(ctx, w.bank2, { conversationId: b.id, clientId: clientId(), body: `另一家 ${n}` }).message).at(-1)!;
    expect(unread()).toEqual({ count: 3, threads: 2 });
    markRead(ctx, w.enterprise, b.id, last.seq);
    expect(unread()).toEqual({ count: 1, threads: 1 });
    // Replying reads the thread up to the reply, and the reply is unread for the bank, whose read mark is its own.
    sendMessage(ctx, w.enterprise, { conversationId: a.id, clientId: clientId(), body: "收到" });
    expect(unread()).toEqual({ count: 0, threads: 0 });
    expect(line(dashboardInbox(ctx, w.bank), "messages")?.values).toEqual({ count: 1, threads: 1 });
  });

  it("shows each line only to whom it concerns: no enterprise lines for a bank, no offer lines for a regulator", () => {
    const ctx = createTestContext();
    const w = makeFinancingWorld(ctx);
    const keys = (items: ReturnType<typeof dashboardInbox>) => items.map((i) => i.key);
    expect(keys(dashboardInbox(ctx, w.bank))).not.toContain("offersToAnswer");
    expect(keys(dashboardInbox(ctx, w.bank))).not.toContain("accessRequests");
    expect(keys(dashboardInbox(ctx, w.bank))).not.toContain("deckViews");
    expect(keys(dashboardInbox(ctx, w.enterprise))).toEqual(expect.arrayContaining(["offersToAnswer", "accessRequests", "deckViews", "messages"]));
    expect(keys(dashboardInbox(ctx, w.enterprise))).not.toContain("offersWithEnterprises");
    expect(keys(dashboardInbox(ctx, w.regulator))).toEqual(["messages"]);
  });
});
