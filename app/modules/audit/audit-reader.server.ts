import { alias } from "drizzle-orm/sqlite-core";
import { and, desc, eq, gte, like, lt, or, type SQL } from "drizzle-orm";
import { z } from "zod";
import { auditLog, organisations, users } from "@db/schema";
import { can } from "~/modules/access";
import type { Actor } from "~/modules/identity/actor";
import type { AppContext } from "~/utils/context.server";
import { assertMayReadAudit } from "./audit.server";
import { AUDIT_KINDS, auditKindPrefixes } from "./describe";

export { AUDIT_KINDS };

/**
 * The audit chain for people: filters by actor, organisation, kind of event and date, each row with the actor's and
 * the organisations' names and a link to the object it is about. The rows stay the chain's rows (their hashes are
 * shown); only their presentation is added. Translating codes to words is the page's job (audit catalogue).
 */


export const auditQuery = z.object({
  actor: z.string().trim().max(60).optional().catch(undefined),
  org: z.string().trim().max(60).optional().catch(undefined),
  kind: z.enum(AUDIT_KINDS).optional().catch(undefined),
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional().catch(undefined),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});
export type AuditQuery = z.infer<typeof auditQuery>;

/** Where the object of an entry is shown in the app, when it has a page. */
export function auditHref(row: { subjectType: string; subjectId: string; enterpriseOrgId: string | null }): string | null {
  const id = encodeURIComponent(row.subjectId);
  switch (row.subjectType) {
    case "board_application":
      return `/board/applications/${id}`;
    case "need":
    case "financing_need":
      return `/needs/${id}`;
    case "offer":
      return `/market/offers/${id}`;
    case "product_application":
      return `/market/applications/${id}`;
    case "service_request":
      return `/service-requests/${id}`;
    case "report_pack":
      return "/reports";
    case "esop_plan":
      return row.enterpriseOrgId ? `/esop?org=${encodeURIComponent(row.enterpriseOrgId)}` : null;
    case "policy_post":
      return `/policies/${id}`;
    case "public_notice":
      return `/notices/${id}`;
    case "tier_plan":
      return `/board/plans/${id}`;
    case "roadshow_deck":
      return `/decks/${id}`;
    case "custody":
      return "/board/custody";
    case "board_round":
      return "/board/rounds";
    case "threshold_version":
      return "/board/thresholds";
    case "scheduled_job":
      return "/admin/jobs";
    case "organisation":
    case "enterprise_profile":
    case "profile":
      return `/enterprises/${id}`;
    case "board_membership":
    case "service_visit":
    case "cultivation_stage":
      return row.enterpriseOrgId ? `/staff/enterprises/${encodeURIComponent(row.enterpriseOrgId)}` : null;
    default:
      return row.enterpriseOrgId ? `/enterprises/${encodeURIComponent(row.enterpriseOrgId)}` : null;
  }
}

/** A link only where the reader may open the page; otherwise the row is shown without one. */
export function auditHrefFor(viewer: Actor, row: Parameters<typeof auditHref>[0]): string | null {
  return can(viewer, "open:audit-link:any", row) ? auditHref(row) : null;
}

const dayStart = (date: string) => Date.parse(`${date}T00:00:00+08:00`);
const pattern = (s: string) => `%${s.replace(/[%_\\]/g, "")}%`;

function selectRows(ctx: Pick<AppContext, "db">, viewer: Actor, q: Omit<AuditQuery, "page">, limit: number, offset: number) {
  const actorUser = alias(users, "actor_user");
  const actorOrg = alias(organisations, "actor_org");
  const entOrg = alias(organisations, "ent_org");
  const filters: (SQL | undefined)[] = [
    q.kind ? or(...auditKindPrefixes(q.kind).map((p) => like(auditLog.action, `${p}.%`))) : undefined,
    q.from ? gte(auditLog.at, dayStart(q.from)) : undefined,
    q.to ? lt(auditLog.at, dayStart(q.to) + 86_400_000) : undefined,
    q.actor ? like(actorUser.name, pattern(q.actor)) : undefined,
    // The organisation that acted or whose data the entry is about.
    q.org ? or(like(actorOrg.name, pattern(q.org)), like(entOrg.name, pattern(q.org))) : undefined,
  ];
  return ctx.db
    .select({
      seq: auditLog.seq,
      at: auditLog.at,
      action: auditLog.action,
      subjectType: auditLog.subjectType,
      subjectId: auditLog.subjectId,
      enterpriseOrgId: auditLog.enterpriseOrgId,
      data: auditLog.data,
      hash: auditLog.hash,
      actorName: actorUser.name,
      actorOrgName: actorOrg.name,
      enterpriseName: entOrg.name,
    })
    .from(auditLog)
    .leftJoin(actorUser, eq(actorUser.id, auditLog.actorUserId))
    .leftJoin(actorOrg, eq(actorOrg.id, auditLog.actorOrgId))
    .leftJoin(entOrg, eq(entOrg.id, auditLog.enterpriseOrgId))
    .where(and(...filters))
    .orderBy(desc(auditLog.seq))
    .limit(limit)
    .offset(offset)
    .all()
    .map((r) => ({ ...r, href: auditHrefFor(viewer, r) }));
}

export type AuditRow = ReturnType<typeof selectRows>[number];

/** A page of the chain, newest first, filtered; for exchange staff and the regulators. */
export function searchAudit(ctx: Pick<AppContext, "db">, actor: Actor, q: AuditQuery, pageSize = 50) {
  assertMayReadAudit(actor);
  const rows = selectRows(ctx, actor, q, pageSize + 1, (q.page - 1) * pageSize);
  return { rows: rows.slice(0, pageSize), hasMore: rows.length > pageSize };
}

/** The filtered rows for a CSV/XLSX export (capped; the JSON Lines export has the whole chain). */
export const AUDIT_EXPORT_LIMIT = 50_000;
export function auditRowsForExport(ctx: Pick<AppContext, "db">, actor: Actor, q: Omit<AuditQuery, "page">): AuditRow[] {
  assertMayReadAudit(actor);
  return selectRows(ctx, actor, q, AUDIT_EXPORT_LIMIT, 0);
}
