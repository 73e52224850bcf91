// A small service-desk world for the staff tests: the exchange (admin, two service specialists, a reviewer),
// two listed enterprises served by the first specialist and one by the second, a bank, a regulator.
import { eq } from "drizzle-orm";
import { boardMemberships, financingNeeds, financingOutcomes, offers, organisations, roadshowEvents, roadshowSlots, roadshowVenues, serviceRequests, type Instrument, type Tier } from "@db/schema";
import { createTestContext, type TestContext } from "./context";
import type { Actor } from "~/modules/identity/actor";
import { newId } from "~/utils/ids";
import { recordFirstAssignment } from "~/modules/staff/assignments.server";
import { makeActor } from "./actors";
import { makeUscc } from "./uscc";

/** 10:00 in Shanghai on a calendar date. */
export const at = (date: string): number => Date.parse(`${date}T02:00:00Z`);

export type StaffWorld = {
  ctx: TestContext;
  admin: Actor;
  specialist: Actor;
  otherSpecialist: Actor;
  reviewer: Actor;
  ent: Actor;
  ent2: Actor;
  otherEnt: Actor;
  bank: Actor;
  regulator: Actor;
};

export function listEnterprise(ctx: TestContext, opts: { n: number; name: string; servicePerson: Actor | null; tier?: Tier; prefectureCode?: string; industrySection?: string | null; entryDate?: string }): Actor {
  const ent = makeActor(ctx, { orgKind: "enterprise", prefectureCode: opts.prefectureCode ?? "6501", uscc: makeUscc(opts.n), orgName: opts.name });
  if (opts.industrySection !== undefined) ctx.db.update(organisations).set({ industrySection: opts.industrySection }).where(eq(organisations.id, ent.orgId)).run();
  const membershipId = newId();
  ctx.db
    .insert(boardMemberships)
    .values({ id: membershipId, enterpriseOrgId: ent.orgId, tier: opts.tier ?? "standardisation", entryDate: opts.entryDate ?? "2026-01-05", servicePersonUserId: opts.servicePerson?.userId ?? null })
    .run();
  recordFirstAssignment(ctx, { membershipId, enterpriseOrgId: ent.orgId, userId: opts.servicePerson?.userId ?? null, assignedBy: null });
  return ent;
}

export function staffWorld(ctx: TestContext = createTestContext()): StaffWorld {
  ctx.clock.ms = at("2026-03-02");
  const admin = makeActor(ctx, { orgKind: "exchange", roles: ["exchange_admin"], orgName: "新疆股权交易中心" });
  const specialist = makeActor(ctx, { orgKind: "exchange", roles: ["service_specialist"], orgId: admin.orgId });
  const otherSpecialist = makeActor(ctx, { orgKind: "exchange", roles: ["service_specialist"], orgId: admin.orgId });
  const reviewer = makeActor(ctx, { orgKind: "exchange", roles: ["reviewer"], orgId: admin.orgId });
  const ent = listEnterprise(ctx, { n: 1, name: "金沙锂电", servicePerson: specialist, industrySection: "C" });
  const ent2 = listEnterprise(ctx, { n: 2, name: "天山数据", servicePerson: specialist, tier: "cultivation", prefectureCode: "6523", industrySection: "I" });
  const otherEnt = listEnterprise(ctx, { n: 3, name: "云谷农业", servicePerson: otherSpecialist, tier: "incubation", prefectureCode: "6502", industrySection: null });
  const bank = makeActor(ctx, { orgKind: "institution" });
  const regulator = makeActor(ctx, { orgKind: "regulator" });
  return { ctx, admin, specialist, otherSpecialist, reviewer, ent, ent2, otherEnt, bank, regulator };
}

/** A financing outcome as financing records it. */
export function outcome(w: StaffWorld, o: { enterpriseOrgId: string; instrument: Instrument; amount: number; costBp: number | null; on: string; prefecture: string | null; tier: string | null; channel?: "board_offer" | "credit_product" }) {
  w.ctx.db
    .insert(financingOutcomes)
    .values({
      id: newId(),
      subjectType: "offer",
      subjectId: newId(),
      enterpriseOrgId: o.enterpriseOrgId,
      institutionOrgId: w.bank.orgId,
      instrument: o.instrument,
      amountObtained: o.amount,
      allInCostBp: o.costBp,
      channel: o.channel ?? "board_offer",
      obtainedOn: o.on,
      prefectureCode: o.prefecture,
      industrySection: null,
      tier: o.tier,
      recordedAt: 0,
    })
    .run();
}

export function request(w: StaffWorld, r: { enterpriseOrgId: string; openedOn: string; dueOn: string; resolvedOn?: string; rating?: number }) {
  w.ctx.db
    .insert(serviceRequests)
    .values({
      id: newId(),
      enterpriseOrgId: r.enterpriseOrgId,
      raisedByUserId: w.specialist.userId,
      raisedByOrgId: w.admin.orgId,
      kind: "financing",
      title: "t",
      body: "b",
      state: r.resolvedOn ? "resolved" : "open",
      assigneeUserId: w.specialist.userId,
      openedOn: r.openedOn,
      dueOn: r.dueOn,
      slaWorkingDays: 5,
      resolvedOn: r.resolvedOn ?? null,
      resolvedAt: r.resolvedOn ? 1 : null,
      rating: r.rating ?? null,
    })
    .run();
}

/**
 * The small world, by hand: 3 listed enterprises (standardisation 6501/C, cultivation 6523/I, incubation 6502/no industry);
 * outcomes in Q1 2026: loan 3,000,000 at 4.50% (Jan), loan 1,000,000 at 6.50% (Feb), equity 5,000,000 (Mar, no cost),
 * one in April (outside Q1); requests: 4 raised in Q1, 3 resolved in Q1 (2 within their due date), ratings 5 and 2.
 */
export function smallWorld(w: StaffWorld) {
  outcome(w, { enterpriseOrgId: w.ent.orgId, instrument: "loan", amount: 3_000_000, costBp: 450, on: "2026-01-20", prefecture: "6501", tier: "standardisation" });
  outcome(w, { enterpriseOrgId: w.ent2.orgId, instrument: "loan", amount: 1_000_000, costBp: 650, on: "2026-02-10", prefecture: "6523", tier: "cultivation", channel: "credit_product" });
  outcome(w, { enterpriseOrgId: w.otherEnt.orgId, instrument: "equity", amount: 5_000_000, costBp: null, on: "2026-03-15", prefecture: null, tier: null });
  outcome(w, { enterpriseOrgId: w.ent.orgId, instrument: "loan", amount: 7_000_000, costBp: 400, on: "2026-04-02", prefecture: "6501", tier: "standardisation" });
  request(w, { enterpriseOrgId: w.ent.orgId, openedOn: "2026-01-05", dueOn: "2026-01-12", resolvedOn: "2026-01-09", rating: 5 });
  request(w, { enterpriseOrgId: w.ent.orgId, openedOn: "2026-02-02", dueOn: "2026-02-09", resolvedOn: "2026-02-13", rating: 2 });
  request(w, { enterpriseOrgId: w.ent2.orgId, openedOn: "2026-03-02", dueOn: "2026-03-09", resolvedOn: "2026-03-06" });
  request(w, { enterpriseOrgId: w.otherEnt.orgId, openedOn: "2026-03-20", dueOn: "2026-03-27" });
  request(w, { enterpriseOrgId: w.otherEnt.orgId, openedOn: "2026-04-01", dueOn: "2026-04-09" });
}

/** A roadshow event straight into the DB: a hall, the event (times in unix ms) and the presenting enterprises' slots. */
export function roadshow(w: StaffWorld, r: { startsAt: number; hours?: number; presenters: string[]; state?: "scheduled" | "cancelled"; capacity?: number }): string {
  const venueId = newId();
  w.ctx.db.insert(roadshowVenues).values({ id: venueId, name: "路演厅", kind: "hall", capacity: 100 }).run();
  const id = newId();
  const endsAt = r.startsAt + (r.hours ?? 1) * 3_600_000;
  w.ctx.db
    .insert(roadshowEvents)
    .values({ id, title: "路演", format: "onsite", venueId, startsAt: r.startsAt, endsAt, audience: "members", capacity: r.capacity ?? 50, registrationDeadline: r.startsAt - 3_600_000, state: r.state ?? "scheduled" })
    .run();
  r.presenters.forEach((enterpriseOrgId, position) => w.ctx.db.insert(roadshowSlots).values({ eventId: id, position, enterpriseOrgId }).run());
  return id;
}

/** A published financing need and the offers on it (times are unix ms; a decided offer has its decision time). */
export function needWithOffers(w: StaffWorld, n: { enterpriseOrgId: string; instrument: Instrument; publishedAt: number; offers: { submittedAt: number; state?: "submitted" | "accepted" | "declined"; decidedAt?: number }[] }): string {
  const needId = newId();
  w.ctx.db.insert(financingNeeds).values({ id: needId, enterpriseOrgId: n.enterpriseOrgId, instrument: n.instrument, title: "需求", amount: 1_000_000, state: "published", expiresOn: "2026-12-31", publishedAt: n.publishedAt }).run();
  for (const o of n.offers) {
    w.ctx.db
      .insert(offers)
      .values({ id: newId(), needId, institutionOrgId: w.bank.orgId, enterpriseOrgId: n.enterpriseOrgId, instrument: n.instrument, state: o.state ?? "submitted", amount: 1_000_000, terms: "{}", validUntil: "2026-12-31", submittedAt: o.submittedAt, updatedAt: o.decidedAt ?? o.submittedAt, decidedAt: o.decidedAt ?? null })
      .run();
  }
  return needId;
}
