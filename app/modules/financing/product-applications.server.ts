import { and, desc, eq } from "drizzle-orm";
import { creditProducts, organisations, productApplications, type ProductApplicationState } from "@db/schema";
import type { AppContext } from "~/utils/context.server";
import { ConflictError, DomainError, ForbiddenError, NotFoundError } from "~/utils/errors";
import { appendAudit } from "../audit/audit.server";
import type { Actor } from "../identity/actor";
import { registerSubjectAccess } from "../messaging/subject-access.server";
import { explainEligibility, publishedProduct } from "./credit-products.server";
import { approveApplicationInput, declineInput, productApplicationInput, type DeclineInput, type OutcomeInput, type ProductApplicationInput } from "./financing-schemas";
import { notifyOrgs } from "~/modules/messaging/notifications.server";
import { parseJson } from "~/utils/json";
import { enterpriseFacts } from "./enterprise-facts.server";
import { invalid } from "./input-errors";
import { writeOutcome } from "./outcomes.server";
import { assertCan } from "~/modules/access";

export type ProductApplication = typeof productApplications.$inferSelect;
type Action = "review" | "approve" | "decline" | "withdraw" | "close";

/** The lender works an application like an offer: review → approve / decline → closed with an outcome. */
const FROM: Record<Action, readonly ProductApplicationState[]> = {
  review: ["submitted"],
  approve: ["submitted", "reviewing"],
  decline: ["submitted", "reviewing"],
  withdraw: ["submitted", "reviewing"],
  close: ["approved"],
};
const TO: Record<Action, ProductApplicationState> = { review: "reviewing", approve: "approved", decline: "declined", withdraw: "withdrawn", close: "closed" };

function load(ctx: Pick<AppContext, "db">, actor: Actor, id: string): ProductApplication {
  const app = ctx.db.select().from(productApplications).where(eq(productApplications.id, id)).get();
  if (!app) throw new NotFoundError("financing:matchingErrors.applicationNotFound");
  assertCan(actor, "read:product-application:party", app, { refusal: "not-found", message: "financing:matchingErrors.applicationNotFound" });
  return app;
}

/**
 * 一键申请: the enterprise applies with its profile data. What it shares is snapshotted into the application
 * and its consent is written to the audit chain (with the enterprise as the data subject), in the same
 * transaction. Idempotent on the client id. Only eligible enterprises may apply, within the product's ranges.
 */
export function applyForProduct(ctx: AppContext, actor: Actor, raw: ProductApplicationInput): { application: ProductApplication; duplicate: boolean } {
  assertCan(actor, "apply:credit-product:enterprise", undefined, { message: "financing:matchingErrors.enterprisesOnly" });
  const parsed = productApplicationInput.safeParse(raw);
  if (!parsed.success) throw invalid(parsed.error);
  const input = parsed.data;
  const existing = ctx.db.select().from(productApplications).where(eq(productApplications.id, input.id)).get();
  if (existing) {
    if (existing.enterpriseOrgId !== actor.orgId || existing.productId !== input.productId) throw new ConflictError("financing:matchingErrors.idTaken");
    return { application: existing, duplicate: true };
  }
  const product = publishedProduct(ctx, input.productId);
  if (input.amount < product.minAmount || input.amount > product.maxAmount) {
    throw new DomainError("financing:matchingErrors.amountOutOfRange", { min: product.minAmount, max: product.maxAmount }, "amount");
  }
  if (input.termMonths < product.termMinMonths || input.termMonths > product.termMaxMonths) {
    throw new DomainError("financing:matchingErrors.termOutOfRange", { min: product.termMinMonths, max: product.termMaxMonths }, "termMonths");
  }
  const open = ctx.db
    .select({ id: productApplications.id, state: productApplications.state })
    .from(productApplications)
    .where(and(eq(productApplications.productId, product.id), eq(productApplications.enterpriseOrgId, actor.orgId)))
    .all()
    .find((a) => a.state === "submitted" || a.state === "reviewing");
  if (open) throw new ConflictError("financing:matchingErrors.alreadyApplied");
  const facts = enterpriseFacts(ctx, actor.orgId);
  const eligibility = explainEligibility(product.eligibility, facts);
  if (!eligibility.eligible) throw new DomainError("financing:matchingErrors.notEligible");
  const org = ctx.db.select({ uscc: organisations.uscc }).from(organisations).where(eq(organisations.id, actor.orgId)).get();
  const shared = { ...facts, uscc: org?.uscc ?? null, contactName: actor.name, contactEmail: actor.email };
  const at = ctx.clock.now();
  const row: ProductApplication = {
    id: input.id,
    productId: product.id,
    enterpriseOrgId: actor.orgId,
    institutionOrgId: product.institutionOrgId,
    amount: input.amount,
    termMonths: input.termMonths,
    purpose: input.purpose,
    profileSnapshot: JSON.stringify(shared),
    state: "submitted",
    approvedAmount: null,
    approvedRateBp: null,
    declineReason: null,
    declineNote: null,
    submittedBy: actor.userId,
    submittedAt: at,
    updatedAt: at,
  };
  ctx.db.transaction(() => {
    ctx.db.insert(productApplications).values(row).run();
    appendAudit(ctx, {
      actorUserId: actor.userId,
      actorOrgId: actor.orgId,
      action: "data.consent_product_application",
      subjectType: "product_application",
      subjectId: row.id,
      enterpriseOrgId: actor.orgId,
      data: { recipientOrgId: product.institutionOrgId, productId: product.id, sharedFields: Object.keys(shared).sort() },
    });
    return notifyOrgs(ctx, [product.institutionOrgId], { kind: "product_application", payload: {
      key: "financing:notify.applicationReceived",
      values: { org: actor.orgName, product: product.name },
      href: `/market/applications/${row.id}`,
    }, exceptUserId: actor.userId });
  });
  return { application: row, duplicate: false };
}

function move(ctx: AppContext, actor: Actor, app: ProductApplication, action: Action, extra: Partial<ProductApplication> = {}): ProductApplication {
  if (!FROM[action].includes(app.state)) throw new DomainError("financing:matchingErrors.illegalTransition", { from: app.state, action });
  const at = ctx.clock.now();
  const next: ProductApplication = { ...app, ...extra, state: TO[action], updatedAt: at };
  const product = ctx.db.select({ name: creditProducts.name }).from(creditProducts).where(eq(creditProducts.id, app.productId)).get()!;
  const byEnterprise = actor.orgId === app.enterpriseOrgId;
  ctx.db.transaction(() => {
    const res = ctx.db.update(productApplications).set(next).where(and(eq(productApplications.id, app.id), eq(productApplications.state, app.state))).run();
    if (res.changes !== 1) throw new ConflictError("financing:matchingErrors.offerChanged");
    appendAudit(ctx, {
      actorUserId: actor.userId,
      actorOrgId: actor.orgId,
      action: `product_application.${next.state}`,
      subjectType: "product_application",
      subjectId: app.id,
      enterpriseOrgId: app.enterpriseOrgId,
      data: { from: app.state, approvedAmount: next.approvedAmount, approvedRateBp: next.approvedRateBp, reason: next.declineReason },
    });
    return notifyOrgs(ctx, [byEnterprise ? app.institutionOrgId : app.enterpriseOrgId], { kind: "product_application", payload: {
      key: `financing:notify.application.${next.state}`,
      values: { org: actor.orgName, product: product.name },
      href: `/market/applications/${app.id}`,
    }, exceptUserId: actor.userId });
  });
  return next;
}

function lenders(ctx: Pick<AppContext, "db">, actor: Actor, id: string): ProductApplication {
  const app = load(ctx, actor, id);
  if (app.institutionOrgId !== actor.orgId) throw new ForbiddenError("financing:matchingErrors.onlyLenderDecides");
  return app;
}

export function startReview(ctx: AppContext, actor: Actor, id: string) {
  return move(ctx, actor, lenders(ctx, actor, id), "review");
}

export function approveApplication(ctx: AppContext, actor: Actor, id: string, raw: { approvedAmount: unknown; approvedRateBp: unknown }) {
  const app = lenders(ctx, actor, id);
  const parsed = approveApplicationInput.safeParse(raw);
  if (!parsed.success) throw invalid(parsed.error);
  return move(ctx, actor, app, "approve", parsed.data);
}

export function declineApplication(ctx: AppContext, actor: Actor, id: string, raw: DeclineInput) {
  const app = lenders(ctx, actor, id);
  const parsed = declineInput.safeParse(raw);
  if (!parsed.success) throw invalid(parsed.error);
  return move(ctx, actor, app, "decline", { declineReason: parsed.data.reason, declineNote: parsed.data.note });
}

export function withdrawApplication(ctx: AppContext, actor: Actor, id: string) {
  const app = load(ctx, actor, id);
  if (app.enterpriseOrgId !== actor.orgId) throw new ForbiddenError("financing:matchingErrors.notYourApplication");
  return move(ctx, actor, app, "withdraw");
}

/** Closes an approved application with what was drawn; the same outcome record as an accepted offer. */
export function recordApplicationOutcome(ctx: AppContext, actor: Actor, id: string, raw: OutcomeInput) {
  const app = load(ctx, actor, id);
  assertCan(actor, "record:financing-outcome:party", app, { message: "financing:matchingErrors.partiesOnly" });
  if (!FROM.close.includes(app.state)) throw new DomainError("financing:matchingErrors.illegalTransition", { from: app.state, action: "close" });
  const product = ctx.db.select({ kind: creditProducts.kind }).from(creditProducts).where(eq(creditProducts.id, app.productId)).get()!;
  const at = ctx.clock.now();
  return ctx.db.transaction(() => {
    const res = ctx.db.update(productApplications).set({ state: "closed", updatedAt: at }).where(and(eq(productApplications.id, app.id), eq(productApplications.state, "approved"))).run();
    if (res.changes !== 1) throw new ConflictError("financing:matchingErrors.offerChanged");
    return writeOutcome(
      ctx,
      actor,
      {
        type: "product_application",
        id: app.id,
        enterpriseOrgId: app.enterpriseOrgId,
        institutionOrgId: app.institutionOrgId,
        instrument: product.kind === "equipment_leasing" ? "leasing" : "loan",
        defaultCostBp: app.approvedRateBp,
      },
      { channel: "credit_product", ...raw },
    );
  });
}

export type ApplicationView = ProductApplication & { productName: string; enterpriseName: string; institutionName: string; shared: Record<string, unknown> };

function views(ctx: Pick<AppContext, "db">, where: ReturnType<typeof eq>): ApplicationView[] {
  const rows = ctx.db
    .select({ app: productApplications, productName: creditProducts.name, enterpriseName: organisations.name })
    .from(productApplications)
    .innerJoin(creditProducts, eq(creditProducts.id, productApplications.productId))
    .innerJoin(organisations, eq(organisations.id, productApplications.enterpriseOrgId))
    .where(where)
    .orderBy(desc(productApplications.updatedAt))
    .all();
  const names = new Map(ctx.db.select({ id: organisations.id, name: organisations.name }).from(organisations).where(eq(organisations.kind, "institution")).all().map((o) => [o.id, o.name]));
  return rows.map((r) => ({ ...r.app, productName: r.productName, enterpriseName: r.enterpriseName, institutionName: names.get(r.app.institutionOrgId) ?? "", shared: parseJson(r.app.profileSnapshot, {}) }));
}

/** The lender's inbox: applications to its products, newest activity first. */
export function applicationInbox(ctx: Pick<AppContext, "db">, actor: Actor): ApplicationView[] {
  assertCan(actor, "list:product-application:lender", undefined, { message: "financing:matchingErrors.membersOnly" });
  return views(ctx, eq(productApplications.institutionOrgId, actor.orgId));
}

export function myApplications(ctx: Pick<AppContext, "db">, actor: Actor): ApplicationView[] {
  assertCan(actor, "apply:credit-product:enterprise", undefined, { message: "financing:matchingErrors.enterprisesOnly" });
  return views(ctx, eq(productApplications.enterpriseOrgId, actor.orgId));
}

export function getApplication(ctx: Pick<AppContext, "db">, actor: Actor, id: string): ApplicationView {
  load(ctx, actor, id);
  return views(ctx, eq(productApplications.id, id))[0]!;
}

registerSubjectAccess("product_application", (ctx, actor, { subjectId, withOrgId }) => {
  const app = load(ctx, actor, subjectId);
  if (actor.orgId === app.enterpriseOrgId && withOrgId === app.institutionOrgId) return { enterpriseOrgId: app.enterpriseOrgId, memberOrgId: app.institutionOrgId };
  if (actor.orgId === app.institutionOrgId && withOrgId === app.enterpriseOrgId) return { enterpriseOrgId: app.enterpriseOrgId, memberOrgId: app.institutionOrgId };
  throw new ForbiddenError("messaging:errors.pairNotAllowed");
});
