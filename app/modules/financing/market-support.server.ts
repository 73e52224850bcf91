import { and, desc, eq, inArray } from "drizzle-orm";
import {
  boardApplications,
  boardMemberships,
  enterpriseProfiles,
  financialStatements,
  financingNeeds,
  memberships,
  organisations,
  type Tier,
} from "@db/schema";
import type { AppContext } from "~/utils/context.server";
import { shanghaiDate } from "~/utils/dates";
import { NotFoundError } from "~/utils/errors";
import type { Actor } from "../identity/actor";
import { needAccessFor } from "./needs-read.server";
import { notify, pushUnreadCount, type NotificationPayload } from "../messaging/notifications.server";
import type { NotificationKind } from "@db/schema/constants";
import { type Access, type Viewer } from "~/modules/access";

export type NeedRow = typeof financingNeeds.$inferSelect;

/** 'YYYY-MM-DD' today in Shanghai, the calendar every validity date and deadline is counted in. */
export const todayOf = (ctx: Pick<AppContext, "clock">): string => shanghaiDate(ctx.clock.now());

/** The last instant (unix ms) of a Shanghai calendar day. */
export function endOfShanghaiDay(isoDate: string): number {
  return Date.parse(`${isoDate}T23:59:59.999+08:00`);
}

/**
 * How `actor` may see a need: the needs module's own rule (a draft is its owner's alone; otherwise public /
 * members / directed as the enterprise chose). Null when invisible, so callers answer 404.
 */
export function needAccess(ctx: Pick<AppContext, "db">, actor: Viewer, need: NeedRow): Access | null {
  return needAccessFor(ctx, actor, need);
}

export function visibleNeed(ctx: Pick<AppContext, "db">, actor: Actor, needId: string): NeedRow {
  const need = ctx.db.select().from(financingNeeds).where(eq(financingNeeds.id, needId)).get();
  if (!need || needAccess(ctx, actor, need) === null) throw new NotFoundError("marketplace:errors.needNotFound");
  return need;
}

export function orgUserIds(ctx: Pick<AppContext, "db">, orgIds: string[]): string[] {
  if (orgIds.length === 0) return [];
  const rows = ctx.db.selectDistinct({ userId: memberships.userId }).from(memberships).where(inArray(memberships.orgId, orgIds)).all();
  return rows.map((r) => r.userId);
}

/**
 * Notifies every user of the given organisations except the actor (through messaging's centre). Call inside
 * the transaction of the change; the returned ids get their unread count pushed after commit.
 */
export function notifyOrgs(
  ctx: Pick<AppContext, "db" | "clock">,
  actor: Actor | null,
  orgIds: string[],
  kind: NotificationKind,
  payload: NotificationPayload,
  groupKey?: string,
): string[] {
  const userIds = orgUserIds(ctx, orgIds).filter((u) => u !== actor?.userId);
  for (const userId of userIds) notify(ctx, { userId, kind, payload, groupKey });
  return userIds;
}

/** Pushes live unread counts after commit; callers without a realtime channel (seeding, jobs) skip it. */
export function pushCounts(ctx: Pick<AppContext, "db" | "clock"> & Partial<Pick<AppContext, "realtime">>, userIds: string[]): void {
  if (!ctx.realtime) return;
  for (const userId of new Set(userIds)) pushUnreadCount(ctx as AppContext, userId);
}

export function orgName(ctx: Pick<AppContext, "db">, orgId: string): string {
  return ctx.db.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, orgId)).get()?.name ?? "";
}

/** What eligibility rules and mandates are tested against. Nulls mean "we do not know". */
export type EnterpriseFacts = {
  orgId: string;
  name: string;
  prefectureCode: string | null;
  industrySection: string | null;
  tier: Tier | null;
  latestRevenue: number | null;
  revenueYear: number | null;
  yearsInBusiness: number | null;
  srdiTitles: string[];
};

export function enterpriseFacts(ctx: Pick<AppContext, "db" | "clock">, orgId: string): EnterpriseFacts {
  const facts = enterpriseFactsFor(ctx, [orgId]).get(orgId);
  if (!facts) throw new NotFoundError();
  return facts;
}

/**
 * The facts of many enterprises in five queries whatever their number (a dashboard matching thousands of needs
 * asked five queries per enterprise). Organisations that are not enterprises are left out of the map.
 */
export function enterpriseFactsFor(ctx: Pick<AppContext, "db" | "clock">, orgIds: readonly string[]): Map<string, EnterpriseFacts> {
  const ids = [...new Set(orgIds)];
  const out = new Map<string, EnterpriseFacts>();
  if (ids.length === 0) return out;
  const orgs = ctx.db
    .select({ id: organisations.id, kind: organisations.kind, name: organisations.name, prefectureCode: organisations.prefectureCode, industrySection: organisations.industrySection })
    .from(organisations)
    .where(inArray(organisations.id, ids))
    .all()
    .filter((o) => o.kind === "enterprise");
  if (orgs.length === 0) return out;
  const enterpriseIds = orgs.map((o) => o.id);
  const tiers = new Map(
    ctx.db
      .select({ orgId: boardMemberships.enterpriseOrgId, tier: boardMemberships.tier })
      .from(boardMemberships)
      .where(and(inArray(boardMemberships.enterpriseOrgId, enterpriseIds), eq(boardMemberships.status, "listed")))
      .all()
      .map((r) => [r.orgId, r.tier]),
  );
  // Latest statement per enterprise: rows come newest year first, the first seen wins.
  const statements = new Map<string, { fiscalYear: number; revenue: number | null }>();
  for (const s of ctx.db
    .select({ orgId: financialStatements.orgId, fiscalYear: financialStatements.fiscalYear, revenue: financialStatements.revenue })
    .from(financialStatements)
    .where(inArray(financialStatements.orgId, enterpriseIds))
    .orderBy(desc(financialStatements.fiscalYear))
    .all()) {
    if (!statements.has(s.orgId)) statements.set(s.orgId, s);
  }
  const profiles = new Map(
    ctx.db
      .select({ orgId: enterpriseProfiles.orgId, foundedYear: enterpriseProfiles.foundedYear, srdiTitles: enterpriseProfiles.srdiTitles })
      .from(enterpriseProfiles)
      .where(inArray(enterpriseProfiles.orgId, enterpriseIds))
      .all()
      .map((p) => [p.orgId, p]),
  );
  // A recognised status on the latest board application counts as a title too (notice §二(一)1).
  const applications = new Map<string, string | null>();
  for (const a of ctx.db
    .select({ orgId: boardApplications.enterpriseOrgId, srdiStatus: boardApplications.srdiStatus })
    .from(boardApplications)
    .where(inArray(boardApplications.enterpriseOrgId, enterpriseIds))
    .orderBy(desc(boardApplications.createdAt))
    .all()) {
    if (!applications.has(a.orgId)) applications.set(a.orgId, a.srdiStatus);
  }
  const thisYear = Number(todayOf(ctx).slice(0, 4));
  for (const org of orgs) {
    const profile = profiles.get(org.id);
    const statement = statements.get(org.id);
    const titles = parseStringList(profile?.srdiTitles);
    const srdiStatus = applications.get(org.id);
    if ((srdiStatus === "srdi_sme" || srdiStatus === "little_giant") && titles.length === 0) {
      titles.push(srdiStatus === "little_giant" ? "专精特新“小巨人”" : "专精特新中小企业");
    }
    out.set(org.id, {
      orgId: org.id,
      name: org.name,
      prefectureCode: org.prefectureCode,
      industrySection: org.industrySection,
      tier: tiers.get(org.id) ?? null,
      latestRevenue: statement?.revenue ?? null,
      revenueYear: statement?.fiscalYear ?? null,
      yearsInBusiness: profile?.foundedYear ? Math.max(0, thisYear - profile.foundedYear) : null,
      srdiTitles: titles,
    });
  }
  return out;
}

export function parseStringList(json: string | null | undefined): string[] {
  if (!json) return [];
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
  } catch {
    return [];
  }
}

export function parseJson<T>(json: string | null | undefined, fallback: T): T {
  if (!json) return fallback;
  try {
    return JSON.parse(json) as T;
  } catch {
    return fallback;
  }
}
