import { and, desc, eq, sql } from "drizzle-orm";
import type { Db } from "@db/client";
import { COLLATERAL_TYPES, creditProducts, organisations, PRODUCT_KINDS, TIERS, type ProductState } from "@db/schema";
import { enqueueSearchUpdate } from "@search/outbox";
import type { AppContext } from "~/utils/context.server";
import { DomainError, NotFoundError } from "~/utils/errors";
import { newId } from "~/utils/ids";
import { preparedQuery } from "~/utils/sql.server";
import type { Actor } from "../identity/actor";
import { listPrefectures } from "../identity/routing.server";
import { creditProductInput, eligibilityRules, type CreditProductInput, type EligibilityRules } from "./financing-schemas";
import { enterpriseFacts, type EnterpriseFacts } from "./enterprise-facts.server";
import { invalid } from "./input-errors";
import { assertCan, can } from "~/modules/access";

export type ProductRow = typeof creditProducts.$inferSelect;
export type ProductView = Omit<ProductRow, "collateral" | "eligibility"> & { collateral: string[]; eligibility: EligibilityRules; institutionName: string; institutionType: string | null };

/** One eligibility rule, explained: what the product asks, what we know of the enterprise, and whether it is met. */
export type RuleCheck = {
  rule: "tier" | "industry" | "prefecture" | "minRevenue" | "minYearsInBusiness" | "srdiTitle";
  met: boolean;
  /** True when the enterprise has not told us the fact the rule needs (e.g. no financial statements). */
  unknown: boolean;
  required: string | number | string[];
  actual: string | number | string[] | null;
};

export function productView(row: ProductRow & { institutionName: string; institutionType: string | null }): ProductView {
  return { ...row, eligibility: storedEligibility(row.eligibility) };
}

/**
 * A product's stored rules through the schema (defaults for rules added later). Every enterprise's dashboard reads
 * every published product, and the schema took ~45 µs a product; the result depends only on the
 * stored JSON, so it is kept per distinct JSON text (at most 500 texts) and each caller gets its own copy.
 */
const parsedEligibility = new Map<string, EligibilityRules>();
const PARSED_ELIGIBILITY_LIMIT = 500;
export function storedEligibility(stored: unknown): EligibilityRules {
  const key = JSON.stringify(stored);
  let rules = parsedEligibility.get(key);
  if (!rules) {
    rules = eligibilityRules.parse(stored);
    if (parsedEligibility.size >= PARSED_ELIGIBILITY_LIMIT) parsedEligibility.delete(parsedEligibility.keys().next().value!);
    parsedEligibility.set(key, rules);
  }
  return structuredClone(rules);
}

/**
 * Every rule the product states, checked against the enterprise's facts. A rule the product does not state
 * is not listed (it cannot be missed). A fact we do not have counts as missed, flagged `unknown`, so the
 * enterprise sees what to add to its profile rather than a silent "not eligible".
 */
export function explainEligibility(rules: EligibilityRules, facts: EnterpriseFacts): { eligible: boolean; checks: RuleCheck[] } {
  const checks: RuleCheck[] = [];
  const inList = (rule: RuleCheck["rule"], required: string[], actual: string | null) => {
    if (required.length === 0) return;
    checks.push({ rule, required, actual, unknown: actual === null, met: actual !== null && required.includes(actual) });
  };
  inList("tier", rules.tiers, facts.tier);
  inList("industry", rules.industries, facts.industrySection);
  inList("prefecture", rules.prefectures, facts.prefectureCode);
  if (rules.minRevenue !== undefined && rules.minRevenue > 0) {
    checks.push({ rule: "minRevenue", required: rules.minRevenue, actual: facts.latestRevenue, unknown: facts.latestRevenue === null, met: (facts.latestRevenue ?? -1) >= rules.minRevenue });
  }
  if (rules.minYearsInBusiness !== undefined && rules.minYearsInBusiness > 0) {
    checks.push({
      rule: "minYearsInBusiness",
      required: rules.minYearsInBusiness,
      actual: facts.yearsInBusiness,
      unknown: facts.yearsInBusiness === null,
      met: (facts.yearsInBusiness ?? -1) >= rules.minYearsInBusiness,
    });
  }
  if (rules.srdiTitleRequired) {
    checks.push({ rule: "srdiTitle", required: "srdi", actual: facts.srdiTitles, unknown: false, met: facts.srdiTitles.length > 0 });
  }
  return { eligible: checks.every((c) => c.met), checks };
}

function withInstitution(db: Db, where: ReturnType<typeof eq> | undefined) {
  return productsWithInstitution(db).where(where).orderBy(desc(creditProducts.updatedAt)).all().map(toProductView);
}

function requireLender(actor: Actor): void {
  assertCan(actor, "publish:credit-product:own", undefined, { message: "financing:matchingErrors.lendersOnly" });
}

function columns(v: ReturnType<typeof creditProductInput.parse>) {
  return {
    name: v.name,
    kind: v.kind,
    summary: v.summary,
    minAmount: v.minAmount,
    maxAmount: v.maxAmount,
    rateMinBp: v.rateMinBp,
    rateMaxBp: v.rateMaxBp,
    termMinMonths: v.termMinMonths,
    termMaxMonths: v.termMaxMonths,
    collateral: v.collateral,
    eligibility: v.eligibility,
  };
}

export function createCreditProduct(ctx: Pick<AppContext, "db" | "clock">, actor: Actor, raw: CreditProductInput): ProductView {
  requireLender(actor);
  const parsed = creditProductInput.safeParse(raw);
  if (!parsed.success) throw invalid(parsed.error);
  const at = ctx.clock.now();
  const id = newId();
  ctx.db.transaction(() => {
    ctx.db
      .insert(creditProducts)
      .values({ id, institutionOrgId: actor.orgId, ...columns(parsed.data), createdBy: actor.userId, createdAt: at, updatedAt: at })
      .run();
    enqueueSearchUpdate(ctx.db, { index: "credit_products", id, op: "upsert" });
  });
  return ownProduct(ctx, actor, id);
}

export function updateCreditProduct(ctx: Pick<AppContext, "db" | "clock">, actor: Actor, productId: string, raw: CreditProductInput): ProductView {
  const current = ownProduct(ctx, actor, productId);
  if (current.state === "retired") throw new DomainError("financing:matchingErrors.productRetired");
  const parsed = creditProductInput.safeParse(raw);
  if (!parsed.success) throw invalid(parsed.error);
  ctx.db.transaction(() => {
    ctx.db
      .update(creditProducts)
      .set({ ...columns(parsed.data), updatedAt: ctx.clock.now() })
      .where(eq(creditProducts.id, productId))
      .run();
    enqueueSearchUpdate(ctx.db, { index: "credit_products", id: productId, op: "upsert" });
  });
  return ownProduct(ctx, actor, productId);
}

const PRODUCT_MOVES: Record<"publish" | "retire", { from: ProductState[]; to: ProductState }> = {
  publish: { from: ["draft"], to: "published" },
  retire: { from: ["draft", "published"], to: "retired" },
};

export function setProductState(ctx: Pick<AppContext, "db" | "clock">, actor: Actor, productId: string, action: "publish" | "retire"): ProductView {
  const current = ownProduct(ctx, actor, productId);
  const m = PRODUCT_MOVES[action];
  if (!m.from.includes(current.state)) throw new DomainError("financing:matchingErrors.illegalTransition", { from: current.state, action });
  const at = ctx.clock.now();
  ctx.db.transaction(() => {
    ctx.db
      .update(creditProducts)
      .set({ state: m.to, updatedAt: at, publishedAt: action === "publish" ? at : current.publishedAt })
      .where(eq(creditProducts.id, productId))
      .run();
    enqueueSearchUpdate(ctx.db, { index: "credit_products", id: productId, op: "upsert" });
  });
  return ownProduct(ctx, actor, productId);
}

export function ownProduct(ctx: Pick<AppContext, "db">, actor: Actor, productId: string): ProductView {
  const p = withInstitution(ctx.db, eq(creditProducts.id, productId))[0];
  if (!p || p.institutionOrgId !== actor.orgId) throw new NotFoundError();
  return p;
}

export function listOwnProducts(ctx: Pick<AppContext, "db">, actor: Actor): ProductView[] {
  requireLender(actor);
  return withInstitution(ctx.db, eq(creditProducts.institutionOrgId, actor.orgId));
}

/** Products with their institution's name and type, as every product view shows them. */
const productsWithInstitution = (db: Db) =>
  db
    .select({ product: creditProducts, institutionName: organisations.name, institutionType: organisations.institutionType })
    .from(creditProducts)
    .innerJoin(organisations, eq(organisations.id, creditProducts.institutionOrgId));
type ProductWithInstitution = { product: ProductRow; institutionName: string; institutionType: string | null };
const toProductView = (r: ProductWithInstitution) => productView({ ...r.product, institutionName: r.institutionName, institutionType: r.institutionType });

/**
 * Every enterprise's dashboard matches with these (a lender's reads its own, publishedProductsOf): prepared once per
 * connection (ADR 0906).
 */
export function publishedProducts(ctx: Pick<AppContext, "db">): ProductView[] {
  return preparedQuery(ctx.db, "published-credit-products", (db) =>
    productsWithInstitution(db).where(eq(creditProducts.state, "published")).orderBy(desc(creditProducts.updatedAt)).prepare(),
  )
    .all()
    .map(toProductView);
}

/** One institution's published products (its dashboard ranks needs with them), newest change first. */
export function publishedProductsOf(ctx: Pick<AppContext, "db">, institutionOrgId: string): ProductView[] {
  return preparedQuery(ctx.db, "published-credit-products-of-institution", (db) =>
    productsWithInstitution(db)
      .where(and(eq(creditProducts.institutionOrgId, sql.placeholder("institutionOrgId")), eq(creditProducts.state, "published")))
      .orderBy(desc(creditProducts.updatedAt))
      .prepare(),
  )
    .all({ institutionOrgId })
    .map(toProductView);
}

/** A published product anyone signed in may read. */
export function publishedProduct(ctx: Pick<AppContext, "db">, productId: string): ProductView {
  const p = withInstitution(ctx.db, and(eq(creditProducts.id, productId), eq(creditProducts.state, "published")) as ReturnType<typeof eq>)[0];
  if (!p) throw new NotFoundError("financing:matchingErrors.productNotFound");
  return p;
}

/**
 * The enterprise's view of the product shelf: every published product with each rule explained, eligible
 * ones first (then by lowest rate).
 */
export function productsForEnterprise(ctx: Pick<AppContext, "db" | "clock">, actor: Actor) {
  assertCan(actor, "apply:credit-product:enterprise", undefined, { message: "financing:matchingErrors.enterprisesOnly" });
  const facts = enterpriseFacts(ctx, actor.orgId);
  return publishedProducts(ctx)
    .map((product) => ({ product, ...explainEligibility(product.eligibility, facts) }))
    .sort((a, b) => Number(b.eligible) - Number(a.eligible) || a.product.rateMinBp - b.product.rateMinBp);
}

/** One product as a given viewer sees it: the owner gets its own (drafts too); an enterprise gets the rules explained. */
export function productPage(ctx: Pick<AppContext, "db" | "clock">, actor: Actor, productId: string) {
  const own = withInstitution(ctx.db, eq(creditProducts.id, productId))[0];
  if (own && own.institutionOrgId === actor.orgId) return { product: own, owner: true as const, eligibility: null };
  const product = publishedProduct(ctx, productId);
  const eligibility = can(actor, "apply:credit-product:enterprise") ? explainEligibility(product.eligibility, enterpriseFacts(ctx, actor.orgId)) : null;
  return { product, owner: false as const, eligibility };
}

/** The choices the product form offers (its eligibility rules pick from these), prefectures in the reader's language. */
export function productFormOptions(ctx: Pick<AppContext, "db">, actor: Actor) {
  const zh = actor.locale.startsWith("zh");
  return {
    kinds: PRODUCT_KINDS,
    collateral: COLLATERAL_TYPES,
    tiers: TIERS,
    sections: "ABCDEFGHIJKLMNOPQRST".split(""),
    prefectures: listPrefectures(ctx).map((p) => ({ value: p.code, label: zh ? p.nameZh : p.nameEn })),
  };
}
