import { and, desc, eq } from "drizzle-orm";
import { institutionProfiles, mandates, organisations, type InstitutionContact } from "@db/schema";
import type { AppContext } from "~/utils/context.server";
import { NotFoundError } from "~/utils/errors";
import { newId } from "~/utils/ids";
import type { Actor } from "../identity/actor";
import { institutionProfileInput, mandateInput, type InstitutionProfileInput, type MandateInput } from "./financing-schemas";
import { invalid } from "./input-errors";
import { assertCan } from "~/modules/access";

export type Contact = InstitutionContact;
export type MandateRow = typeof mandates.$inferSelect;

export type MandateView = {
  id: string;
  institutionOrgId: string;
  name: string;
  instruments: string[];
  minAmount: number;
  maxAmount: number;
  industries: string[];
  tiers: string[];
  prefectures: string[];
  collateral: string[];
  stages: string[];
  active: boolean;
};

export function mandateView(row: MandateRow): MandateView {
  return {
    id: row.id,
    institutionOrgId: row.institutionOrgId,
    name: row.name,
    instruments: row.instruments,
    minAmount: row.minAmount,
    maxAmount: row.maxAmount,
    industries: row.industries,
    tiers: row.tiers,
    prefectures: row.prefectures,
    collateral: row.collateral,
    stages: row.stages,
    active: row.active,
  };
}

function requireOwnInstitution(actor: Actor): void {
  assertCan(actor, "manage:mandate:own", undefined, { message: "financing:matchingErrors.membersOnly" });
}

/** An alliance member's card: anyone signed in may read it (enterprises choose whom to talk to from it). */
export function institutionProfile(ctx: Pick<AppContext, "db">, orgId: string) {
  const org = ctx.db.select().from(organisations).where(eq(organisations.id, orgId)).get();
  if (!org || org.kind !== "institution") throw new NotFoundError();
  const p = ctx.db.select().from(institutionProfiles).where(eq(institutionProfiles.orgId, orgId)).get();
  return {
    org: { id: org.id, name: org.name, nameEn: org.nameEn, institutionType: org.institutionType, prefectureCode: org.prefectureCode },
    summary: p?.summary ?? "",
    licences: p?.licences ?? [],
    regionsServed: p?.regionsServed ?? [],
    contacts: p?.contacts ?? [],
    mandates: ctx.db
      .select()
      .from(mandates)
      .where(and(eq(mandates.institutionOrgId, orgId), eq(mandates.active, true)))
      .orderBy(desc(mandates.updatedAt))
      .all()
      .map(mandateView),
  };
}

export function saveInstitutionProfile(ctx: Pick<AppContext, "db" | "clock">, actor: Actor, raw: InstitutionProfileInput): void {
  requireOwnInstitution(actor);
  const parsed = institutionProfileInput.safeParse(raw);
  if (!parsed.success) throw invalid(parsed.error);
  const v = parsed.data;
  const values = {
    summary: v.summary,
    licences: v.licences,
    regionsServed: [...new Set(v.regionsServed)],
    contacts: v.contacts,
    updatedAt: ctx.clock.now(),
  };
  ctx.db
    .insert(institutionProfiles)
    .values({ orgId: actor.orgId, ...values })
    .onConflictDoUpdate({ target: institutionProfiles.orgId, set: values })
    .run();
}

/** The actor's own mandates, inactive ones included (they can be switched back on). */
export function listOwnMandates(ctx: Pick<AppContext, "db">, actor: Actor): MandateView[] {
  requireOwnInstitution(actor);
  return ctx.db.select().from(mandates).where(eq(mandates.institutionOrgId, actor.orgId)).orderBy(desc(mandates.updatedAt)).all().map(mandateView);
}

function mandateColumns(v: ReturnType<typeof mandateInput.parse>) {
  return {
    name: v.name,
    instruments: v.instruments,
    minAmount: v.minAmount,
    maxAmount: v.maxAmount,
    industries: v.industries,
    tiers: v.tiers,
    prefectures: v.prefectures,
    collateral: v.collateral,
    stages: v.stages,
    active: v.active,
  };
}

export function createMandate(ctx: Pick<AppContext, "db" | "clock">, actor: Actor, raw: MandateInput): MandateView {
  requireOwnInstitution(actor);
  const parsed = mandateInput.safeParse(raw);
  if (!parsed.success) throw invalid(parsed.error);
  const at = ctx.clock.now();
  const id = newId();
  ctx.db
    .insert(mandates)
    .values({ id, institutionOrgId: actor.orgId, ...mandateColumns(parsed.data), createdBy: actor.userId, createdAt: at, updatedAt: at })
    .run();
  return mandateView(ctx.db.select().from(mandates).where(eq(mandates.id, id)).get()!);
}

export function updateMandate(ctx: Pick<AppContext, "db" | "clock">, actor: Actor, mandateId: string, raw: MandateInput): MandateView {
  requireOwnInstitution(actor);
  const row = ctx.db.select().from(mandates).where(eq(mandates.id, mandateId)).get();
  if (!row || row.institutionOrgId !== actor.orgId) throw new NotFoundError();
  const parsed = mandateInput.safeParse(raw);
  if (!parsed.success) throw invalid(parsed.error);
  ctx.db
    .update(mandates)
    .set({ ...mandateColumns(parsed.data), updatedAt: ctx.clock.now() })
    .where(eq(mandates.id, mandateId))
    .run();
  return mandateView(ctx.db.select().from(mandates).where(eq(mandates.id, mandateId)).get()!);
}

export function activeMandates(ctx: Pick<AppContext, "db">, institutionOrgId?: string): MandateView[] {
  const where = institutionOrgId ? and(eq(mandates.active, true), eq(mandates.institutionOrgId, institutionOrgId)) : eq(mandates.active, true);
  return ctx.db.select().from(mandates).where(where).all().map(mandateView);
}
