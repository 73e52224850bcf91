import { and, between, eq, inArray, notInArray, or, type SQL } from "drizzle-orm";
import { financingNeeds, follows, mandateAlerts, mandates, offers, organisations, type Instrument } from "@db/schema";
import type { AppContext } from "~/utils/context.server";
import type { Actor } from "../identity/actor";
import { explainEligibility, publishedProducts, type ProductView, type RuleCheck } from "./credit-products.server";
import { notifyFollowersOfNeed } from "./follows.server";
import { activeMandates, type MandateView } from "./mandates.server";
import { notifyOrgs } from "~/modules/messaging/notifications.server";
import { parseJson } from "~/utils/json";
import { enterpriseFacts, enterpriseFactsFor, type EnterpriseFacts } from "./enterprise-facts.server";
import type { NeedRow } from "./need-lifecycle.server";
import { needAccessFor as needAccess, visibleNeedsWhere } from "./needs-read.server";
import { assertCan, can, organisationViewer } from "~/modules/access";

/** One "why this match" line: which criterion matched and with what values (rendered from the catalogue). */
export type Reason = { rule: string; values: Record<string, string | number> };
export type Match = { fits: boolean; score: number; reasons: Reason[] };

type NeedExtras = { collateral: string[]; stage: string | null };

/** What a need says about collateral and stage lives in its instrument details, when the enterprise gave it. */
function needExtras(need: Pick<NeedRow, "details">): NeedExtras {
  const d = parseJson<Record<string, unknown>>(need.details, {});
  const collateral = Array.isArray(d.collateral) ? d.collateral.filter((x): x is string => typeof x === "string") : typeof d.collateral === "string" ? [d.collateral] : [];
  return { collateral, stage: typeof d.stage === "string" ? d.stage : null };
}

/**
 * Tests one need against one mandate. Every criterion the mandate states must hold (an empty list means
 * "any" and is neither a reason nor a miss); a mandate that states more and still fits is a stronger match,
 * so the score counts the criteria that matched.
 */
export function matchNeedToMandate(need: Pick<NeedRow, "instrument" | "amount" | "details">, facts: EnterpriseFacts, mandate: MandateView, parsedExtras?: NeedExtras): Match {
  const reasons: Reason[] = [];
  let fits = true;
  const listed = (rule: string, list: string[], value: string | null, values: Record<string, string | number>) => {
    if (list.length === 0) return;
    if (value !== null && list.includes(value)) reasons.push({ rule, values });
    else fits = false;
  };
  listed("instrument", mandate.instruments, need.instrument, { instrument: need.instrument });
  if (need.amount >= mandate.minAmount && need.amount <= mandate.maxAmount) reasons.push({ rule: "amount", values: { amount: need.amount, min: mandate.minAmount, max: mandate.maxAmount } });
  else fits = false;
  listed("industry", mandate.industries, facts.industrySection, { industry: facts.industrySection ?? "" });
  listed("tier", mandate.tiers, facts.tier, { tier: facts.tier ?? "" });
  listed("prefecture", mandate.prefectures, facts.prefectureCode, { prefecture: facts.prefectureCode ?? "" });
  if (mandate.collateral.length === 0 && mandate.stages.length === 0) return { fits, score: reasons.length, reasons };
  // The details are parsed only when the mandate asks about them, once per need when a caller matches many mandates.
  const extras = parsedExtras ?? needExtras(need);
  if (mandate.collateral.length > 0) {
    const common = extras.collateral.filter((c) => mandate.collateral.includes(c));
    // A need that names no collateral is not excluded: the bank will ask.
    if (common.length > 0) reasons.push({ rule: "collateral", values: { collateral: common.join(",") } });
    else if (extras.collateral.length > 0) fits = false;
  }
  if (mandate.stages.length > 0 && extras.stage) listed("stage", mandate.stages, extras.stage, { stage: extras.stage });
  return { fits, score: reasons.length, reasons };
}

/** A credit product fits a need when the need's amount is in its range and the enterprise meets every rule. */
export function matchNeedToProduct(need: Pick<NeedRow, "instrument" | "amount">, facts: EnterpriseFacts, product: ProductView): Match & { checks: RuleCheck[] } {
  const instrumentOk = product.kind === "equipment_leasing" ? need.instrument === "leasing" : need.instrument === "loan";
  const amountOk = need.amount >= product.minAmount && need.amount <= product.maxAmount;
  const { eligible, checks } = explainEligibility(product.eligibility, facts);
  const reasons: Reason[] = [];
  if (instrumentOk) reasons.push({ rule: "productKind", values: { kind: product.kind } });
  if (amountOk) reasons.push({ rule: "amount", values: { amount: need.amount, min: product.minAmount, max: product.maxAmount } });
  for (const c of checks.filter((c) => c.met)) reasons.push({ rule: `eligible.${c.rule}`, values: { actual: Array.isArray(c.actual) ? c.actual.join("、") : (c.actual ?? "") } });
  return { fits: instrumentOk && amountOk && eligible, score: reasons.length, reasons, checks };
}

/** What the institution's matchers read of a need; the title is read for the shown ones only. */
const candidateColumns = {
  id: financingNeeds.id,
  enterpriseOrgId: financingNeeds.enterpriseOrgId,
  instrument: financingNeeds.instrument,
  amount: financingNeeds.amount,
  details: financingNeeds.details,
  publishedAt: financingNeeds.publishedAt,
};

/**
 * Published needs the viewer may see (the access rule as SQL: one query, not one per directed need), less some, with
 * the columns the matchers read: thousands of rows at the demo world ×10, where converting every column of each
 * (titles and summaries included) cost more than the query itself (ADR 0906).
 */
function publishedNeedsVisibleTo(ctx: Pick<AppContext, "db">, viewer: Actor, except: string[] = [], narrowedBy?: SQL) {
  return ctx.db
    .select(candidateColumns)
    .from(financingNeeds)
    .where(and(eq(financingNeeds.state, "published"), visibleNeedsWhere(viewer), except.length ? notInArray(financingNeeds.id, except) : undefined, narrowedBy))
    .all();
}

/**
 * What every fit needs, as SQL: the instrument and the amount range of at least one mandate or product (both matchers
 * refuse a need outside them). Loading only those needs, not every published one, is what keeps an institution's
 * dashboard fast at thousands of needs; the matchers still decide.
 */
function instrumentAndAmountOfAny(mandates: MandateView[], products: ProductView[]): SQL | undefined {
  return or(
    ...mandates.map((m) =>
      and(m.instruments.length ? inArray(financingNeeds.instrument, m.instruments as Instrument[]) : undefined, between(financingNeeds.amount, m.minAmount, m.maxAmount)),
    ),
    ...products.map((p) => and(eq(financingNeeds.instrument, p.kind === "equipment_leasing" ? "leasing" : "loan"), between(financingNeeds.amount, p.minAmount, p.maxAmount))),
  );
}

export type NeedRecommendation = {
  need: { id: string; title: string; amount: number; instrument: string; enterpriseOrgId: string; enterpriseName: string; publishedAt: number | null };
  via: { type: "mandate" | "product"; name: string };
  score: number;
  reasons: Reason[];
  /** Whether this member may offer on it (a guarantor's mandate can match loan needs it can only back, not offer on). */
  canOffer: boolean;
};

/**
 * For an alliance member: published needs it can see that fit one of its mandates or credit products, best
 * match first, leaving out needs it has already made an offer on.
 */
export function recommendNeedsForInstitution(ctx: Pick<AppContext, "db" | "clock">, actor: Actor, limit = 10): NeedRecommendation[] {
  assertCan(actor, "manage:mandate:own", undefined, { message: "financing:matchingErrors.membersOnly" });
  const mine = activeMandates(ctx, actor.orgId);
  const products = publishedProducts(ctx).filter((p) => p.institutionOrgId === actor.orgId);
  if (mine.length === 0 && products.length === 0) return [];
  const offered = ctx.db.selectDistinct({ needId: offers.needId }).from(offers).where(eq(offers.institutionOrgId, actor.orgId)).all().map((r) => r.needId);
  const needs = publishedNeedsVisibleTo(ctx, actor, offered, instrumentAndAmountOfAny(mine, products));
  const factsByOrg = enterpriseFactsFor(ctx, needs.map((n) => n.enterpriseOrgId));
  const names = new Map([...factsByOrg].map(([id, f]) => [id, f.name]));
  const askExtras = mine.some((m) => m.collateral.length > 0 || m.stages.length > 0);
  const out: Array<Omit<NeedRecommendation, "need"> & { need: Omit<NeedRecommendation["need"], "title"> }> = [];
  for (const need of needs) {
    const facts = factsByOrg.get(need.enterpriseOrgId);
    if (!facts) continue;
    const extras = askExtras ? needExtras(need) : undefined;
    const candidates = [
      ...mine.map((m) => ({ via: { type: "mandate" as const, name: m.name }, match: matchNeedToMandate(need, facts, m, extras) })),
      ...products.map((p) => ({ via: { type: "product" as const, name: p.name }, match: matchNeedToProduct(need, facts, p) })),
    ].filter((c) => c.match.fits);
    const best = candidates.sort((a, b) => b.match.score - a.match.score)[0];
    if (!best) continue;
    out.push({
      need: { id: need.id, amount: need.amount, instrument: need.instrument, enterpriseOrgId: need.enterpriseOrgId, enterpriseName: names.get(need.enterpriseOrgId) ?? "", publishedAt: need.publishedAt },
      via: best.via,
      score: best.match.score,
      reasons: best.match.reasons,
      canOffer: can(actor, "offer:need:member", need),
    });
  }
  const shown = out.sort((a, b) => b.score - a.score || (b.need.publishedAt ?? 0) - (a.need.publishedAt ?? 0)).slice(0, limit);
  const titles = new Map(
    shown.length
      ? ctx.db
          .select({ id: financingNeeds.id, title: financingNeeds.title })
          .from(financingNeeds)
          .where(inArray(financingNeeds.id, shown.map((r) => r.need.id)))
          .all()
          .map((r) => [r.id, r.title])
      : [],
  );
  return shown.map((r) => ({ ...r, need: { ...r.need, title: titles.get(r.need.id) ?? "" } }));
}

export type EnterpriseRecommendations = {
  institutions: { institutionOrgId: string; institutionName: string; institutionType: string | null; needId: string; needTitle: string; mandateName: string; score: number; reasons: Reason[] }[];
  products: { productId: string; productName: string; institutionName: string; needId: string | null; needTitle: string | null; score: number; reasons: Reason[] }[];
};

/**
 * For an enterprise: the members whose mandates fit its published needs (who to expect offers from, or to
 * talk to), and the credit products it is eligible for — fitted to a need when one matches.
 */
export function recommendForEnterprise(ctx: Pick<AppContext, "db" | "clock">, actor: Actor, limit = 10): EnterpriseRecommendations {
  assertCan(actor, "create:need:own", undefined, { message: "financing:matchingErrors.enterprisesOnly" });
  const facts = enterpriseFacts(ctx, actor.orgId);
  const needs = ctx.db.select().from(financingNeeds).where(and(eq(financingNeeds.enterpriseOrgId, actor.orgId), eq(financingNeeds.state, "published"))).all();
  const mandates = activeMandates(ctx);
  const insts = new Map(
    mandates.length
      ? ctx.db
          .select({ id: organisations.id, name: organisations.name, kind: organisations.kind, institutionType: organisations.institutionType, prefectureCode: organisations.prefectureCode })
          .from(organisations)
          .where(inArray(organisations.id, [...new Set(mandates.map((m) => m.institutionOrgId))]))
          .all()
          .map((o) => [o.id, o])
      : [],
  );
  const institutions: EnterpriseRecommendations["institutions"] = [];
  for (const need of needs) {
    const bestPerInst = new Map<string, EnterpriseRecommendations["institutions"][number]>();
    for (const m of mandates) {
      const inst = insts.get(m.institutionOrgId);
      if (!inst || needAccess(ctx, organisationViewer(inst), need) === null) continue;
      const match = matchNeedToMandate(need, facts, m);
      if (!match.fits) continue;
      const prior = bestPerInst.get(inst.id);
      if (prior && prior.score >= match.score) continue;
      bestPerInst.set(inst.id, { institutionOrgId: inst.id, institutionName: inst.name, institutionType: inst.institutionType, needId: need.id, needTitle: need.title, mandateName: m.name, score: match.score, reasons: match.reasons });
    }
    institutions.push(...bestPerInst.values());
  }
  const products: EnterpriseRecommendations["products"] = [];
  for (const p of publishedProducts(ctx)) {
    const fitted = needs.map((n) => ({ need: n, match: matchNeedToProduct(n, facts, p) })).filter((x) => x.match.fits).sort((a, b) => b.match.score - a.match.score)[0];
    if (fitted) {
      products.push({ productId: p.id, productName: p.name, institutionName: p.institutionName, needId: fitted.need.id, needTitle: fitted.need.title, score: fitted.match.score, reasons: fitted.match.reasons });
      continue;
    }
    const { eligible, checks } = explainEligibility(p.eligibility, facts);
    if (!eligible) continue;
    const reasons = checks.map((c) => ({ rule: `eligible.${c.rule}`, values: { actual: Array.isArray(c.actual) ? c.actual.join("、") : (c.actual ?? "") } }));
    products.push({ productId: p.id, productName: p.name, institutionName: p.institutionName, needId: null, needTitle: null, score: reasons.length, reasons });
  }
  return {
    institutions: institutions.sort((a, b) => b.score - a.score).slice(0, limit),
    products: products.sort((a, b) => Number(!!b.needId) - Number(!!a.needId) || b.score - a.score).slice(0, limit),
  };
}

/**
 * Mandate alerts: when a need is published, every member with an active mandate it fits (and the right to
 * see it) is notified once per (mandate, need); followers of the enterprise are told too.
 * The needs module calls this after publishing.
 */
export function onNeedPublished(ctx: Pick<AppContext, "db" | "clock"> & Partial<Pick<AppContext, "realtime">>, needId: string): { alerted: number; followers: number } {
  const need = ctx.db.select().from(financingNeeds).where(eq(financingNeeds.id, needId)).get();
  if (!need || need.state !== "published") return { alerted: 0, followers: 0 };
  const anyone = ctx.db.select({ id: mandates.id }).from(mandates).where(eq(mandates.active, true)).limit(1).get() ?? ctx.db.select({ id: follows.id }).from(follows).where(eq(follows.enterpriseOrgId, need.enterpriseOrgId)).limit(1).get();
  if (!anyone) return { alerted: 0, followers: 0 };
  const facts = enterpriseFacts(ctx, need.enterpriseOrgId);
  const already = new Set(ctx.db.select({ mandateId: mandateAlerts.mandateId }).from(mandateAlerts).where(eq(mandateAlerts.needId, needId)).all().map((r) => r.mandateId));
  const at = ctx.clock.now();
  const users = ctx.db.transaction(() => {
    const notified: string[] = [];
    for (const m of activeMandates(ctx)) {
      if (already.has(m.id)) continue;
      const org = ctx.db.select().from(organisations).where(eq(organisations.id, m.institutionOrgId)).get();
      if (!org || needAccess(ctx, organisationViewer(org), need) === null) continue;
      const match = matchNeedToMandate(need, facts, m);
      if (!match.fits) continue;
      ctx.db.insert(mandateAlerts).values({ mandateId: m.id, needId, at }).run();
      notified.push(
        ...notifyOrgs(ctx, [m.institutionOrgId], { kind: "need", payload: {
          key: "financing:notify.mandateMatch",
          values: { mandate: m.name, need: need.title, org: facts.name },
          href: `/needs/${need.id}`,
        } }),
      );
    }
    return notified;
  });
  return { alerted: users.length, followers: notifyFollowersOfNeed(ctx, needId) };
}

/** What the dashboard shows of financing: recommendations for members and enterprises, nothing for others. */
export function financingDashboard(ctx: Pick<AppContext, "db" | "clock">, actor: Actor) {
  if (can(actor, "manage:mandate:own")) return { kind: "institution" as const, needs: recommendNeedsForInstitution(ctx, actor, 6), hasMandates: activeMandates(ctx, actor.orgId).length > 0 };
  if (can(actor, "create:need:own")) return { kind: "enterprise" as const, ...recommendForEnterprise(ctx, actor, 6) };
  return null;
}
