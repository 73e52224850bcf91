import { beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { auditLog, roadshowQuestions } from "@db/schema";
import { ConflictError, DomainError, NotFoundError } from "~/utils/errors";
import { createTestContext, type TestContext } from "@test/support/context";
import { makeActor } from "@test/support/actors";
import { createEvent } from "./events.server";
import { faqWorkspace, orderFaq, publishedFaq, publishFaq, rewordFaq, unpublishFaq } from "./faq.server";
import { answerQuestion, askQuestion, moderateQuestion } from "./live.server";
import { dueDiligenceQa } from "./record.server";
import { eventInput, makeRoadshowWorld, type RoadshowWorld } from "@test/support/roadshow-world";

let ctx: TestContext;
let w: RoadshowWorld;
let eventId: string;
let input: ReturnType<typeof eventInput>;
let answered: string;
let answered2: string;
let unanswered: string;
let hidden: string;
let liveOnly: string;

let n = 0;
function ask(eventIdOf: string, body: string, opts: { approve?: boolean; answer?: string | "live"; anonymous?: boolean } = {}) {
  const id = askQuestion(ctx, w.pe, eventIdOf, { clientId: `faq-question-${++n}`, body, anonymous: opts.anonymous ?? true }).question.id;
  if (opts.approve !== false) moderateQuestion(ctx, w.moderator, eventIdOf, id, { action: "approve" });
  if (opts.answer === "live") answerQuestion(ctx, w.enterprise, eventIdOf, id, { live: true });
  else if (opts.answer) answerQuestion(ctx, w.enterprise, eventIdOf, id, { text: opts.answer });
  return id;
}

const audits = (action: string) => ctx.db.select().from(auditLog).where(eq(auditLog.action, action)).all();

beforeEach(async () => {
  ctx = createTestContext();
  w = await makeRoadshowWorld(ctx);
  input = eventInput(ctx, w, { title: "金沙锂电专场", audience: "invited", invitedOrgIds: [w.peOrg] }, 2);
  eventId = createEvent(ctx, w.scheduler, input);
  ctx.clock.ms = input.startsAt;
  answered = ask(eventId, "明年产能扩张计划如何？", { answer: "计划新增两条电芯产线。" });
  answered2 = ask(eventId, "主要客户集中度高吗？", { answer: "前五大客户占比约四成。" });
  unanswered = ask(eventId, "没有回答的问题");
  hidden = ask(eventId, "被隐藏的问题", { answer: "不应公开" });
  moderateQuestion(ctx, w.moderator, eventId, hidden, { action: "hide" });
  liveOnly = ask(eventId, "毛利率能否维持？", { answer: "live" });
  ctx.clock.ms = input.endsAt + 60_000;
});

describe("publishing answered roadshow questions as the enterprise's FAQ", () => {
  it("publish → shown on the profile to anyone (no asker), audited once; publishing again changes nothing", () => {
    expect(publishFaq(ctx, w.enterprise, { questionId: answered })).toEqual({ changed: true });
    expect(publishFaq(ctx, w.enterprise, { questionId: answered })).toEqual({ changed: false });
    const faq = publishedFaq(ctx, w.entA);
    expect(faq).toEqual([expect.objectContaining({ questionId: answered, question: "明年产能扩张计划如何？", answer: "计划新增两条电芯产线。", eventTitle: "金沙锂电专场" })]);
    expect(JSON.stringify(faq)).not.toMatch(/投资经理|雪莲创投/);
    expect(audits("roadshow.faq.published")).toHaveLength(1);
    expect(audits("roadshow.faq.published")[0]).toMatchObject({ subjectId: answered, enterpriseOrgId: w.entA, actorUserId: w.enterprise.userId });
  });

  it("unpublish → gone from the profile, audited once; unpublishing again changes nothing; republishing restores the wording", () => {
    publishFaq(ctx, w.enterprise, { questionId: answered, answerText: "我们计划新增两条电芯产线，2027 年投产。" });
    expect(unpublishFaq(ctx, w.enterprise, { questionId: answered })).toEqual({ changed: true });
    expect(unpublishFaq(ctx, w.enterprise, { questionId: answered })).toEqual({ changed: false });
    expect(publishedFaq(ctx, w.entA)).toEqual([]);
    expect(audits("roadshow.faq.unpublished")).toHaveLength(1);
    expect(faqWorkspace(ctx, w.enterprise).candidates.map((c) => c.questionId)).toContain(answered);
    publishFaq(ctx, w.enterprise, { questionId: answered });
    expect(publishedFaq(ctx, w.entA)[0]!.answer).toBe("我们计划新增两条电芯产线，2027 年投产。");
    expect(audits("roadshow.faq.published")).toHaveLength(2);
  });

  it("rewording changes the published answer only; the original stays in the DD Q&A; empty restores the original", () => {
    publishFaq(ctx, w.enterprise, { questionId: answered });
    expect(rewordFaq(ctx, w.enterprise, { questionId: answered, answerText: "  新增两条产线，预计 2027 年投产。 " })).toEqual({ changed: true });
    expect(rewordFaq(ctx, w.enterprise, { questionId: answered, answerText: "新增两条产线，预计 2027 年投产。" })).toEqual({ changed: false });
    expect(publishedFaq(ctx, w.entA)[0]!.answer).toBe("新增两条产线，预计 2027 年投产。");
    expect(ctx.db.select().from(roadshowQuestions).where(eq(roadshowQuestions.id, answered)).get()!.answerText).toBe("计划新增两条电芯产线。");
    expect(dueDiligenceQa(ctx, w.pe, eventId).find((q) => q.id === answered)!.answerText).toBe("计划新增两条电芯产线。");
    const ws = faqWorkspace(ctx, w.enterprise).published[0]!;
    expect(ws).toMatchObject({ originalAnswer: "计划新增两条电芯产线。", reworded: "新增两条产线，预计 2027 年投产。" });
    rewordFaq(ctx, w.enterprise, { questionId: answered, answerText: "" });
    expect(publishedFaq(ctx, w.entA)[0]!.answer).toBe("计划新增两条电芯产线。");
    expect(audits("roadshow.faq.reworded").map((a) => JSON.parse(a.data) as { restoredOriginal: boolean })).toEqual([{ eventId, restoredOriginal: false }, { eventId, restoredOriginal: true }]);
    expect(() => rewordFaq(ctx, w.enterprise, { questionId: answered, answerText: "长".repeat(5001) })).toThrow(DomainError);
    expect(() => rewordFaq(ctx, w.enterprise, { questionId: answered2, answerText: "未发布" })).toThrow(NotFoundError);
  });

  it("orders the published entries; the same order again changes nothing; a stale list is refused", () => {
    publishFaq(ctx, w.enterprise, { questionId: answered });
    publishFaq(ctx, w.enterprise, { questionId: answered2 });
    expect(publishedFaq(ctx, w.entA).map((f) => f.questionId)).toEqual([answered, answered2]);
    expect(orderFaq(ctx, w.enterprise, { questionIds: [answered2, answered] })).toEqual({ changed: true });
    expect(orderFaq(ctx, w.enterprise, { questionIds: [answered2, answered] })).toEqual({ changed: false });
    expect(publishedFaq(ctx, w.entA).map((f) => f.questionId)).toEqual([answered2, answered]);
    expect(() => orderFaq(ctx, w.enterprise, { questionIds: [answered2] })).toThrow(ConflictError);
    expect(() => orderFaq(ctx, w.enterprise, { questionIds: [answered2, answered2] })).toThrow(ConflictError);
    expect(() => orderFaq(ctx, w.enterprise, { questionIds: [answered2, unanswered] })).toThrow(ConflictError);
    expect(() => orderFaq(ctx, w.enterpriseB, { questionIds: [answered2, answered] })).toThrow(ConflictError);
  });

  it("another enterprise's question does not exist for the publisher; institutions and staff may not publish", () => {
    for (const actor of [w.enterpriseB, w.bank, w.moderator, w.admin]) {
      expect(() => publishFaq(ctx, actor, { questionId: answered })).toThrow(NotFoundError);
      expect(() => unpublishFaq(ctx, actor, { questionId: answered })).toThrow(NotFoundError);
    }
    publishFaq(ctx, w.enterprise, { questionId: answered });
    expect(() => rewordFaq(ctx, w.enterpriseB, { questionId: answered, answerText: "篡改" })).toThrow(NotFoundError);
    expect(() => unpublishFaq(ctx, w.enterpriseB, { questionId: answered })).toThrow(NotFoundError);
    expect(publishedFaq(ctx, w.entA)).toHaveLength(1);
    expect(publishedFaq(ctx, w.entB)).toEqual([]);
    expect(() => faqWorkspace(ctx, w.bank)).toThrow();
    // Another member of the enterprise may (the same people who edit its profile).
    const colleague = makeActor(ctx, { orgId: w.entA, roles: ["member"], userName: "金沙证券事务代表" });
    expect(unpublishFaq(ctx, colleague, { questionId: answered })).toEqual({ changed: true });
  });

  it("refuses an unanswered, a pending, a hidden question and one from an event not yet ended", () => {
    expect(() => publishFaq(ctx, w.enterprise, { questionId: unanswered })).toThrow(expect.objectContaining({ message: "roadshows:errors.faqNotAnswered" }));
    expect(() => publishFaq(ctx, w.enterprise, { questionId: hidden })).toThrow(expect.objectContaining({ message: "roadshows:errors.faqNotApproved" }));
    const later = createEvent(ctx, w.scheduler, eventInput(ctx, w, { title: "第二场" }, 2));
    const laterInput = eventInput(ctx, w, {}, 2);
    ctx.clock.ms = laterInput.startsAt;
    const pending = ask(later, "尚未审核", { approve: false });
    const live = ask(later, "路演进行中已回答", { answer: "现场回答" });
    expect(() => publishFaq(ctx, w.enterprise, { questionId: live })).toThrow(expect.objectContaining({ message: "roadshows:errors.faqEventNotEnded" }));
    ctx.clock.ms = laterInput.endsAt + 1;
    expect(() => publishFaq(ctx, w.enterprise, { questionId: pending })).toThrow(expect.objectContaining({ message: "roadshows:errors.faqNotApproved" }));
    expect(publishedFaq(ctx, w.entA)).toEqual([]);
    expect(audits("roadshow.faq.published")).toHaveLength(0);
    expect(faqWorkspace(ctx, w.enterprise).candidates.map((c) => c.questionId).sort()).toEqual([answered, answered2, liveOnly, live].sort());
  });

  it("a question answered only live needs the enterprise's written answer to be published", () => {
    expect(() => publishFaq(ctx, w.enterprise, { questionId: liveOnly })).toThrow(expect.objectContaining({ message: "roadshows:errors.faqAnswerNeeded" }));
    publishFaq(ctx, w.enterprise, { questionId: liveOnly, answerText: "现场已说明：毛利率稳定在三成左右。" });
    expect(publishedFaq(ctx, w.entA)[0]).toMatchObject({ questionId: liveOnly, answer: "现场已说明：毛利率稳定在三成左右。", answeredLive: true });
    expect(() => rewordFaq(ctx, w.enterprise, { questionId: liveOnly, answerText: "" })).toThrow(expect.objectContaining({ message: "roadshows:errors.faqAnswerNeeded" }));
  });
});

describe("what the profile keeps showing", () => {
  it("drops an entry whose question a moderator hid after it was published", () => {
    publishFaq(ctx, w.enterprise, { questionId: answered });
    moderateQuestion(ctx, w.moderator, eventId, answered, { action: "hide" });
    expect(publishedFaq(ctx, w.entA)).toEqual([]);
  });
});
