import { and, count, countDistinct, desc, eq, gt, gte, inArray, or, sql, type SQL } from "drizzle-orm";
import { financingNeedAudienceOrgs, financingNeedInterests, financingNeeds, financingNeedViews, memberships, organisations, type Instrument, type NeedAudience } from "@db/schema";
import { appendAudit } from "~/modules/audit/audit.server";
import type { Actor } from "~/modules/identity/actor";
import { notify } from "~/modules/messaging/notifications.server";
import type { AppContext } from "~/utils/context.server";
import { shanghaiDate } from "~/utils/dates";
import { ConflictError, NotFoundError } from "~/utils/errors";
import { newId } from "~/utils/ids";
import { inJsonList, keptQuery } from "~/utils/sql.server";
import { expireDueNeeds, type NeedRow } from "./need-lifecycle.server";
import { assertCan, audienceScope, can, isAuthorisedAccess, needAccessOf, type Access, type NeedAudience as PolicyNeedAudience, type Viewer as PolicyViewer } from "~/modules/access";

/** Who is looking: a signed-in actor, or null for an anonymous visitor. */
type Viewer = Actor | null;

type Ctx = Pick<AppContext, "db" | "clock">;

function directedOrgIds(ctx: Pick<AppContext, "db">, needId: string): string[] {
  return ctx.db
    .select({ orgId: financingNeedAudienceOrgs.orgId })
    .from(financingNeedAudienceOrgs)
    .where(eq(financingNeedAudienceOrgs.needId, needId))
    .all()
    .map((r) => r.orgId);
}

/** What the access policy's audience rule reads of a need; the directed organisations are read only for a directed need. */
export function needAudience(ctx: Pick<AppContext, "db">, need: Pick<NeedRow, "id" | "state" | "enterpriseOrgId" | "audience">): PolicyNeedAudience {
  return { state: need.state, enterpriseOrgId: need.enterpriseOrgId, audience: need.audience, directedOrgIds: need.audience === "directed" && need.state !== "draft" ? directedOrgIds(ctx, need.id) : [] };
}

/** How a viewer may see one need (the access policy's audience rule). */
export function needAccessFor(ctx: Pick<AppContext, "db">, viewer: PolicyViewer, need: NeedRow): Access | null {
  return needAccessOf(viewer, needAudience(ctx, need));
}

/** The need if this viewer may see it; otherwise 404, as if it did not exist. */
export function visibleNeed(ctx: Pick<AppContext, "db">, viewer: PolicyViewer, needId: string): NeedRow {
  const need = ctx.db.select().from(financingNeeds).where(eq(financingNeeds.id, needId)).get();
  if (!need || needAccessFor(ctx, viewer, need) === null) throw new NotFoundError("financing:matchingErrors.needNotFound");
  return need;
}

/** The same rule as needAccessFor, compiled from the policy's audience scope into SQL over financing_needs, for lists. */
export function visibleNeedsWhere(viewer: PolicyViewer): SQL | undefined {
  const scope = audienceScope(viewer);
  const published = sql`${financingNeeds.state} <> 'draft'`;
  if (scope.everything) return published;
  const directedToMe = scope.directedToOrgId
    ? and(
        eq(financingNeeds.audience, "directed"),
        sql`exists (select 1 from ${financingNeedAudienceOrgs} where ${financingNeedAudienceOrgs.needId} = ${financingNeeds.id} and ${financingNeedAudienceOrgs.orgId} = ${scope.directedToOrgId})`,
      )
    : undefined;
  return or(
    scope.ownerOrgId ? eq(financingNeeds.enterpriseOrgId, scope.ownerOrgId) : undefined,
    and(published, or(inArray(financingNeeds.audience, scope.audiences.filter((a): a is NeedRow["audience"] => a !== "regulators")), directedToMe)),
  );
}

const listColumns = {
  id: financingNeeds.id,
  title: financingNeeds.title,
  summary: financingNeeds.summary,
  instrument: financingNeeds.instrument,
  amount: financingNeeds.amount,
  audience: financingNeeds.audience,
  state: financingNeeds.state,
  expiresOn: financingNeeds.expiresOn,
  publishedAt: financingNeeds.publishedAt,
  enterpriseOrgId: financingNeeds.enterpriseOrgId,
  enterpriseName: organisations.name,
};

/** Live needs of one enterprise that the viewer may see (for its profile page). */
export function listVisibleNeedsOfEnterprise(ctx: Ctx, viewer: Viewer, enterpriseOrgId: string) {
  return ctx.db
    .select(listColumns)
    .from(financingNeeds)
    .innerJoin(organisations, eq(organisations.id, financingNeeds.enterpriseOrgId))
    .where(
      and(
        eq(financingNeeds.enterpriseOrgId, enterpriseOrgId),
        eq(financingNeeds.state, "published"),
        gte(financingNeeds.expiresOn, shanghaiDate(ctx.clock.now())),
        visibleNeedsWhere(viewer),
      ),
    )
    .orderBy(desc(financingNeeds.publishedAt))
    .all();
}

/**
 * Whether the search layer may show these need ids to this viewer (search results are re-checked here).
 * A need past its expiry day on the domain clock is hidden even if the expiry sweep has not run yet.
 */
export function filterVisibleNeedIds(ctx: Ctx, viewer: Viewer, ids: string[]): string[] {
  const ok = visibleNeedListing(ctx, viewer, ids);
  return ids.filter((id) => ok.has(id));
}

/**
 * The query behind visibleNeedListing. The ids drive it: each is looked up by the primary key (`+state` keeps SQLite
 * from preferring the state index, which read every published need of the board to keep the page's twenty; ADR 0915),
 * and the ids travel as one JSON parameter, today's date as another. It is kept per audience scope, the only input its
 * SQL is built from: building it on every search page cost more than SQLite answering it.
 */
export function visibleNeedListingQuery(ctx: Pick<AppContext, "db">, viewer: Viewer) {
  return keptQuery(ctx.db, "visible-need-listing", JSON.stringify(audienceScope(viewer)), (db) =>
    db
      .select({ id: financingNeeds.id, audience: financingNeeds.audience, expiresOn: financingNeeds.expiresOn })
      .from(financingNeeds)
      .where(and(inJsonList(financingNeeds.id, sql.placeholder("ids")), sql`+${financingNeeds.state} = 'published'`, gte(financingNeeds.expiresOn, sql.placeholder("today")), visibleNeedsWhere(viewer)))
      .prepare(),
  );
}

/** The same check, with what a list shows of each need beside the search document: its audience and last day. */
export function visibleNeedListing(ctx: Ctx, viewer: Viewer, ids: string[]): Map<string, { audience: NeedAudience; expiresOn: string }> {
  if (ids.length === 0) return new Map();
  return new Map(
    visibleNeedListingQuery(ctx, viewer)
      .all({ ids: JSON.stringify(ids), today: shanghaiDate(ctx.clock.now()) })
      .map((r) => [r.id, { audience: r.audience, expiresOn: r.expiresOn }]),
  );
}

/**
 * A signed-in viewer's openings of one need within this long of their last counted view are the same
 * visit: reloading the page, or coming back from saying they are interested, must not inflate the
 * enterprise's view numbers. (Each opening of authorised data is still audited: every use counts there.)
 */
export const NEED_VISIT_WINDOW_MS = 30 * 60_000;

/**
 * Whether this opening is a new view. Anonymous visitors carry no identity to tie a reload to, so each of
 * their openings counts (they only ever see public needs, which are not audited).
 */
function isNewVisit(ctx: Ctx, viewer: Viewer, needId: string): boolean {
  if (!viewer) return true;
  const recent = ctx.db
    .select({ id: financingNeedViews.id })
    .from(financingNeedViews)
    .where(and(eq(financingNeedViews.needId, needId), eq(financingNeedViews.viewerUserId, viewer.userId), gt(financingNeedViews.at, ctx.clock.now() - NEED_VISIT_WINDOW_MS)))
    .get();
  return !recent;
}

/**
 * The need page. A non-owner's first opening per visit counts as a view for the enterprise's statistics;
 * every opening of a non-public need uses data the enterprise authorised, so each one goes to the audit
 * chain ("every provision and use is recorded").
 */
export function viewNeed(ctx: Ctx, viewer: Viewer, needId: string) {
  const need = ctx.db.select().from(financingNeeds).where(eq(financingNeeds.id, needId)).get();
  const access = need ? needAccessFor(ctx, viewer, need) : null;
  if (!need || !access) throw new NotFoundError("financing:errors.notFound");
  const enterprise = ctx.db.select({ name: organisations.name, nameEn: organisations.nameEn }).from(organisations).where(eq(organisations.id, need.enterpriseOrgId)).get()!;
  const isOwner = access === "owner";
  if (!isOwner) {
    ctx.db.transaction(() => {
      if (isNewVisit(ctx, viewer, needId)) {
        ctx.db.insert(financingNeedViews).values({ id: newId(), needId, viewerOrgId: viewer?.orgId ?? null, viewerUserId: viewer?.userId ?? null, at: ctx.clock.now() }).run();
      }
      if (viewer && isAuthorisedAccess(access)) {
        appendAudit(ctx, {
          actorUserId: viewer.userId,
          actorOrgId: viewer.orgId,
          action: "financing.need.viewed",
          subjectType: "financing_need",
          subjectId: needId,
          enterpriseOrgId: need.enterpriseOrgId,
          data: { title: need.title, via: access },
        });
      }
    });
  }
  const directed = isOwner && need.audience === "directed"
    ? ctx.db
        .select({ id: organisations.id, name: organisations.name })
        .from(financingNeedAudienceOrgs)
        .innerJoin(organisations, eq(organisations.id, financingNeedAudienceOrgs.orgId))
        .where(eq(financingNeedAudienceOrgs.needId, needId))
        .all()
    : [];
  const myInterest = viewer
    ? (ctx.db
        .select()
        .from(financingNeedInterests)
        .where(and(eq(financingNeedInterests.needId, needId), eq(financingNeedInterests.orgId, viewer.orgId)))
        .get() ?? null)
    : null;
  return {
    need: { ...need, details: JSON.parse(need.details) as Record<string, unknown> },
    enterprise,
    access,
    isOwner,
    directed,
    stats: isOwner ? needStats(ctx, needId) : null,
    interests: isOwner ? listInterests(ctx, needId) : [],
    canExpressInterest: can(viewer, "express-interest:need:member") && need.state === "published" && !myInterest,
    myInterest,
  };
}

function needStats(ctx: Pick<AppContext, "db">, needId: string) {
  const v = ctx.db
    .select({ views: count(), viewerOrgs: countDistinct(financingNeedViews.viewerOrgId) })
    .from(financingNeedViews)
    .where(eq(financingNeedViews.needId, needId))
    .get();
  const i = ctx.db.select({ n: count() }).from(financingNeedInterests).where(eq(financingNeedInterests.needId, needId)).get();
  return { views: v?.views ?? 0, viewerOrgs: v?.viewerOrgs ?? 0, interests: i?.n ?? 0 };
}

function listInterests(ctx: Pick<AppContext, "db">, needId: string) {
  return ctx.db
    .select({ orgId: financingNeedInterests.orgId, orgName: organisations.name, note: financingNeedInterests.note, createdAt: financingNeedInterests.createdAt })
    .from(financingNeedInterests)
    .innerJoin(organisations, eq(organisations.id, financingNeedInterests.orgId))
    .where(eq(financingNeedInterests.needId, needId))
    .orderBy(desc(financingNeedInterests.createdAt))
    .all();
}

/** An alliance member that may see a live need says it is interested; the enterprise is told. */
export function expressInterest(ctx: Ctx, actor: Actor, needId: string, note: string): void {
  const need = ctx.db.select().from(financingNeeds).where(eq(financingNeeds.id, needId)).get();
  if (!need || !needAccessFor(ctx, actor, need)) throw new NotFoundError("financing:errors.notFound");
  assertCan(actor, "express-interest:need:member", undefined);
  if (need.state !== "published") throw new ConflictError("financing:errors.notLive");
  ctx.db.transaction(() => {
    const res = ctx.db.insert(financingNeedInterests).values({ needId, orgId: actor.orgId, userId: actor.userId, note, createdAt: ctx.clock.now() }).onConflictDoNothing().run();
    if (res.changes === 0) throw new ConflictError("financing:errors.alreadyInterested");
    const admins = ctx.db.select({ userId: memberships.userId }).from(memberships).where(eq(memberships.orgId, need.enterpriseOrgId)).all();
    for (const a of admins) {
      notify(ctx, { userId: a.userId, kind: "need", payload: { key: "financing:notify.interest", values: { org: actor.orgName, title: need.title }, href: `/needs/${needId}` } });
    }
  });
}

/** The enterprise's own needs in every state, with views and interest per need. */
export function listOwnNeeds(ctx: Ctx, actor: Actor) {
  assertCan(actor, "create:need:own", undefined);
  expireDueNeeds(ctx);
  const views = ctx.db
    .select({ needId: financingNeedViews.needId, n: count(), orgs: countDistinct(financingNeedViews.viewerOrgId) })
    .from(financingNeedViews)
    .innerJoin(financingNeeds, eq(financingNeeds.id, financingNeedViews.needId))
    .where(eq(financingNeeds.enterpriseOrgId, actor.orgId))
    .groupBy(financingNeedViews.needId)
    .all();
  const interests = ctx.db
    .select({ needId: financingNeedInterests.needId, n: count() })
    .from(financingNeedInterests)
    .innerJoin(financingNeeds, eq(financingNeeds.id, financingNeedInterests.needId))
    .where(eq(financingNeeds.enterpriseOrgId, actor.orgId))
    .groupBy(financingNeedInterests.needId)
    .all();
  const v = new Map(views.map((r) => [r.needId, r]));
  const i = new Map(interests.map((r) => [r.needId, r.n]));
  return ctx.db
    .select()
    .from(financingNeeds)
    .where(eq(financingNeeds.enterpriseOrgId, actor.orgId))
    .orderBy(desc(financingNeeds.updatedAt))
    .all()
    .map((n) => ({ ...n, views: v.get(n.id)?.n ?? 0, viewerOrgs: v.get(n.id)?.orgs ?? 0, interests: i.get(n.id) ?? 0 }));
}

export function getOwnNeedForEdit(ctx: Pick<AppContext, "db">, actor: Actor, needId: string) {
  const need = ctx.db.select().from(financingNeeds).where(eq(financingNeeds.id, needId)).get();
  if (!need || !can(actor, "update:need:own", need)) throw new NotFoundError("financing:errors.notFound");
  return { ...need, instrument: need.instrument as Instrument, details: JSON.parse(need.details) as Record<string, unknown>, directedOrgIds: directedOrgIds(ctx, needId) };
}

/** Institutions an enterprise can direct a need to. */
/** The institutions a new need may be directed to, for an enterprise that may post one (others: 403). */
export function institutionsForNewNeed(ctx: Pick<AppContext, "db">, actor: Actor) {
  assertCan(actor, "create:need:own", undefined);
  return listInstitutions(ctx);
}

export function listInstitutions(ctx: Pick<AppContext, "db">) {
  return ctx.db
    .select({ id: organisations.id, name: organisations.name, nameEn: organisations.nameEn, institutionType: organisations.institutionType })
    .from(organisations)
    .where(eq(organisations.kind, "institution"))
    .orderBy(organisations.institutionType, organisations.name)
    .all();
}
