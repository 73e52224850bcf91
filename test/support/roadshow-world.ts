// Test support for roadshows: a small world straight into the DB (organisations, staff, a deck per presenter,
// a hall and the online channel) and a valid event input to vary.
import type { AppContext } from "~/utils/context.server";
import { createDeck, uploadDeckVersion } from "~/modules/roadshows/decks.server";
import { createVenue, type EventInput } from "~/modules/roadshows/events.server";
import { buildSampleDeck } from "~/modules/roadshows/sample-deck";
import { makeActor, makeOrg } from "./actors";

export const HOUR = 3_600_000;

export async function makeRoadshowWorld(ctx: AppContext) {
  const exchange = makeOrg(ctx, "exchange", "新疆股权交易中心");
  const admin = makeActor(ctx, { orgId: exchange, roles: ["org_admin", "exchange_admin"], userName: "平台管理员" });
  const scheduler = makeActor(ctx, { orgId: exchange, roles: ["roadshow_scheduler"], userName: "路演排期专员" });
  const moderator = makeActor(ctx, { orgId: exchange, roles: ["service_specialist"], userName: "主持人甲" });
  const moderator2 = makeActor(ctx, { orgId: exchange, roles: ["service_specialist"], userName: "主持人乙" });
  const entA = makeOrg(ctx, "enterprise", "新疆金沙锂电科技有限公司");
  const entB = makeOrg(ctx, "enterprise", "哈密天宏风电科技有限公司");
  const enterprise = makeActor(ctx, { orgId: entA, userName: "金沙董秘" });
  const enterpriseB = makeActor(ctx, { orgId: entB, userName: "天宏董秘" });
  const bankOrg = makeOrg(ctx, "institution", "天山商业银行", "bank");
  const peOrg = makeOrg(ctx, "institution", "雪莲创投", "pe_vc");
  const otherOrg = makeOrg(ctx, "institution", "丝路银行", "bank");
  const bank = makeActor(ctx, { orgId: bankOrg, userName: "银行客户经理" });
  const pe = makeActor(ctx, { orgId: peOrg, userName: "投资经理" });
  const otherBank = makeActor(ctx, { orgId: otherOrg, userName: "他行客户经理" });
  const pdf = await buildSampleDeck({ title: "Roadshow", pages: 4 });
  const deckA = createDeck(ctx, enterprise, { title: "金沙锂电路演", audience: "members", directedOrgIds: [], allowDownload: false });
  await uploadDeckVersion(ctx, enterprise, deckA, { name: "a.pdf", bytes: pdf });
  const deckB = createDeck(ctx, enterpriseB, { title: "天宏风电路演", audience: "directed", directedOrgIds: [peOrg], allowDownload: false });
  await uploadDeckVersion(ctx, enterpriseB, deckB, { name: "b.pdf", bytes: pdf });
  const hall = createVenue(ctx, admin, { name: "股交中心一号路演厅", kind: "hall", address: "乌鲁木齐市", capacity: 80 });
  const online = createVenue(ctx, admin, { name: "线上路演频道", kind: "online", capacity: 5000 });
  return { exchange, admin, scheduler, moderator, moderator2, entA, entB, enterprise, enterpriseB, bankOrg, peOrg, otherOrg, bank, pe, otherBank, deckA, deckB, hall, online };
}

export type RoadshowWorld = Awaited<ReturnType<typeof makeRoadshowWorld>>;

/** A valid on-site roadshow `startInHours` from the clock's now, one hour long. */
export function eventInput(ctx: Pick<AppContext, "clock">, w: RoadshowWorld, over: Partial<EventInput> = {}, startInHours = 48): EventInput {
  const startsAt = ctx.clock.now() + startInHours * HOUR;
  return {
    title: "金沙锂电专场路演",
    format: "onsite",
    venueId: w.hall,
    startsAt,
    endsAt: startsAt + HOUR,
    audience: "members",
    capacity: 50,
    registrationDeadline: startsAt - HOUR,
    streamUrl: null,
    slots: [{ enterpriseOrgId: w.entA, deckId: w.deckA }],
    moderatorUserIds: [w.moderator.userId],
    invitedOrgIds: [],
    ...over,
  };
}
