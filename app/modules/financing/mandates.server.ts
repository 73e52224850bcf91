import { and, asc, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { institutionProfiles, mandates, memberships, organisations, users, type InstitutionContact } from "@db/schema";
import type { AppContext } from "~/utils/context.server";
import { DomainError, NotFoundError } from "~/utils/errors";
import { newId } from "~/utils/ids";
import { preparedQuery } from "~/utils/sql.server";
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

/** The institution's active members, whom it may name as relationship managers (the profile form's choices). */
export function institutionMembers(ctx: Pick<AppContext, "db">, actor: Actor): { userId: string; name: string; email: string }[] {
  requireOwnInstitution(actor);
  return membersOf(ctx, actor.orgId);
}

function membersOf(ctx: Pick<AppContext, "db">, orgId: string, userIds?: string[]) {
  const rows = ctx.db
    .selectDistinct({ userId: users.id, name: users.name, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.orgId, orgId), isNull(users.disabledAt), userIds ? inArray(users.id, userIds) : undefined))
    .orderBy(asc(users.name))
    .all();
  return rows;
}

export function saveInstitutionProfile(ctx: Pick<AppContext, "db" | "clock">, actor: Actor, raw: InstitutionProfileInput): void {
  requireOwnInstitution(actor);
  const parsed = institutionProfileInput.safeParse(raw);
  if (!parsed.success) throw invalid(parsed.error);
  const v = parsed.data;
  // Relationship managers are the institution's own members: anyone else (another institution's staff, a
  // disabled account, an id made up in the browser) is refused, not silently dropped.
  const chosen = [...new Map(v.managers.map((m) => [m.userId, m])).values()];
  const members = new Map(membersOf(ctx, actor.orgId, chosen.map((m) => m.userId)).map((m) => [m.userId, m]));
  if (chosen.some((m) => !members.has(m.userId))) throw new DomainError("financing:matchingErrors.managerNotMember", {}, "managers");
  const contacts: InstitutionContact[] = chosen.map((m) => ({ userId: m.userId, name: members.get(m.userId)!.name, email: members.get(m.userId)!.email, title: m.title, phone: m.phone }));
  const values = {
    summary: v.summary,
    licences: v.licences,
    regionsServed: [...new Set(v.regionsServed)],
    contacts,
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
  // Prepared once per connection: every institution's and enterprise's dashboard asks (ADR 0906).
  if (institutionOrgId === undefined) {
    return preparedQuery(ctx.db, "active-mandates", (db) => db.select().from(mandates).where(eq(mandates.active, true)).prepare())
      .all()
      .map(mandateView);
  }
  return preparedQuery(ctx.db, "active-mandates-of", (db) =>
    db
      .select()
      .from(mandates)
      .where(and(eq(mandates.active, true), eq(mandates.institutionOrgId, sql.placeholder("orgId"))))
      .prepare(),
  )
    .all({ orgId: institutionOrgId })
    .map(mandateView);
}
