import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { count, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { conversations, mailOutbox, messages, notifications, organisations, readReceipts } from "@db/schema";
import { createTestContext, type TestContext } from "@test/support/context";
import { DomainError, ForbiddenError, NotFoundError } from "~/utils/errors";
import { newId } from "~/utils/ids";
import { openAttachment, saveAttachment } from "./attachments.server";
import { addStaff, conversationDetails, listConversations, startConversation } from "./conversations.server";
import { runDailyDigest } from "./digest.server";
import { markRead, messagesAfter, sendMessage } from "./messages.server";
import { listNotifications, markNotificationsRead, setPreferences, unreadNotificationCount } from "./notifications.server";
import { Presence, registerPresence } from "./presence.server";
import { replaceSubjectAccess } from "./subject-access.server";
import { makeMessagingWorld } from "@test/support/messaging-world";
import { makeActor } from "@test/support/actors";

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
const PDF = new TextEncoder().encode("%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n");

let ctx: TestContext;
let w: ReturnType<typeof makeMessagingWorld>;
const cid = () => `c-${newId()}`;

beforeEach(() => {
  ctx = createTestContext();
  ctx.config.dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "messaging-test-"));
  w = makeMessagingWorld(ctx);
});

function open() {
  return startConversation(ctx, w.bank, { subjectType: "general", withOrgId: w.enterprise.orgId });
}

describe("starting conversations", () => {
  it("pairs an enterprise with a member and reopens the same conversation for the same subject", () => {
    const c = open();
    expect(c.enterpriseOrgId).toBe(w.enterprise.orgId);
    expect(c.memberOrgId).toBe(w.bank.orgId);
    const again = startConversation(ctx, w.enterprise, { subjectType: "general", withOrgId: w.bank.orgId });
    expect(again.id).toBe(c.id);
    const profile = startConversation(ctx, w.bank, { subjectType: "profile", subjectId: w.enterprise.orgId, withOrgId: w.enterprise.orgId });
    expect(profile.id).not.toBe(c.id);
  });

  it("refuses enterprise↔enterprise and member↔member pairs, and unknown organisations", () => {
    expect(() => startConversation(ctx, w.enterprise, { subjectType: "general", withOrgId: w.secondEnterprise.orgId })).toThrow(ForbiddenError);
    expect(() => startConversation(ctx, w.bank, { subjectType: "general", withOrgId: w.otherBank.orgId })).toThrow(ForbiddenError);
    expect(() => startConversation(ctx, w.bank, { subjectType: "general", withOrgId: "nope" })).toThrow(NotFoundError);
    expect(() => startConversation(ctx, w.bank, { subjectType: "profile", subjectId: w.secondEnterprise.orgId, withOrgId: w.enterprise.orgId })).toThrow(DomainError);
  });

  it("asks the owning area's subject check, and refuses subjects nobody registered", () => {
    // Stand-ins for the areas' checks, put back afterwards (the registry outlives this file in its worker).
    const restore = [replaceSubjectAccess("need", null)];
    try {
      expect(() => startConversation(ctx, w.bank, { subjectType: "need", subjectId: "need1", withOrgId: w.enterprise.orgId })).toThrow(
        expect.objectContaining({ message: "messaging:errors.subjectUnsupported" }),
      );
      const seen: string[] = [];
      restore.push(
        replaceSubjectAccess("product_application", (_ctx, actor, { subjectId, withOrgId }) => {
          seen.push(subjectId);
          if (subjectId !== "app-visible") throw new NotFoundError();
          return { enterpriseOrgId: withOrgId, memberOrgId: actor.orgId };
        }),
      );
      expect(() => startConversation(ctx, w.bank, { subjectType: "product_application", subjectId: "app-hidden", withOrgId: w.enterprise.orgId })).toThrow(NotFoundError);
      const c = startConversation(ctx, w.bank, { subjectType: "product_application", subjectId: "app-visible", withOrgId: w.enterprise.orgId });
      expect(c.subjectId).toBe("app-visible");
      expect(seen).toEqual(["app-hidden", "app-visible"]);
    } finally {
      for (const put of restore.reverse()) put();
    }
  });

  it("notifies the other side's users that a conversation was opened", () => {
    open();
    expect(unreadNotificationCount(ctx, w.enterprise.userId)).toBe(1);
    expect(unreadNotificationCount(ctx, w.enterpriseColleague.userId)).toBe(1);
    expect(unreadNotificationCount(ctx, w.bank.userId)).toBe(0);
  });
});

describe("sending messages", () => {
  it("assigns gap-free sequences in order and broadcasts each stored message once", () => {
    const c = open();
    const seqs = ["一", "二", "三"].map((body) => sendMessage(ctx, w.bank, { conversationId: c.id, clientId: cid(), body }).message.seq);
    expect(seqs).toEqual([1, 2, 3]);
    const delivered = ctx.realtime.events.filter((e) => e.event === "message:new" && e.target === `conversation:${c.id}`);
    expect(delivered.map((e) => (e.payload as { body: string }).body)).toEqual(["一", "二", "三"]);
  });

  it("reaches the participants with one broadcast whatever their number, and pushes unread counts only after the ack", async () => {
    const c = open();
    addStaff(ctx, w.exchangeAdmin, c.id, w.specialist.userId);
    const colleagues = Array.from({ length: 30 }, (_, i) => makeActor(ctx, { orgId: w.enterprise.orgId, roles: ["member"], userName: `同事${i}` }));
    ctx.realtime.events.length = 0;
    sendMessage(ctx, w.bank, { conversationId: c.id, clientId: cid(), body: "本月授信材料已齐" });
    // What leaves before the sender's ack: the message to the conversation's room and one inbox signal to the
    // participants' rooms (both organisations and the added staff member), nothing per person.
    expect(ctx.realtime.events.map((e) => e.event).sort()).toEqual(["conversation:activity", "message:new"]);
    const activity = ctx.realtime.events.find((e) => e.event === "conversation:activity")!;
    expect(activity.target.split(" ").sort()).toEqual([`org:${w.bank.orgId}`, `org:${w.enterprise.orgId}`, `user:${w.specialist.userId}`].sort());
    // Then each notified participant's own unread count (the numbers differ per person).
    await new Promise((resolve) => setImmediate(resolve));
    const pushed = ctx.realtime.events.filter((e) => e.event === "notification:count").map((e) => e.target);
    expect(pushed.sort()).toEqual([w.enterprise, w.enterpriseColleague, w.specialist, ...colleagues].map((u) => `user:${u.userId}`).sort());
  });

  it("is idempotent on the client id: a resend returns the stored message and stores nothing new", () => {
    const c = open();
    const clientId = cid();
    const first = sendMessage(ctx, w.enterprise, { conversationId: c.id, clientId, body: "您好，想了解贷款" });
    const resend = sendMessage(ctx, w.enterprise, { conversationId: c.id, clientId, body: "您好，想了解贷款" });
    const changedBody = sendMessage(ctx, w.enterprise, { conversationId: c.id, clientId, body: "different text" });
    expect(first.duplicate).toBe(false);
    expect(resend).toEqual({ message: first.message, duplicate: true });
    expect(changedBody.message.body).toBe("您好，想了解贷款");
    expect(ctx.db.select({ n: count() }).from(messages).get()!.n).toBe(1);
    expect(ctx.realtime.events.filter((e) => e.event === "message:new")).toHaveLength(1);
    // The same client id in another conversation is another message.
    const other = startConversation(ctx, w.enterprise, { subjectType: "general", withOrgId: w.otherBank.orgId });
    expect(sendMessage(ctx, w.enterprise, { conversationId: other.id, clientId, body: "x" }).duplicate).toBe(false);
  });

  it("replays everything after a sequence, in order, and pages long gaps", () => {
    const c = open();
    for (let i = 1; i <= 7; i++) sendMessage(ctx, i % 2 ? w.bank : w.enterprise, { conversationId: c.id, clientId: cid(), body: `m${i}` });
    const after3 = messagesAfter(ctx, w.enterprise, c.id, 3);
    expect(after3.messages.map((m) => m.body)).toEqual(["m4", "m5", "m6", "m7"]);
    expect(after3.lastSeq).toBe(7);
    const paged = messagesAfter(ctx, w.enterprise, c.id, 0, 5);
    expect(paged.messages.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(paged.hasMore).toBe(true);
    expect(messagesAfter(ctx, w.enterprise, c.id, 5, 5).messages.map((m) => m.seq)).toEqual([6, 7]);
    expect(messagesAfter(ctx, w.enterprise, c.id, 7).messages).toEqual([]);
  });

  it("keeps a third organisation out: it cannot read, send, mark read or see the conversation", () => {
    const c = open();
    sendMessage(ctx, w.bank, { conversationId: c.id, clientId: cid(), body: "机密条款" });
    expect(() => messagesAfter(ctx, w.otherBank, c.id, 0)).toThrow(NotFoundError);
    expect(() => sendMessage(ctx, w.otherBank, { conversationId: c.id, clientId: cid(), body: "hi" })).toThrow(NotFoundError);
    expect(() => markRead(ctx, w.otherBank, c.id, 1)).toThrow(NotFoundError);
    expect(() => conversationDetails(ctx, w.otherBank, c.id)).toThrow(NotFoundError);
    expect(() => addStaff(ctx, w.otherBank, c.id, w.specialist.userId)).toThrow(NotFoundError);
    expect(listConversations(ctx, w.otherBank).items).toEqual([]);
    expect(() => messagesAfter(ctx, w.specialist, c.id, 0)).toThrow(NotFoundError);
  });

  it("refuses empty, oversized and malformed input with clear errors and stores nothing", () => {
    const c = open();
    const attempt = (body: string, clientId = cid()) => {
      try {
        sendMessage(ctx, w.enterprise, { conversationId: c.id, clientId, body });
        return "stored";
      } catch (error) {
        expect(error).toBeInstanceOf(DomainError);
        return (error as DomainError).message;
      }
    };
    expect(attempt("")).toBe("messaging:errors.bodyEmpty");
    expect(attempt("   \n ")).toBe("messaging:errors.bodyEmpty");
    expect(attempt("长".repeat(4001))).toBe("messaging:errors.bodyTooLong");
    expect(attempt("x".repeat(1024 * 1024))).toBe("messaging:errors.bodyTooLong");
    expect(attempt("ok", "bad id with spaces")).toBe("messaging:errors.clientIdInvalid");
    expect(ctx.db.select({ n: count() }).from(messages).get()!.n).toBe(0);
    expect(attempt("长".repeat(4000))).toBe("stored");
  });

  it("stores HTML as the text it is", () => {
    const c = open();
    const html = `<script>alert(1)</script><img src=x onerror="alert(2)">`;
    sendMessage(ctx, w.enterprise, { conversationId: c.id, clientId: cid(), body: html });
    expect(messagesAfter(ctx, w.bank, c.id, 0).messages[0]!.body).toBe(html);
  });
});

describe("the conversation list", () => {
  it("pages through the threads by latest activity (then id), each with its counterpart, unread count and last message", () => {
    const threads = [open()];
    const enterprises = [w.enterprise];
    for (let i = 0; i < 8; i++) {
      enterprises.push(makeActor(ctx, { orgKind: "enterprise", orgName: `列表企业 ${i}` }));
      threads.push(startConversation(ctx, w.bank, { subjectType: "general", withOrgId: enterprises[i + 1]!.orgId }));
    }
    // Messages in some threads from either side; then activity times with ties and threads never written in (their
    // creation counts).
    threads.forEach((c, i) => {
      for (let n = 0; n < i % 3; n++) sendMessage(ctx, (i + n) % 2 ? enterprises[i]! : w.bank, { conversationId: c.id, clientId: cid(), body: `第 ${i} 条 ${n}` });
    });
    const activity = [null, 5_000, 5_000, 9_000, null, 5_000, 1_000, 9_000, 7_000];
    threads.forEach((c, i) => ctx.db.update(conversations).set({ lastMessageAt: activity[i], createdAt: 2_000 + (i % 2) * 4_000 }).where(eq(conversations.id, c.id)).run());
    const rows = ctx.db.select().from(conversations).all().filter((c) => threads.some((t) => t.id === c.id));
    const expected = rows
      .map((c) => ({ id: c.id, at: c.lastMessageAt ?? c.createdAt }))
      .sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : -1))
      .map((c) => c.id);
    const seen: string[] = [];
    let unreadSeen = 0;
    for (let page = 1; page <= 4; page++) {
      const list = listConversations(ctx, w.bank, { page, pageSize: 3 });
      expect(list.hasMore).toBe(page < 3);
      for (const item of list.items) {
        const conversation = rows.find((c) => c.id === item.id)!;
        const enterpriseName = ctx.db.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, conversation.enterpriseOrgId)).get()!.name;
        const last = ctx.db.select().from(messages).where(eq(messages.conversationId, item.id)).all().find((m) => m.seq === conversation.lastSeq);
        const mark = ctx.db.select().from(readReceipts).all().find((r) => r.conversationId === item.id && r.userId === w.bank.userId)?.lastReadSeq ?? 0;
        const unread = ctx.db.select().from(messages).where(eq(messages.conversationId, item.id)).all().filter((m) => m.seq > mark && m.senderUserId !== w.bank.userId).length;
        expect(item).toMatchObject({ counterpartName: enterpriseName, lastPreview: last?.body ?? null, unread, lastReadSeq: mark, lastSeq: conversation.lastSeq, lastMessageAt: conversation.lastMessageAt });
      }
      seen.push(...list.items.map((i) => i.id));
      unreadSeen += list.totalUnread;
    }
    expect(seen).toEqual(expected);
    expect(unreadSeen).toBeGreaterThan(0);
    expect(listConversations(ctx, w.enterprise).items.map((i) => i.id)).toEqual([threads[0]!.id]);
  });
});

describe("read state, unread counts and notifications", () => {
  it("counts unread messages per conversation and clears them on read", () => {
    const c = open();
    markNotificationsRead(ctx, w.enterprise, "all");
    for (let i = 0; i < 3; i++) sendMessage(ctx, w.bank, { conversationId: c.id, clientId: cid(), body: `报价 ${i}` });
    expect(listConversations(ctx, w.enterprise).items[0]).toMatchObject({ id: c.id, unread: 3, counterpartName: "天山商业银行", lastPreview: "报价 2" });
    expect(listConversations(ctx, w.bank).items[0]).toMatchObject({ unread: 0, counterpartName: "新疆金沙锂电科技有限公司" });
    // Three messages are one grouped notification saying "3".
    const list = listNotifications(ctx, w.enterprise, { unreadOnly: true });
    expect(list.items).toHaveLength(1);
    expect(list.items[0]!.payload.values.count).toBe(3);
    const receipt = markRead(ctx, w.enterprise, c.id, 99);
    expect(receipt).toMatchObject({ lastReadSeq: 3, lastDeliveredSeq: 3 });
    expect(listConversations(ctx, w.enterprise).items[0]!.unread).toBe(0);
    expect(unreadNotificationCount(ctx, w.enterprise.userId)).toBe(0);
    expect(ctx.realtime.events.some((e) => e.event === "receipt" && (e.payload as { lastReadSeq: number }).lastReadSeq === 3)).toBe(true);
  });

  it("does not notify a participant who is looking at the thread", () => {
    const presence = new Presence();
    registerPresence(ctx.realtime, presence);
    const c = open();
    markNotificationsRead(ctx, w.enterprise, "all");
    presence.connect(w.enterprise.userId);
    presence.enter(c.id, w.enterprise.userId);
    sendMessage(ctx, w.bank, { conversationId: c.id, clientId: cid(), body: "在线" });
    expect(unreadNotificationCount(ctx, w.enterprise.userId)).toBe(0);
    expect(unreadNotificationCount(ctx, w.enterpriseColleague.userId)).toBe(2);
    presence.leave(c.id, w.enterprise.userId);
    sendMessage(ctx, w.bank, { conversationId: c.id, clientId: cid(), body: "离线" });
    expect(unreadNotificationCount(ctx, w.enterprise.userId)).toBe(1);
  });

  it("honours preferences per kind: hidden in-app, and not created when off everywhere", () => {
    setPreferences(ctx, w.enterprise, [{ kind: "message", inApp: false, emailDigest: true }]);
    setPreferences(ctx, w.enterpriseColleague, [{ kind: "message", inApp: false, emailDigest: false }]);
    const c = open();
    sendMessage(ctx, w.bank, { conversationId: c.id, clientId: cid(), body: "hello" });
    expect(unreadNotificationCount(ctx, w.enterprise.userId)).toBe(1); // only the "conversation" one
    expect(ctx.db.select().from(notifications).where(eq(notifications.userId, w.enterprise.userId)).all()).toHaveLength(2);
    expect(ctx.db.select().from(notifications).where(eq(notifications.userId, w.enterpriseColleague.userId)).all().map((n) => n.kind)).toEqual(["conversation"]);
  });

  it("only marks the actor's own notifications read", () => {
    open();
    const mine = listNotifications(ctx, w.enterprise).items[0]!;
    expect(markNotificationsRead(ctx, w.enterpriseColleague, [mine.id])).toBe(0);
    expect(markNotificationsRead(ctx, w.enterprise, [mine.id])).toBe(1);
    expect(unreadNotificationCount(ctx, w.enterpriseColleague.userId)).toBe(1);
  });
});

describe("staff", () => {
  it("lets a party add an exchange staff member, who can then read and write", () => {
    const c = open();
    sendMessage(ctx, w.bank, { conversationId: c.id, clientId: cid(), body: "需要股交中心协助" });
    expect(() => addStaff(ctx, w.enterprise, c.id, w.otherBank.userId)).toThrow(expect.objectContaining({ message: "messaging:errors.notStaff" }));
    addStaff(ctx, w.enterprise, c.id, w.specialist.userId);
    addStaff(ctx, w.enterprise, c.id, w.specialist.userId);
    expect(conversationDetails(ctx, w.bank, c.id).staff.map((s) => s.userId)).toEqual([w.specialist.userId]);
    expect(messagesAfter(ctx, w.specialist, c.id, 0).messages).toHaveLength(1);
    expect(sendMessage(ctx, w.specialist, { conversationId: c.id, clientId: cid(), body: "我来协调" }).message.seq).toBe(2);
    expect(listConversations(ctx, w.specialist).items.map((i) => i.id)).toEqual([c.id]);
    expect(unreadNotificationCount(ctx, w.specialist.userId)).toBe(1);
  });

  it("lets an exchange admin add staff without being a party", () => {
    const c = open();
    addStaff(ctx, w.exchangeAdmin, c.id, w.exchangeAdmin.userId);
    expect(messagesAfter(ctx, w.exchangeAdmin, c.id, 0).messages).toEqual([]);
    expect(() => addStaff(ctx, w.exchangeAdmin, "missing", w.specialist.userId)).toThrow(NotFoundError);
  });
});

describe("attachments", () => {
  it("accepts files by their bytes, attaches them once, and only shows them to the parties", () => {
    const c = open();
    const png = saveAttachment(ctx, w.enterprise, { conversationId: c.id, fileName: "../../etc/报表.png", bytes: PNG });
    expect(png).toMatchObject({ mimeType: "image/png", fileName: "报表.png", sizeBytes: PNG.byteLength });
    const pdf = saveAttachment(ctx, w.enterprise, { conversationId: c.id, fileName: "deck", bytes: PDF });
    expect(pdf.mimeType).toBe("application/pdf");
    const file = openAttachment(ctx, w.enterprise, png.id);
    expect(path.dirname(file.path)).toBe(path.join(ctx.config.dataDir, "uploads"));
    expect(path.basename(file.path)).not.toContain("报表");
    expect(fs.readFileSync(file.path)).toEqual(Buffer.from(PNG));
    // Not yet sent: only the uploader sees it.
    expect(() => openAttachment(ctx, w.bank, png.id)).toThrow(NotFoundError);
    const sent = sendMessage(ctx, w.enterprise, { conversationId: c.id, clientId: cid(), body: "", attachmentIds: [png.id, pdf.id] });
    expect(sent.message.attachments.map((a) => a.id)).toEqual([png.id, pdf.id]);
    expect(openAttachment(ctx, w.bank, png.id).mimeType).toBe("image/png");
    expect(() => openAttachment(ctx, w.otherBank, png.id)).toThrow(NotFoundError);
    expect(() => sendMessage(ctx, w.enterprise, { conversationId: c.id, clientId: cid(), body: "again", attachmentIds: [png.id] })).toThrow(
      expect.objectContaining({ message: "messaging:errors.attachmentUnavailable" }),
    );
  });

  it("refuses disguised, empty and oversized files, and others' uploads", () => {
    const c = open();
    const attempt = (bytes: Uint8Array) => () => saveAttachment(ctx, w.enterprise, { conversationId: c.id, fileName: "x.pdf", bytes });
    expect(attempt(new TextEncoder().encode("<script>alert(1)</script>"))).toThrow(expect.objectContaining({ message: "messaging:errors.fileType" }));
    expect(attempt(new Uint8Array())).toThrow(expect.objectContaining({ message: "messaging:errors.fileEmpty" }));
    const big = new Uint8Array(10 * 1024 * 1024 + 1);
    big.set(PDF);
    expect(attempt(big)).toThrow(expect.objectContaining({ message: "messaging:errors.fileTooLarge" }));
    expect(() => saveAttachment(ctx, w.otherBank, { conversationId: c.id, fileName: "a.png", bytes: PNG })).toThrow(NotFoundError);
    const bankFile = saveAttachment(ctx, w.bank, { conversationId: c.id, fileName: "a.png", bytes: PNG });
    expect(() => sendMessage(ctx, w.enterprise, { conversationId: c.id, clientId: cid(), body: "steal", attachmentIds: [bankFile.id] })).toThrow(DomainError);
    expect(fs.readdirSync(path.join(ctx.config.dataDir, "uploads"))).toHaveLength(1);
  });
});

describe("daily digest", () => {
  it("queues one mail per user with unread notifications, once per Shanghai day", async () => {
    const c = open();
    sendMessage(ctx, w.bank, { conversationId: c.id, clientId: cid(), body: "请查收授信方案" });
    setPreferences(ctx, w.enterpriseColleague, [
      { kind: "message", inApp: true, emailDigest: false },
      { kind: "conversation", inApp: true, emailDigest: false },
    ]);
    ctx.clock.ms = Date.UTC(2026, 2, 2, 10, 0, 0); // 18:00 in Shanghai
    const first = await runDailyDigest(ctx);
    expect(first).toEqual({ day: "2026-03-02", queued: 1 });
    const mails = ctx.db.select().from(mailOutbox).all();
    expect(mails.map((m) => m.to)).toEqual([w.enterprise.email]);
    expect(mails[0]!.body).toContain("天山商业银行");
    expect(mails[0]!.body).toContain("/messages/" + c.id);
    expect(await runDailyDigest(ctx)).toEqual({ day: "2026-03-02", queued: 0 });

    // New activity later the same day waits for tomorrow's digest.
    sendMessage(ctx, w.bank, { conversationId: c.id, clientId: cid(), body: "补充材料清单" });
    ctx.clock.advance(60 * 60_000);
    expect((await runDailyDigest(ctx)).queued).toBe(0);
    ctx.clock.advance(24 * 60 * 60_000);
    expect(await runDailyDigest(ctx)).toEqual({ day: "2026-03-03", queued: 1 });
    expect(ctx.db.select().from(mailOutbox).all()).toHaveLength(2);
    // Already mailed, nothing new: no third mail.
    ctx.clock.advance(24 * 60 * 60_000);
    expect((await runDailyDigest(ctx)).queued).toBe(0);
  });
});
