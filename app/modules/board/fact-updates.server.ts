import { recordDeclaredFinancing } from "~/modules/enterprises/disclosure-duties.server";
import { and, asc, desc, eq, max } from "drizzle-orm";
import { z } from "zod";
import {
  boardApplications,
  boardFactUpdates,
  boardMemberships,
  organisations,
  financialStatements,
} from "@db/schema";
import { assertCan, can } from "~/modules/access";
import { appendAudit } from "~/modules/audit/audit.server";
import type { Actor } from "~/modules/identity/actor";
import type { AppContext } from "~/utils/context.server";
import { shanghaiDate } from "~/utils/dates";
import { factSetInput, factUpdateInput, type FactSet } from "./fact-schemas";
export { factSetInput, factUpdateInput, type FactSet };
import { ConflictError, DomainError, NotFoundError } from "~/utils/errors";
import { newId } from "~/utils/ids";
import { notifyOrgs } from "~/modules/messaging/notifications.server";
import { orgIdsOfKind } from "./board-notify.server";
import { loadApplicationFacts } from "./tier-decisions.server";
import type { FinancialYear, TierFacts } from "./tier-rules";

/**
 * Re-tiering from current facts (Attachment 1 §(五): "根据企业发展情况每年调整其所在层次"). A listed enterprise, or its
 * dedicated service person, files the facts the tier rules read as they stand now — SRDI title, PE/VC rounds, IPO
 * tutoring, listing plan, NEEQ status — with evidence. Each filing is a numbered version; the exchange confirms or
 * rejects it. The yearly run reads the latest confirmed version over the admitted application, and the enterprise's
 * audited statements for years the application did not cover, and states which it used.
 */


export type FactUpdate = Omit<typeof boardFactUpdates.$inferSelect, "facts"> & { facts: FactSet };

function listedMembership(ctx: Pick<AppContext, "db">, enterpriseOrgId: string) {
  return ctx.db.select().from(boardMemberships).where(and(eq(boardMemberships.enterpriseOrgId, enterpriseOrgId), eq(boardMemberships.status, "listed"))).get() ?? null;
}

/** The enterprise or its service person files the current facts with evidence, as the next version. Idempotent on its id. */
export function submitFactUpdate(ctx: AppContext, actor: Actor, input: z.input<typeof factUpdateInput>): FactUpdate {
  const parsed = factUpdateInput.parse(input);
  const m = listedMembership(ctx, parsed.enterpriseOrgId);
  assertCan(actor, "submit:fact-update:own", { enterpriseOrgId: parsed.enterpriseOrgId, servicePersonUserId: m?.servicePersonUserId ?? null }, { refusal: "not-found" });
  if (!m) throw new DomainError("boardRules:errors.notListed");
  const id = parsed.id ?? newId();
  const existing = ctx.db.select().from(boardFactUpdates).where(eq(boardFactUpdates.id, id)).get();
  if (existing) return existing as FactUpdate;
  if (ctx.db.select({ id: boardFactUpdates.id }).from(boardFactUpdates).where(and(eq(boardFactUpdates.enterpriseOrgId, m.enterpriseOrgId), eq(boardFactUpdates.state, "submitted"))).get()) {
    throw new ConflictError("boardRules:errors.factUpdatePending");
  }
  const version = (ctx.db.select({ v: max(boardFactUpdates.version) }).from(boardFactUpdates).where(eq(boardFactUpdates.enterpriseOrgId, m.enterpriseOrgId)).get()?.v ?? 0) + 1;
  const row: FactUpdate = {
    id,
    enterpriseOrgId: m.enterpriseOrgId,
    version,
    facts: parsed.facts,
    evidence: parsed.evidence,
    state: "submitted",
    submittedBy: actor.userId,
    submittedAt: ctx.clock.now(),
    reviewedBy: null,
    reviewedAt: null,
    reviewComment: null,
  };
  ctx.db.transaction(() => {
    ctx.db.insert(boardFactUpdates).values(row).run();
    appendAudit(ctx, {
      actorUserId: actor.userId,
      actorOrgId: actor.orgId,
      action: "board.facts.submitted",
      subjectType: "board_fact_update",
      subjectId: id,
      enterpriseOrgId: m.enterpriseOrgId,
      data: { version, facts: parsed.facts },
    });
    notifyOrgs(ctx, orgIdsOfKind(ctx, "exchange"), { kind: "board", payload: { key: "boardRules:notify.factsSubmitted", values: { version }, href: "/board/facts" }, roles: ["reviewer", "exchange_admin"] });
  });
  return row;
}

export const factReviewInput = z.discriminatedUnion("decision", [
  z.object({ decision: z.literal("confirm"), comment: z.string().trim().max(2000).optional() }),
  z.object({ decision: z.literal("reject"), comment: z.string().trim().min(4).max(2000) }),
]);

/** A reviewer confirms the filed facts (the next re-tiering reads them) or rejects them with a reason. */
export function reviewFactUpdate(ctx: AppContext, actor: Actor, updateId: string, input: z.input<typeof factReviewInput>): void {
  assertCan(actor, "review:fact-update:any", undefined);
  const parsed = factReviewInput.parse(input);
  const u = ctx.db.select().from(boardFactUpdates).where(eq(boardFactUpdates.id, updateId)).get();
  if (!u) throw new NotFoundError();
  if (u.state !== "submitted") throw new ConflictError("boardRules:errors.factUpdateDecided");
  const state = parsed.decision === "confirm" ? "confirmed" : "rejected";
  ctx.db.transaction(() => {
    ctx.db
      .update(boardFactUpdates)
      .set({ state, reviewedBy: actor.userId, reviewedAt: ctx.clock.now(), reviewComment: parsed.comment || null })
      .where(eq(boardFactUpdates.id, u.id))
      .run();
    appendAudit(ctx, {
      actorUserId: actor.userId,
      actorOrgId: actor.orgId,
      action: `board.facts.${state}`,
      subjectType: "board_fact_update",
      subjectId: u.id,
      enterpriseOrgId: u.enterpriseOrgId,
      data: { version: u.version, comment: parsed.comment ?? null },
    });
    notifyOrgs(ctx, [u.enterpriseOrgId], { kind: "board", payload: { key: `boardRules:notify.facts.${state}`, values: { version: u.version }, href: "/board/facts" } });
    // A newly declared round or government fund is financing that owes directed disclosure too.
    if (state === "confirmed") recordDeclaredFinancing(ctx, u.enterpriseOrgId, actor.userId);
  });
}

/** Which facts and financials a re-tiering decision read. */
export type FactsSource = {
  applicationId: string;
  factUpdate: { id: string; version: number; confirmedOn: string } | null;
  financialYears: { fiscalYear: number; from: "application" | "auditedStatement" }[];
};

/**
 * The facts the rules apply to now: the admitted application, overlaid by the latest confirmed fact update; its
 * financials, plus the enterprise's audited statements for later fiscal years (share count carried from the newest
 * application year).
 */
export function currentFacts(ctx: Pick<AppContext, "db">, enterpriseOrgId: string, applicationId: string): { facts: TierFacts; source: FactsSource } {
  const base = loadApplicationFacts(ctx, applicationId);
  const update = ctx.db
    .select()
    .from(boardFactUpdates)
    .where(and(eq(boardFactUpdates.enterpriseOrgId, enterpriseOrgId), eq(boardFactUpdates.state, "confirmed")))
    .orderBy(desc(boardFactUpdates.version))
    .get();
  const f = update ? (update.facts as FactSet) : null;
  const facts: TierFacts = f
    ? {
        ...base,
        srdiStatus: f.srdiStatus,
        smeSize: f.smeSize ?? null,
        govFundInvested: f.govFundInvested,
        listingReserve: f.listingReserve,
        ipoTutoring: f.ipoTutoring,
        neeqStatus: f.neeqStatus,
        plansIpo: f.plansIpo,
        listingPlanMarket: f.listingPlanMarket ?? null,
        peRounds: f.peRounds.map((r) => ({ round: r.round, closedOn: r.closedOn, govFund: r.govFund })),
      }
    : base;
  const years = new Map<number, FinancialYear>(base.financials.map((y) => [y.fiscalYear, y]));
  const from = new Map<number, "application" | "auditedStatement">(base.financials.map((y) => [y.fiscalYear, "application"]));
  const newest = [...base.financials].sort((a, b) => b.fiscalYear - a.fiscalYear)[0];
  const statements = ctx.db
    .select()
    .from(financialStatements)
    .where(and(eq(financialStatements.orgId, enterpriseOrgId), eq(financialStatements.audited, true)))
    .orderBy(asc(financialStatements.fiscalYear))
    .all();
  for (const s of statements) {
    if (years.has(s.fiscalYear) || !newest || s.fiscalYear < newest.fiscalYear) continue;
    years.set(s.fiscalYear, {
      fiscalYear: s.fiscalYear,
      revenue: s.revenue,
      netProfit: s.netProfit,
      netProfitDeducted: null,
      netAssets: s.netAssets,
      rdExpense: s.rdExpense,
      operatingCashFlow: s.operatingCashFlow,
      totalShares: newest.totalShares,
      shareCapital: s.shareCapital ?? newest.shareCapital ?? null,
      weightedRoeBp: null,
    });
    from.set(s.fiscalYear, "auditedStatement");
  }
  const financials = [...years.values()].sort((a, b) => b.fiscalYear - a.fiscalYear);
  return {
    facts: { ...facts, financials },
    source: {
      applicationId,
      factUpdate: update ? { id: update.id, version: update.version, confirmedOn: shanghaiDate(update.reviewedAt ?? update.submittedAt) } : null,
      financialYears: financials.map((y) => ({ fiscalYear: y.fiscalYear, from: from.get(y.fiscalYear)! })),
    },
  };
}

/** An enterprise's filings, newest first, for itself, its service person and the supervisors. */
export function listFactUpdates(ctx: Pick<AppContext, "db">, actor: Actor, enterpriseOrgId: string): FactUpdate[] {
  const m = ctx.db.select().from(boardMemberships).where(eq(boardMemberships.enterpriseOrgId, enterpriseOrgId)).orderBy(desc(boardMemberships.createdAt)).get();
  assertCan(actor, "view:fact-update:own", { enterpriseOrgId, servicePersonUserId: m?.servicePersonUserId ?? null }, { refusal: "not-found" });
  return ctx.db.select().from(boardFactUpdates).where(eq(boardFactUpdates.enterpriseOrgId, enterpriseOrgId)).orderBy(desc(boardFactUpdates.version)).all() as FactUpdate[];
}

/** Filings waiting for the exchange's review (reviewers' queue). */
export function pendingFactUpdates(ctx: Pick<AppContext, "db">, actor: Actor): FactUpdate[] {
  assertCan(actor, "review:fact-update:any", undefined);
  return ctx.db.select().from(boardFactUpdates).where(eq(boardFactUpdates.state, "submitted")).orderBy(asc(boardFactUpdates.submittedAt)).all() as FactUpdate[];
}

/** The facts as they stand (for the filing form's defaults), with what the enterprise may do. */
export function factsPage(ctx: Pick<AppContext, "db">, actor: Actor, enterpriseOrgId: string) {
  const updates = listFactUpdates(ctx, actor, enterpriseOrgId);
  const m = listedMembership(ctx, enterpriseOrgId);
  const app = ctx.db
    .select({ id: boardApplications.id })
    .from(boardApplications)
    .where(and(eq(boardApplications.enterpriseOrgId, enterpriseOrgId), eq(boardApplications.state, "admitted")))
    .orderBy(desc(boardApplications.updatedAt))
    .get();
  const current = app ? currentFacts(ctx, enterpriseOrgId, app.id) : null;
  const f = current?.facts;
  const defaults: FactSet | null = f
    ? {
        srdiStatus: f.srdiStatus,
        srdiCertificateNo: null,
        smeSize: f.smeSize ?? null,
        govFundInvested: f.govFundInvested,
        listingReserve: f.listingReserve,
        ipoTutoring: f.ipoTutoring,
        neeqStatus: f.neeqStatus,
        plansIpo: f.plansIpo,
        listingPlanMarket: f.listingPlanMarket,
        peRounds: f.peRounds.map((r) => ({ round: r.round, investors: "", closedOn: r.closedOn, govFund: r.govFund ?? false })),
      }
    : null;
  return {
    updates,
    defaults,
    source: current?.source ?? null,
    canSubmit: m !== null && app !== undefined && !updates.some((u) => u.state === "submitted") && can(actor, "submit:fact-update:own", { enterpriseOrgId, servicePersonUserId: m.servicePersonUserId }),
    canReview: can(actor, "review:fact-update:any"),
  };
}

/** The enterprises a service person serves (to pick whose facts to update). */
export function servedEnterprises(ctx: Pick<AppContext, "db">, actor: Actor) {
  return ctx.db
    .select({ id: organisations.id, name: organisations.name })
    .from(boardMemberships)
    .innerJoin(organisations, eq(organisations.id, boardMemberships.enterpriseOrgId))
    .where(and(eq(boardMemberships.status, "listed"), eq(boardMemberships.servicePersonUserId, actor.userId)))
    .orderBy(asc(organisations.name))
    .all();
}
