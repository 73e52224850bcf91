import { and, asc, between, desc, eq, inArray, notInArray, or, sql } from "drizzle-orm";
import { financingNeeds, follows, mandateAlerts, mandates, offers, organisations, type Instrument } from "@db/schema";
import type { AppContext } from "~/utils/context.server";
import type { Actor } from "../identity/actor";
import { explainEligibility, publishedProducts, publishedProductsOf, type ProductView, type RuleCheck } from "./credit-products.server";
import { notifyFollowersOfNeed } from "./follows.server";
import { activeMandates, type MandateView } from "./mandates.server";
import { notifyOrgs } from "~/modules/messaging/notifications.server";
import { cachedRead } from "~/utils/cached-read.server";
import { parseJson } from "~/utils/json";
import { inJsonList, keptQuery, preparedQuery } from "~/utils/sql.server";
import { enterpriseFacts, enterpriseFactsFor, type EnterpriseFacts } from "./enterprise-facts.server";
import type { NeedRow } from "./need-lifecycle.server";
import { needAccessFor as needAccess, needAudience, visibleNeedsWhere } from "./needs-read.server";
import { assertCan, audienceScope, can, needAccessOf, organisationViewer } from "~/modules/access";

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

/**
 * What the institution's ranking reads of every candidate need. The details (collateral, stage) are read for the
 * page being matched and the title for the shown needs only: carrying them through the sort of every candidate cost
 * as much as the rest of the query.
 */
const candidateColumns = {
  id: financingNeeds.id,
  enterpriseOrgId: financingNeeds.enterpriseOrgId,
  instrument: financingNeeds.instrument,
  amount: financingNeeds.amount,
  publishedAt: financingNeeds.publishedAt,
};

/** The facts of no enterprise: which eligibility rules a product states does not depend on them. */
const NO_FACTS: EnterpriseFacts = { orgId: "", name: "", prefectureCode: null, industrySection: null, tier: null, latestRevenue: null, revenueYear: null, yearsInBusiness: null, srdiTitles: [] };

/**
 * One mandate or product as the institution's dashboard ranks with it: what every need it fits passes (its instruments
 * and amount range: both matchers refuse a need outside them, and the SQL below reads only those needs), and the
 * highest score a fit can reach (a reason per criterion it states; see matchNeedToMandate and matchNeedToProduct).
 */
type Source = { instruments: readonly string[]; minAmount: number; maxAmount: number; ceiling: number };

function mandateSource(m: MandateView): Source {
  const stated = [m.instruments, m.industries, m.tiers, m.prefectures, m.collateral, m.stages].filter((list) => list.length > 0).length;
  return { instruments: m.instruments, minAmount: m.minAmount, maxAmount: m.maxAmount, ceiling: 1 + stated };
}

function productSource(p: ProductView): Source {
  return { instruments: [p.kind === "equipment_leasing" ? "leasing" : "loan"], minAmount: p.minAmount, maxAmount: p.maxAmount, ceiling: 2 + explainEligibility(p.eligibility, NO_FACTS).checks.length };
}

/** An empty instrument list states no instrument: any need in the amount range passes. */
const fitsAtMost = (s: Source) => and(s.instruments.length ? inArray(financingNeeds.instrument, s.instruments as Instrument[]) : undefined, between(financingNeeds.amount, s.minAmount, s.maxAmount));

/**
 * The member's candidate needs, best possible first, a page at a time. drizzle building this query (a condition per
 * source, each in the ceiling and in the filter, ~40 parameters) cost a third of the ranking, so the built query is
 * kept (keptQuery) under everything it is built from: who reads (their audience scope), what they already offered on
 * and their sources.
 */
function candidatePages(db: AppContext["db"], viewer: Actor, offered: string[], sources: Source[]) {
  return keptQuery(db, "recommendation-candidates", JSON.stringify([audienceScope(viewer), offered, sources]), () => {
    // A need's ceiling: the best score among the sources whose instrument and amount it passes (0 for none).
    const ceiling = sql<number>`max(${sql.join([...sources.map((s) => sql`case when ${fitsAtMost(s)} then ${s.ceiling} else 0 end`), sql`0`], sql`, `)})`;
    return db
      .select({ ...candidateColumns, ceiling: ceiling.as("ceiling") })
      .from(financingNeeds)
      .where(
        and(
          // `+state`: the state is not what narrows the read. Without statistics SQLite would take the state index and
          // read every published need; the source ranges below read only the candidates, from financing_needs_match_idx.
          sql`+${financingNeeds.state} = 'published'`,
          visibleNeedsWhere(viewer),
          offered.length ? notInArray(financingNeeds.id, offered) : undefined,
          or(...sources.map(fitsAtMost)),
        ),
      )
      // By the selected ceiling's name: repeating its expression had SQLite compute it twice per candidate.
      .orderBy(sql`"ceiling" desc`, desc(financingNeeds.publishedAt), asc(financingNeeds.id))
      .limit(CANDIDATES_PER_READ)
      .offset(sql.placeholder("offset"))
      .prepare();
  });
}

export type NeedRecommendation = {
  need: { id: string; title: string; amount: number; instrument: string; enterpriseOrgId: string; enterpriseName: string; publishedAt: number | null };
  via: { type: "mandate" | "product"; name: string };
  score: number;
  reasons: Reason[];
  /** Whether this member may offer on it (a guarantor's mandate can match loan needs it can only back, not offer on). */
  canOffer: boolean;
};

function detailsOf(ctx: Pick<AppContext, "db">, ids: string[]): Map<string, string> {
  const query = preparedQuery(ctx.db, "need-details-by-ids", (db) =>
    db.select({ id: financingNeeds.id, details: financingNeeds.details }).from(financingNeeds).where(inJsonList(financingNeeds.id, sql.placeholder("ids"))).prepare(),
  );
  return new Map(query.all({ ids: JSON.stringify(ids) }).map((r) => [r.id, r.details]));
}

type Ranked = Omit<NeedRecommendation, "need"> & { need: Omit<NeedRecommendation["need"], "title"> };
/** Best match first, then the newest; the id orders needs published in the same millisecond. */
const byRank = (a: Ranked, b: Ranked) => b.score - a.score || (b.need.publishedAt ?? 0) - (a.need.publishedAt ?? 0) || (a.need.id < b.need.id ? -1 : a.need.id > b.need.id ? 1 : 0);
const CANDIDATES_PER_READ = 64;
const FACTS_PER_READ = 16;

/**
 * For an alliance member: published needs it can see that fit one of its mandates or credit products, best
 * match first, leaving out needs it has already made an offer on.
 *
 * Thousands of needs can fit (every loan of a bank's range and industries), and the dashboard shows six. The needs
 * are read best-possible first — by the highest score any of the member's mandates or products could give each
 * (from its instrument and amount, in SQL), then newest — a page at a time, and reading stops once no need left
 * could rank above the last one kept: what is kept is what ranking all of them gives (ADR 0906).
 */
export function recommendNeedsForInstitution(ctx: Pick<AppContext, "db" | "clock">, actor: Actor, limit = 10): NeedRecommendation[] {
  assertCan(actor, "manage:mandate:own", undefined, { message: "financing:matchingErrors.membersOnly" });
  // Remembered until a table the ranking read changes (a need, mandate, product, offer or enterprise fact): the member
  // dashboard is the page members open most, and ranking at ×10 was its largest cost (ADR 0931).
  return cachedRead(ctx, "institution-recommendations", JSON.stringify([actor, limit]), (day) => rankNeedsForInstitution(day, actor, limit));
}

function rankNeedsForInstitution(ctx: Pick<AppContext, "db" | "clock">, actor: Actor, limit: number): NeedRecommendation[] {
  const mine = activeMandates(ctx, actor.orgId);
  const products = publishedProductsOf(ctx, actor.orgId);
  if (mine.length === 0 && products.length === 0) return [];
  const offered = preparedQuery(ctx.db, "needs-offered-on-by-org", (db) =>
    db.selectDistinct({ needId: offers.needId }).from(offers).where(eq(offers.institutionOrgId, sql.placeholder("orgId"))).prepare(),
  )
    .all({ orgId: actor.orgId })
    .map((r) => r.needId);
  const pages = candidatePages(ctx.db, actor, offered, [...mine.map(mandateSource), ...products.map(productSource)]);
  const askExtras = mine.some((m) => m.collateral.length > 0 || m.stages.length > 0);
  const kept: Ranked[] = [];
  read: for (let offset = 0; ; offset += CANDIDATES_PER_READ) {
    const needs = pages.all({ offset });
    let factsByOrg = new Map<string, EnterpriseFacts>();
    let details = new Map<string, string>();
    for (const [i, candidate] of needs.entries()) {
      // The owners' facts and the details are read a few candidates at a time: matching usually stops within the first
      // few of a page (7 of 64 for the demo bank at ×10), and reading them for all 64 cost more than the matching.
      if (i % FACTS_PER_READ === 0) {
        const chunk = needs.slice(i, i + FACTS_PER_READ);
        factsByOrg = enterpriseFactsFor(ctx, chunk.map((n) => n.enterpriseOrgId));
        if (askExtras) details = detailsOf(ctx, chunk.map((n) => n.id));
      }
      const need = { ...candidate, details: details.get(candidate.id) ?? "{}" };
      const last = kept.length === limit ? kept[limit - 1]! : null;
      // Needs come by (ceiling, publishedAt) descending: once this one cannot rank above the last kept, none after can.
      if (last && (need.ceiling < last.score || (need.ceiling === last.score && (need.publishedAt ?? 0) < (last.need.publishedAt ?? 0)))) break read;
      const facts = factsByOrg.get(need.enterpriseOrgId);
      if (!facts) continue;
      const extras = askExtras ? needExtras(need) : undefined;
      const candidates = [
        ...mine.map((m) => ({ via: { type: "mandate" as const, name: m.name }, match: matchNeedToMandate(need, facts, m, extras) })),
        ...products.map((p) => ({ via: { type: "product" as const, name: p.name }, match: matchNeedToProduct(need, facts, p) })),
      ].filter((c) => c.match.fits);
      const best = candidates.sort((a, b) => b.match.score - a.match.score)[0];
      if (!best) continue;
      kept.push({
        need: { id: need.id, amount: need.amount, instrument: need.instrument, enterpriseOrgId: need.enterpriseOrgId, enterpriseName: facts.name, publishedAt: need.publishedAt },
        via: best.via,
        score: best.match.score,
        reasons: best.match.reasons,
        canOffer: can(actor, "offer:need:member", need),
      });
      kept.sort(byRank);
      if (kept.length > limit) kept.pop();
    }
    if (needs.length < CANDIDATES_PER_READ) break;
  }
  const titles = new Map(
    kept.length
      ? preparedQuery(ctx.db, "need-titles-by-ids", (db) =>
          db.select({ id: financingNeeds.id, title: financingNeeds.title }).from(financingNeeds).where(inJsonList(financingNeeds.id, sql.placeholder("ids"))).prepare(),
        )
          .all({ ids: JSON.stringify(kept.map((r) => r.need.id)) })
          .map((r) => [r.id, r.title])
      : [],
  );
  return kept.map((r) => ({ ...r, need: { ...r.need, title: titles.get(r.need.id) ?? "" } }));
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
  return cachedRead(ctx, "enterprise-recommendations", JSON.stringify([actor, limit]), (day) => matchForEnterprise(day, actor, limit));
}

function matchForEnterprise(ctx: Pick<AppContext, "db" | "clock">, actor: Actor, limit: number): EnterpriseRecommendations {
  const facts = enterpriseFacts(ctx, actor.orgId);
  // Prepared once per connection, as every enterprise's dashboard asks (ADR 0910).
  const needs = preparedQuery(ctx.db, "enterprise-published-needs", (db) =>
    db
      .select()
      .from(financingNeeds)
      .where(and(eq(financingNeeds.enterpriseOrgId, sql.placeholder("orgId")), eq(financingNeeds.state, "published")))
      .prepare(),
  ).all({ orgId: actor.orgId });
  const mandates = activeMandates(ctx);
  const insts = new Map(
    mandates.length
      ? preparedQuery(ctx.db, "mandate-institutions", (db) =>
          db
            .select({ id: organisations.id, name: organisations.name, kind: organisations.kind, institutionType: organisations.institutionType, prefectureCode: organisations.prefectureCode })
            .from(organisations)
            .where(inJsonList(organisations.id, sql.placeholder("ids")))
            .prepare(),
        )
          .all({ ids: JSON.stringify([...new Set(mandates.map((m) => m.institutionOrgId))]) })
          .map((o) => [o.id, o])
      : [],
  );
  const institutions: EnterpriseRecommendations["institutions"] = [];
  const viewers = new Map([...insts.values()].map((inst) => [inst.id, organisationViewer(inst)]));
  for (const need of needs) {
    const bestPerInst = new Map<string, EnterpriseRecommendations["institutions"][number]>();
    // Whether an institution may see the need is the same for each of its mandates (and a directed need's audience
    // is read once); the need's details are parsed once, when a mandate asks about them.
    const audience = needAudience(ctx, need);
    const mayRead = new Map<string, boolean>();
    let extras: NeedExtras | undefined;
    for (const m of mandates) {
      const inst = insts.get(m.institutionOrgId);
      if (!inst) continue;
      let readable = mayRead.get(inst.id);
      if (readable === undefined) {
        readable = needAccessOf(viewers.get(inst.id)!, audience) !== null;
        mayRead.set(inst.id, readable);
      }
      if (!readable) continue;
      if (extras === undefined && (m.collateral.length > 0 || m.stages.length > 0)) extras = needExtras(need);
      const match = matchNeedToMandate(need, facts, m, extras);
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
