import { eq } from "drizzle-orm";
import { users } from "@db/schema";
import type { Actor } from "~/modules/identity/actor";
import { actorForUser } from "~/modules/identity/sessions.server";
import { listOwnDecks } from "~/modules/roadshows/decks.server";
import { calendarEvents, createEvent, createVenue, listVenues, type EventInput } from "~/modules/roadshows/events.server";
import { publishFaq } from "~/modules/roadshows/faq.server";
import { answerQuestion, askQuestion, endAttendance, moderateQuestion, recordPageSeen, sendChat, setSlide, startAttendance, voteQuestion } from "~/modules/roadshows/live.server";
import { register } from "~/modules/roadshows/registrations.server";
import { submitRoadshowRequest } from "~/modules/roadshows/requests.server";
import { formatShanghai } from "~/modules/roadshows/time";
import type { AppContext } from "~/utils/context.server";
import { enterpriseEmail, type SeededWorld } from "./index";

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/**
 * The demo's roadshows, relative to the moment the world is seeded: two past ones with Q&A, chat and attendance
 * (one a joint roadshow), one live right now (it started 20 minutes ago), upcoming ones with registrations and a
 * waitlist, and an enterprise's request waiting for the scheduler. Past activity is recorded by running the real
 * services on a clock set to that time.
 */
export async function seedRoadshowEvents(ctx: AppContext, world: SeededWorld, decks: { jinshaDeck: string; tianrunDeck: string }) {
  const now = ctx.clock.now();
  const at = (t: number): AppContext => ({ ...ctx, clock: { now: () => t } });
  const person = (email: string): Actor => {
    const user = ctx.db.select().from(users).where(eq(users.email, email)).get()!;
    return actorForUser(ctx, user)!;
  };
  const admin = person("admin@xjex.demo");
  const scheduler = person("roadshow@xjex.demo");
  const service = person("service@xjex.demo");
  // ent(1) is ent01@demo.xj (新疆金沙锂电), the owner of the Jinsha deck.
  const ent = (i: number) => person(enterpriseEmail(i - 1));
  const inst = (key: string) => person(`${key}@inst.demo`);
  // Whole hours in Beijing time, so the demo's times read naturally.
  const hourAt = (t: number) => Math.floor(t / HOUR) * HOUR;

  const past = at(now - 60 * DAY);
  const hall = createVenue(past, admin, { name: "股交中心一号路演厅", kind: "hall", address: "乌鲁木齐市天山区中山路 股权交易中心 5 楼", capacity: 120 });
  const szse = createVenue(past, admin, { name: "深交所全国路演平台新疆基地", kind: "szse_base", address: "乌鲁木齐市高新区（新市区）北京南路", capacity: 200 });
  const online = createVenue(past, admin, { name: "线上路演频道", kind: "online", capacity: 5000 });

  const base = (over: Partial<EventInput> & Pick<EventInput, "title" | "startsAt" | "slots">): EventInput => ({
    format: "onsite",
    venueId: hall,
    endsAt: over.startsAt + 90 * MIN,
    audience: "members",
    capacity: 80,
    registrationDeadline: over.startsAt - 2 * HOUR,
    moderatorUserIds: [scheduler.userId],
    invitedOrgIds: [],
    ...over,
  });

  /** Runs one roadshow's live part on the clock: attendance, slides, chat, questions, votes, answers. */
  const runRoom = (eventId: string, start: number, presenter: Actor, deckId: string | null, script: { until: number; answer: boolean }) => {
    const c = (m: number) => at(start + m * MIN);
    const bank = inst("bank1");
    const pe = inst("pe1");
    const pe2 = inst("pe2");
    const stays = [startAttendance(c(1), bank, eventId, true), startAttendance(c(2), pe, eventId, true), startAttendance(c(3), pe2, eventId, false), startAttendance(c(0), presenter, eventId, false)];
    if (deckId) {
      for (let p = 1; p <= 4; p++) {
        setSlide(c(2 + p * 3), presenter, eventId, { deckId, page: p });
        for (const v of [bank, pe]) recordPageSeen(c(2 + p * 3), v, eventId, { deckId, page: p });
      }
    }
    sendChat(c(4), bank, eventId, { clientId: `seed-${eventId}-c1`, body: "各位好，天山商业银行已进入直播间。" });
    sendChat(c(5), pe, eventId, { clientId: `seed-${eventId}-c2`, body: "期待介绍募投项目进度。" });
    sendChat(c(6), scheduler, eventId, { clientId: `seed-${eventId}-c3`, body: "欢迎各位，提问请在问答区提交，审核后公开。" });
    const q1 = askQuestion(c(8), pe, eventId, { clientId: `seed-${eventId}-q1`, body: "本轮融资的资金主要投向哪些产线？预计何时达产？", anonymous: false }).question.id;
    const q2 = askQuestion(c(9), pe2, eventId, { clientId: `seed-${eventId}-q2`, body: "应收账款周转天数较去年有所上升，原因是什么？", anonymous: true }).question.id;
    const q3 = askQuestion(c(10), bank, eventId, { clientId: `seed-${eventId}-q3`, body: "是否考虑以设备抵押叠加订单融资？", anonymous: false }).question.id;
    const off = askQuestion(c(11), pe2, eventId, { clientId: `seed-${eventId}-q4`, body: "能否私下提供客户名单？", anonymous: true }).question.id;
    for (const q of [q1, q2, q3]) moderateQuestion(c(12), scheduler, eventId, q, { action: "approve" });
    moderateQuestion(c(12), scheduler, eventId, off, { action: "hide" });
    voteQuestion(c(13), bank, eventId, q1);
    voteQuestion(c(13), pe2, eventId, q1);
    voteQuestion(c(14), pe, eventId, q2);
    if (script.answer) {
      moderateQuestion(c(20), scheduler, eventId, q1, { action: "answering" });
      answerQuestion(c(25), presenter, eventId, q1, { text: "资金约 60% 用于两条新产线，预计明年三季度达产；其余用于研发和补充流动资金。" });
      answerQuestion(c(30), presenter, eventId, q2, { text: "主要是四季度集中交付的大客户账期较长，目前已回款过半。", live: true });
    }
    stays.forEach((s, i) => endAttendance(c(script.until - i * 5), s));
    return { q1, q2 };
  };

  // Past 1: a single-enterprise roadshow two weeks ago, with Q&A answered.
  const p1Start = hourAt(now - 14 * DAY) + 2 * HOUR;
  const jinsha = ent(1);
  const p1 = createEvent(at(p1Start - 10 * DAY), scheduler, base({ title: "金沙锂电 2026 融资专场路演", startsAt: p1Start, slots: [{ enterpriseOrgId: jinsha.orgId, deckId: decks.jinshaDeck }], moderatorUserIds: [scheduler.userId, service.userId] }));
  for (const k of ["bank1", "pe1", "pe2", "bank2"]) register(at(p1Start - 5 * DAY), inst(k), p1);
  const p1Questions = runRoom(p1, p1Start, jinsha, decks.jinshaDeck, { until: 85, answer: true });
  // Two days later Jinsha published both answers as the FAQ on its profile, the second reworded for readers who were
  // not in the room (the answer as given stays in the DD Q&A and the activity record).
  publishFaq(at(p1Start + 2 * DAY), jinsha, { questionId: p1Questions.q1 });
  publishFaq(at(p1Start + 2 * DAY + MIN), jinsha, {
    questionId: p1Questions.q2,
    answerText: "应收账款周转天数上升，主要因为四季度集中交付的大客户账期较长；截至路演日已回款过半，公司正以保理盘活其余应收账款。",
  });

  // Past 2: a joint roadshow (集中路演) at the SZSE base a week ago.
  const p2Start = hourAt(now - 7 * DAY) + 3 * HOUR;
  const tianrun = ent(2);
  const p2 = createEvent(
    at(p2Start - 10 * DAY),
    scheduler,
    base({ title: "新能源装备集中路演（第一期）", startsAt: p2Start, endsAt: p2Start + 2 * HOUR, venueId: szse, audience: "public", capacity: 150, slots: [{ enterpriseOrgId: tianrun.orgId, deckId: decks.tianrunDeck }, { enterpriseOrgId: ent(3).orgId }, { enterpriseOrgId: ent(4).orgId }] }),
  );
  for (const k of ["bank1", "pe1", "pe2", "guar1", "sec1"]) register(at(p2Start - 3 * DAY), inst(k), p2);
  runRoom(p2, p2Start, tianrun, decks.tianrunDeck, { until: 110, answer: true });

  // Live now: started 20 minutes ago, runs another 100 minutes; hybrid in hall one.
  const liveStart = now - 20 * MIN;
  const live = createEvent(
    at(liveStart - 7 * DAY),
    scheduler,
    base({ title: "金沙锂电 固态电池项目线上线下路演（直播中）", format: "hybrid", startsAt: liveStart, endsAt: liveStart + 2 * HOUR, capacity: 100, slots: [{ enterpriseOrgId: jinsha.orgId, deckId: decks.jinshaDeck }], moderatorUserIds: [scheduler.userId] }),
  );
  for (const k of ["bank1", "bank2", "pe1", "pe2", "lease1"]) register(at(liveStart - 2 * DAY), inst(k), live);
  const lc = (m: number) => at(liveStart + m * MIN);
  setSlide(lc(5), jinsha, live, { deckId: decks.jinshaDeck, page: 2 });
  sendChat(lc(6), inst("bank2"), live, { clientId: "seed-live-c1", body: "丝路银行已上线，声音清晰。" });
  sendChat(lc(8), scheduler, live, { clientId: "seed-live-c2", body: "欢迎！路演结束后 15 分钟为集中问答时间。" });
  const lq = askQuestion(lc(10), inst("pe1"), live, { clientId: "seed-live-q1", body: "固态电池中试线的良率目前是多少？", anonymous: false }).question.id;
  moderateQuestion(lc(11), scheduler, live, lq, { action: "approve" });
  voteQuestion(lc(12), inst("bank1"), live, lq);
  askQuestion(lc(14), inst("pe2"), live, { clientId: "seed-live-q2", body: "与宁德时代等头部企业相比，技术路线有何差异？", anonymous: true });

  // Upcoming: a small public roadshow that is full with a waitlist, and an invited one.
  const u1Start = hourAt(now + 3 * DAY) + 2 * HOUR;
  const u1 = createEvent(at(now), scheduler, base({ title: "绿色农业与食品加工专场路演", startsAt: u1Start, audience: "public", capacity: 3, slots: [{ enterpriseOrgId: ent(5).orgId }] }));
  ["bank1", "bank2", "pe1", "pe2", "guar1"].forEach((k, i) => register(at(now + i * MIN), inst(k), u1));
  const u2Start = hourAt(now + 10 * DAY) + 6 * HOUR;
  createEvent(
    at(now),
    scheduler,
    base({ title: "高端装备定向路演（仅限受邀机构）", format: "online", venueId: online, startsAt: u2Start, audience: "invited", invitedOrgIds: [inst("pe1").orgId, inst("pe2").orgId, inst("pe3").orgId], slots: [{ enterpriseOrgId: ent(6).orgId }], moderatorUserIds: [service.userId] }),
  );

  // A request waiting for the scheduler.
  submitRoadshowRequest(at(now), ent(7), {
    preferredDates: [formatShanghai(now + 20 * DAY).slice(0, 10), formatShanghai(now + 21 * DAY).slice(0, 10)],
    audience: "members",
    note: "希望在一号路演厅举办，预计 40 家机构参加，需要同步线上直播。",
  });
}

/**
 * The demo promises a roadshow that is live whenever it starts: on a start-up over an existing demo world with none
 * live, the seeded live roadshow is repeated on the online channel from 10 minutes ago (through the same service and
 * booking rule as any event). Returns the new event's id, or null when one is live already or this is no demo world.
 */
export function ensureLiveDemoRoadshow(ctx: AppContext): string | null {
  const now = ctx.clock.now();
  const schedulerUser = ctx.db.select().from(users).where(eq(users.email, "roadshow@xjex.demo")).get();
  const jinshaUser = ctx.db.select().from(users).where(eq(users.email, enterpriseEmail(0))).get();
  if (!schedulerUser || !jinshaUser) return null;
  const scheduler = actorForUser(ctx, schedulerUser)!;
  const jinsha = actorForUser(ctx, jinshaUser)!;
  const live = calendarEvents(ctx, scheduler, { from: now, to: now + 1 }).some((e) => e.state === "scheduled" && e.startsAt <= now);
  if (live) return null;
  const channel = listVenues(ctx).find((v) => v.kind === "online");
  const deck = listOwnDecks(ctx, jinsha)[0];
  if (!channel) return null;
  const startsAt = now - 10 * MIN;
  return createEvent({ ...ctx, clock: { now: () => startsAt - MIN } }, scheduler, {
    title: "金沙锂电 固态电池项目线上路演（直播中）",
    format: "online",
    venueId: channel.id,
    startsAt,
    endsAt: startsAt + 2 * HOUR,
    audience: "members",
    capacity: 500,
    registrationDeadline: startsAt - MIN,
    slots: [{ enterpriseOrgId: jinsha.orgId, deckId: deck?.id ?? null }],
    moderatorUserIds: [scheduler.userId],
    invitedOrgIds: [],
  });
}
