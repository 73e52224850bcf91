import { and, asc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { esopEntries, esopParticipants, esopPlans, ESOP_AUDIENCES, ESOP_ENTRY_KINDS, ESOP_KINDS, users } from "@db/schema";
import { assertCan, can } from "~/modules/access";
import { appendAudit } from "~/modules/audit/audit.server";
import { assertIsoDate } from "~/modules/board/working-days.server";
import type { Actor } from "~/modules/identity/actor";
import { notifyUsers, orgUserIds } from "~/modules/messaging/notifications.server";
import type { AppContext } from "~/utils/context.server";
import { shanghaiDate } from "~/utils/dates";
import { ConflictError, DomainError, NotFoundError } from "~/utils/errors";
import { servedEnterprise } from "./assignments.server";

/**
 * 股权激励服务: the register of an enterprise's incentive plans held in custody at the exchange — grants, vesting,
 * transfers and forfeitures per holder, each with what was disclosed to the plan's audience. The register never lets
 * a plan grant more than its pool, vest or forfeit more than is unvested, or transfer more than a holder has vested.
 * An entry marked for disclosure is sent to the plan's participants who use the platform (linked to their holder
 * name), once: the send is recorded on the entry and in the audit chain, and a second send does nothing.
 */

const id = z.string().trim().min(8).max(64).regex(/^[A-Za-z0-9_-]+$/);
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "staff:errors.dateRequired");

export const createPlanInput = z.object({
  id,
  name: z.string().trim().min(2).max(120),
  kind: z.enum(ESOP_KINDS),
  poolShares: z.coerce.number().int().positive().max(1e12),
  approvedOn: date,
  audience: z.enum(ESOP_AUDIENCES),
});

export const recordEntryInput = z.object({
  id,
  planId: z.string().min(1).max(64),
  kind: z.enum(ESOP_ENTRY_KINDS),
  holderName: z.string().trim().min(1).max(80),
  toHolderName: z.string().trim().max(80).optional(),
  shares: z.coerce.number().int().positive().max(1e12),
  effectiveOn: date,
  disclosure: z.string().trim().min(2).max(2000),
  /** Send the disclosure to the plan's participants now. */
  send: z.boolean().default(false),
});

export const addParticipantInput = z.object({
  planId: z.string().min(1).max(64),
  userId: z.string().min(1).max(64),
  holderName: z.string().trim().min(1).max(80),
});

type Entry = typeof esopEntries.$inferSelect;

/** Per holder: granted, vested, forfeited, transferred in and out; unvested and held (vested, net of transfers). */
export function holderBalances(entries: Pick<Entry, "kind" | "holderName" | "toHolderName" | "shares">[]) {
  const m = new Map<string, { granted: number; vested: number; forfeited: number; transferredIn: number; transferredOut: number }>();
  const of = (h: string) => {
    if (!m.has(h)) m.set(h, { granted: 0, vested: 0, forfeited: 0, transferredIn: 0, transferredOut: 0 });
    return m.get(h)!;
  };
  for (const e of entries) {
    const h = of(e.holderName);
    if (e.kind === "grant") h.granted += e.shares;
    if (e.kind === "vest") h.vested += e.shares;
    if (e.kind === "forfeit") h.forfeited += e.shares;
    if (e.kind === "transfer") {
      h.transferredOut += e.shares;
      of(e.toHolderName ?? "").transferredIn += e.shares;
    }
  }
  return [...m.entries()]
    .map(([holderName, b]) => ({ holderName, ...b, unvested: b.granted - b.vested - b.forfeited, held: b.vested + b.transferredIn - b.transferredOut }))
    .sort((a, b) => a.holderName.localeCompare(b.holderName, "zh-CN"));
}

function servedOrNotFound(ctx: Pick<AppContext, "db">, enterpriseOrgId: string) {
  const served = servedEnterprise(ctx, enterpriseOrgId);
  if (!served) throw new NotFoundError();
  return served;
}

export function createEsopPlan(ctx: AppContext, actor: Actor, enterpriseOrgId: string, raw: z.input<typeof createPlanInput>) {
  // The register is a board service: an enterprise not (yet) on the board is told so.
  if (can(actor, "keep:esop-register:own") && actor.orgId === enterpriseOrgId && !servedEnterprise(ctx, enterpriseOrgId)) throw new DomainError("staff:errors.notOnBoard");
  const served = servedOrNotFound(ctx, enterpriseOrgId);
  assertCan(actor, "manage:esop:own", served, { refusal: "not-found" });
  const input = createPlanInput.parse(raw);
  assertIsoDate(input.approvedOn);
  if (input.approvedOn > shanghaiDate(ctx.clock.now())) throw new DomainError("staff:errors.stageInFuture", {}, "approvedOn");
  const existing = ctx.db.select().from(esopPlans).where(eq(esopPlans.id, input.id)).get();
  if (existing) {
    if (existing.enterpriseOrgId !== enterpriseOrgId) throw new ConflictError("staff:errors.duplicateId");
    return existing;
  }
  ctx.db.transaction(() => {
    ctx.db.insert(esopPlans).values({ ...input, enterpriseOrgId, createdBy: actor.userId, createdAt: ctx.clock.now() }).run();
    appendAudit(ctx, { actorUserId: actor.userId, actorOrgId: actor.orgId, action: "staff.esop.plan_registered", subjectType: "esop_plan", subjectId: input.id, enterpriseOrgId, data: { poolShares: input.poolShares, kind: input.kind } });
  });
  return ctx.db.select().from(esopPlans).where(eq(esopPlans.id, input.id)).get()!;
}

/** The exchange records the custody account that holds the plan's shares. */
export function setEsopCustodyAccount(ctx: AppContext, actor: Actor, planId: string, accountNo: string) {
  assertCan(actor, "register:esop-custody:any", undefined);
  const plan = ctx.db.select().from(esopPlans).where(eq(esopPlans.id, planId)).get();
  if (!plan) throw new NotFoundError();
  const clean = z.string().trim().min(4).max(40).regex(/^[A-Za-z0-9-]+$/, "staff:errors.accountNo").safeParse(accountNo);
  if (!clean.success) throw new DomainError("staff:errors.accountNo", {}, "custodyAccountNo");
  ctx.db.transaction(() => {
    ctx.db.update(esopPlans).set({ custodyAccountNo: clean.data }).where(eq(esopPlans.id, planId)).run();
    appendAudit(ctx, { actorUserId: actor.userId, actorOrgId: actor.orgId, action: "staff.esop.custody_set", subjectType: "esop_plan", subjectId: planId, enterpriseOrgId: plan.enterpriseOrgId, data: { custodyAccountNo: clean.data } });
  });
}

export function recordEsopEntry(ctx: AppContext, actor: Actor, raw: z.input<typeof recordEntryInput>) {
  const input = recordEntryInput.parse(raw);
  const plan = ctx.db.select().from(esopPlans).where(eq(esopPlans.id, input.planId)).get();
  if (!plan) throw new NotFoundError();
  assertCan(actor, "manage:esop:own", servedOrNotFound(ctx, plan.enterpriseOrgId), { refusal: "not-found" });
  assertIsoDate(input.effectiveOn);
  if (input.effectiveOn > shanghaiDate(ctx.clock.now())) throw new DomainError("staff:errors.stageInFuture", {}, "effectiveOn");
  if (input.effectiveOn < plan.approvedOn) throw new DomainError("staff:errors.esopBeforePlan", { approvedOn: plan.approvedOn }, "effectiveOn");
  if (ctx.db.select({ id: esopEntries.id }).from(esopEntries).where(eq(esopEntries.id, input.id)).get()) return { id: input.id, created: false };
  ctx.db.transaction(() => {
    const entries = ctx.db.select().from(esopEntries).where(eq(esopEntries.planId, plan.id)).all();
    const balances = holderBalances(entries);
    const h = balances.find((b) => b.holderName === input.holderName) ?? { unvested: 0, held: 0 };
    if (input.kind === "grant") {
      const outstanding = balances.reduce((s, b) => s + b.granted - b.forfeited, 0);
      if (outstanding + input.shares > plan.poolShares) throw new DomainError("staff:errors.esopPoolExceeded", { left: plan.poolShares - outstanding }, "shares");
    }
    if ((input.kind === "vest" || input.kind === "forfeit") && input.shares > h.unvested) throw new DomainError("staff:errors.esopNotEnoughUnvested", { unvested: h.unvested }, "shares");
    if (input.kind === "transfer") {
      if (!input.toHolderName || input.toHolderName === input.holderName) throw new DomainError("staff:errors.esopTransferTo", {}, "toHolderName");
      if (input.shares > h.held) throw new DomainError("staff:errors.esopNotEnoughHeld", { held: h.held }, "shares");
    }
    ctx.db
      .insert(esopEntries)
      .values({ id: input.id, planId: plan.id, kind: input.kind, holderName: input.holderName, toHolderName: input.kind === "transfer" ? input.toHolderName! : null, shares: input.shares, effectiveOn: input.effectiveOn, disclosure: input.disclosure, disclosedAt: ctx.clock.now(), recordedBy: actor.userId })
      .run();
    appendAudit(ctx, { actorUserId: actor.userId, actorOrgId: actor.orgId, action: `staff.esop.${input.kind}`, subjectType: "esop_plan", subjectId: plan.id, enterpriseOrgId: plan.enterpriseOrgId, data: { entryId: input.id, shares: input.shares, audience: plan.audience } });
    if (input.send) sendDisclosure(ctx, actor, plan, input.id);
  });
  return { id: input.id, created: true };
}

type Plan = typeof esopPlans.$inferSelect;

/** The plan's participants with an active account in the enterprise. */
function participantUserIds(ctx: Pick<AppContext, "db">, plan: Plan): string[] {
  const active = new Set(orgUserIds(ctx, [plan.enterpriseOrgId]));
  return ctx.db.select({ userId: esopParticipants.userId }).from(esopParticipants).where(eq(esopParticipants.planId, plan.id)).all().map((p) => p.userId).filter((u) => active.has(u));
}

/** Inside the caller's transaction: notifies the participants of one entry's disclosure, once. */
function sendDisclosure(ctx: AppContext, actor: Actor, plan: Plan, entryId: string): number {
  const entry = ctx.db.select().from(esopEntries).where(eq(esopEntries.id, entryId)).get()!;
  if (entry.sentAt !== null) return 0;
  const recipients = participantUserIds(ctx, plan);
  if (recipients.length === 0) throw new DomainError("staff:errors.esopNoParticipants", {}, "send");
  notifyUsers(ctx, recipients, {
    kind: "board",
    payload: { key: "staff:notify.esopDisclosed", values: { plan: plan.name, kind: entry.kind, holder: entry.holderName, shares: entry.shares, effectiveOn: entry.effectiveOn }, href: `/esop#plan-${plan.id}` },
  });
  ctx.db.update(esopEntries).set({ sentAt: ctx.clock.now(), sentTo: recipients.length }).where(eq(esopEntries.id, entryId)).run();
  appendAudit(ctx, { actorUserId: actor.userId, actorOrgId: actor.orgId, action: "staff.esop.disclosure_sent", subjectType: "esop_plan", subjectId: plan.id, enterpriseOrgId: plan.enterpriseOrgId, data: { entryId, recipients: recipients.length } });
  return recipients.length;
}

/** Sends an already recorded entry's disclosure to the participants; an entry already sent is left as it is. */
export function sendEsopDisclosure(ctx: AppContext, actor: Actor, entryId: string): { sentTo: number; already: boolean } {
  const entry = ctx.db.select().from(esopEntries).where(eq(esopEntries.id, entryId)).get();
  if (!entry) throw new NotFoundError();
  const plan = ctx.db.select().from(esopPlans).where(eq(esopPlans.id, entry.planId)).get()!;
  assertCan(actor, "manage:esop:own", servedOrNotFound(ctx, plan.enterpriseOrgId), { refusal: "not-found" });
  if (entry.sentAt !== null) return { sentTo: entry.sentTo ?? 0, already: true };
  return { sentTo: ctx.db.transaction(() => sendDisclosure(ctx, actor, plan, entryId)), already: false };
}

/** Links a user of the enterprise to the plan as a participant (the holder name they appear under). */
export function addEsopParticipant(ctx: AppContext, actor: Actor, raw: z.input<typeof addParticipantInput>) {
  const input = addParticipantInput.parse(raw);
  const plan = ctx.db.select().from(esopPlans).where(eq(esopPlans.id, input.planId)).get();
  if (!plan) throw new NotFoundError();
  assertCan(actor, "manage:esop:own", servedOrNotFound(ctx, plan.enterpriseOrgId), { refusal: "not-found" });
  // Only the enterprise's own active users can be participants (no one from another organisation).
  if (!orgUserIds(ctx, [plan.enterpriseOrgId]).includes(input.userId)) throw new DomainError("staff:errors.esopParticipantNotStaff", {}, "userId");
  ctx.db.transaction(() => {
    const done = ctx.db.insert(esopParticipants).values({ ...input, addedBy: actor.userId, addedAt: ctx.clock.now() }).onConflictDoUpdate({ target: [esopParticipants.planId, esopParticipants.userId], set: { holderName: input.holderName } }).run();
    if (done.changes > 0) appendAudit(ctx, { actorUserId: actor.userId, actorOrgId: actor.orgId, action: "staff.esop.participant_added", subjectType: "esop_plan", subjectId: plan.id, enterpriseOrgId: plan.enterpriseOrgId, data: { userId: input.userId, holderName: input.holderName } });
  });
}

/** The enterprise's users who could be added as participants (for the form). */
export function esopCandidateUsers(ctx: Pick<AppContext, "db">, actor: Actor, enterpriseOrgId: string) {
  if (!can(actor, "manage:esop:own", { enterpriseOrgId, servicePersonUserId: null })) return [];
  const ids = orgUserIds(ctx, [enterpriseOrgId]);
  return ids.length ? ctx.db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, ids)).orderBy(asc(users.name)).all() : [];
}

/** An enterprise's plans with balances per holder and the entries (with their disclosures), for it and the exchange. */
export function esopRegister(ctx: Pick<AppContext, "db">, actor: Actor, enterpriseOrgId: string) {
  // Its own (empty) register for an enterprise not on the board yet, rather than a 404 from its own menu.
  if (can(actor, "keep:esop-register:own") && actor.orgId === enterpriseOrgId && !servedEnterprise(ctx, enterpriseOrgId)) return [];
  const served = servedOrNotFound(ctx, enterpriseOrgId);
  assertCan(actor, "read:esop:own", served, { refusal: "not-found" });
  const plans = ctx.db.select().from(esopPlans).where(eq(esopPlans.enterpriseOrgId, enterpriseOrgId)).orderBy(asc(esopPlans.approvedOn)).all();
  const participants = plans.length
    ? ctx.db.select({ planId: esopParticipants.planId, userId: esopParticipants.userId, holderName: esopParticipants.holderName, name: users.name }).from(esopParticipants).innerJoin(users, eq(users.id, esopParticipants.userId)).where(inArray(esopParticipants.planId, plans.map((p) => p.id))).orderBy(asc(esopParticipants.holderName)).all()
    : [];
  const entries = plans.length ? ctx.db.select().from(esopEntries).where(and(inArray(esopEntries.planId, plans.map((p) => p.id)))).orderBy(asc(esopEntries.effectiveOn), asc(esopEntries.disclosedAt)).all() : [];
  return plans.map((p) => {
    const mine = entries.filter((e) => e.planId === p.id);
    const holders = holderBalances(mine);
    const outstanding = holders.reduce((s, b) => s + b.granted - b.forfeited, 0);
    return { ...p, holders, entries: mine, poolLeft: p.poolShares - outstanding, participants: participants.filter((x) => x.planId === p.id) };
  });
}
