import { and, desc, eq, inArray, isNotNull } from "drizzle-orm";
import { auditLog, boardMemberships, deckAudienceOrgs, decks, financingNeeds, follows, organisations, TIERS, type FollowTarget, type Tier } from "@db/schema";
import type { AppContext } from "~/utils/context.server";
import { ConflictError, NotFoundError } from "~/utils/errors";
import { newId } from "~/utils/ids";
import type { Actor } from "../identity/actor";
import { notifyOrgs } from "~/modules/messaging/notifications.server";
import { parseJson } from "~/utils/json";
import { needAccessFor as needAccess, visibleNeed } from "./needs-read.server";
import { accessFor, assertCan, organisationViewer } from "~/modules/access";

/** Alliance members (and the exchange's service staff) follow enterprises and needs. */
function requireFollower(actor: Actor): void {
  assertCan(actor, "follow:enterprise:any", undefined, { message: "financing:matchingErrors.membersOnly" });
}

export function follow(ctx: Pick<AppContext, "db" | "clock">, actor: Actor, targetType: FollowTarget, targetId: string) {
  requireFollower(actor);
  let enterpriseOrgId: string;
  if (targetType === "enterprise") {
    const org = ctx.db.select({ id: organisations.id, kind: organisations.kind }).from(organisations).where(eq(organisations.id, targetId)).get();
    if (!org || org.kind !== "enterprise") throw new NotFoundError();
    enterpriseOrgId = org.id;
  } else {
    enterpriseOrgId = visibleNeed(ctx, actor, targetId).enterpriseOrgId;
  }
  const existing = ctx.db
    .select({ id: follows.id })
    .from(follows)
    .where(and(eq(follows.followerOrgId, actor.orgId), eq(follows.targetType, targetType), eq(follows.targetId, targetId)))
    .get();
  if (existing) throw new ConflictError("financing:matchingErrors.alreadyFollowing");
  ctx.db.insert(follows).values({ id: newId(), followerOrgId: actor.orgId, followerUserId: actor.userId, targetType, targetId, enterpriseOrgId, createdAt: ctx.clock.now() }).run();
}

export function unfollow(ctx: Pick<AppContext, "db">, actor: Actor, targetType: FollowTarget, targetId: string): void {
  ctx.db.delete(follows).where(and(eq(follows.followerOrgId, actor.orgId), eq(follows.targetType, targetType), eq(follows.targetId, targetId))).run();
}

export function isFollowing(ctx: Pick<AppContext, "db">, actor: Actor, targetType: FollowTarget, targetId: string): boolean {
  return !!ctx.db
    .select({ id: follows.id })
    .from(follows)
    .where(and(eq(follows.followerOrgId, actor.orgId), eq(follows.targetType, targetType), eq(follows.targetId, targetId)))
    .get();
}

export function listFollows(ctx: Pick<AppContext, "db">, actor: Actor) {
  requireFollower(actor);
  const rows = ctx.db
    .select({ id: follows.id, targetType: follows.targetType, targetId: follows.targetId, enterpriseOrgId: follows.enterpriseOrgId, enterpriseName: organisations.name, createdAt: follows.createdAt })
    .from(follows)
    .innerJoin(organisations, eq(organisations.id, follows.enterpriseOrgId))
    .where(eq(follows.followerOrgId, actor.orgId))
    .orderBy(desc(follows.createdAt))
    .all();
  const needIds = rows.filter((r) => r.targetType === "need").map((r) => r.targetId);
  const titles = new Map(needIds.length ? ctx.db.select({ id: financingNeeds.id, title: financingNeeds.title }).from(financingNeeds).where(inArray(financingNeeds.id, needIds)).all().map((n) => [n.id, n.title]) : []);
  return rows.map((r) => ({ ...r, needTitle: titles.get(r.targetId) ?? null }));
}

export type FeedItem =
  | { kind: "need_published"; at: number; enterpriseOrgId: string; enterpriseName: string; needId: string; title: string; amount: number; instrument: string }
  | { kind: "deck_published"; at: number; enterpriseOrgId: string; enterpriseName: string; deckId: string; title: string }
  /** `from` is the tier before a re-tiering (null on admission or when only the current tier is known); `tier` null means removed. */
  | { kind: "tier_changed"; at: number; enterpriseOrgId: string; enterpriseName: string; tier: Tier | null; from: Tier | null; removal?: FeedRemoval };

/** Why a followed enterprise was removed (清退), as the approved decision cited it: a violation's kind, source and date. */
export type FeedRemoval = { reason: "violation" | "no_longer_eligible" | null; violation: { kind: string; source: string; occurredOn: string } | null };

function removalFrom(data: Record<string, unknown>): FeedRemoval {
  const reason = data.removalReason === "violation" || data.removalReason === "no_longer_eligible" ? data.removalReason : null;
  const violation =
    typeof data.violationKind === "string" && typeof data.violationSource === "string" && typeof data.violationOn === "string"
      ? { kind: data.violationKind, source: data.violationSource, occurredOn: data.violationOn }
      : null;
  return { reason, violation };
}

// What the board module writes to the audit chain when a membership starts, changes tier or ends.
const MEMBERSHIP_EVENTS = ["board.membership.admitted", "board.membership.retiered", "board.membership.removed"];
const asTier = (v: unknown): Tier | null => (TIERS.includes(v as Tier) ? (v as Tier) : null);

/**
 * Tier changes of the followed enterprises. The board's audit entries are the history (admitted into a tier,
 * moved from one tier to another, removed); an enterprise listed without such an entry (imported or seeded
 * straight into the table) shows its current tier as of its membership's last change.
 */
function tierChanges(ctx: Pick<AppContext, "db">, followed: string[], names: Map<string, string>): FeedItem[] {
  const items: FeedItem[] = [];
  const withHistory = new Set<string>();
  const events = ctx.db
    .select({ at: auditLog.at, action: auditLog.action, enterpriseOrgId: auditLog.enterpriseOrgId, data: auditLog.data })
    .from(auditLog)
    .where(and(inArray(auditLog.enterpriseOrgId, followed), inArray(auditLog.action, MEMBERSHIP_EVENTS)))
    .all();
  for (const e of events) {
    const orgId = e.enterpriseOrgId!;
    withHistory.add(orgId);
    const data = parseJson<Record<string, unknown>>(e.data, {});
    const base = { kind: "tier_changed" as const, at: e.at, enterpriseOrgId: orgId, enterpriseName: names.get(orgId) ?? "" };
    if (e.action === "board.membership.removed") items.push({ ...base, tier: null, from: asTier(data.from), removal: removalFrom(data) });
    else if (e.action === "board.membership.admitted") items.push({ ...base, tier: asTier(data.tier), from: null });
    else if (data.from !== data.to) items.push({ ...base, tier: asTier(data.to), from: asTier(data.from) });
  }
  const listed = ctx.db.select().from(boardMemberships).where(and(inArray(boardMemberships.enterpriseOrgId, followed), eq(boardMemberships.status, "listed"))).all();
  for (const m of listed) {
    if (withHistory.has(m.enterpriseOrgId)) continue;
    items.push({ kind: "tier_changed", at: m.updatedAt, enterpriseOrgId: m.enterpriseOrgId, enterpriseName: names.get(m.enterpriseOrgId) ?? "", tier: m.tier, from: null });
  }
  return items;
}

/**
 * What followed enterprises have published, newest first, read straight from the needs, decks and board
 * tables (the truth) rather than a copied feed table; each item is re-checked against the viewer's access.
 */
export function feedFor(ctx: Pick<AppContext, "db">, actor: Actor, limit = 50): FeedItem[] {
  requireFollower(actor);
  const followed = ctx.db.selectDistinct({ id: follows.enterpriseOrgId }).from(follows).where(eq(follows.followerOrgId, actor.orgId)).all().map((r) => r.id);
  if (followed.length === 0) return [];
  const names = new Map(ctx.db.select({ id: organisations.id, name: organisations.name }).from(organisations).where(inArray(organisations.id, followed)).all().map((o) => [o.id, o.name]));
  const items: FeedItem[] = [];
  const needs = ctx.db.select().from(financingNeeds).where(and(inArray(financingNeeds.enterpriseOrgId, followed), isNotNull(financingNeeds.publishedAt))).all();
  for (const n of needs) {
    if (n.state === "draft" || needAccess(ctx, actor, n) === null) continue;
    items.push({ kind: "need_published", at: n.publishedAt!, enterpriseOrgId: n.enterpriseOrgId, enterpriseName: names.get(n.enterpriseOrgId) ?? "", needId: n.id, title: n.title, amount: n.amount, instrument: n.instrument });
  }
  const deckRows = ctx.db.select().from(decks).where(and(inArray(decks.enterpriseOrgId, followed), isNotNull(decks.currentVersionId))).all();
  for (const d of deckRows) {
    if (d.archivedAt) continue;
    const directed = d.audience === "directed" ? ctx.db.select({ orgId: deckAudienceOrgs.orgId }).from(deckAudienceOrgs).where(eq(deckAudienceOrgs.deckId, d.id)).all().map((r) => r.orgId) : [];
    if (accessFor(actor, { ownerOrgId: d.enterpriseOrgId, audience: d.audience, directedOrgIds: directed }) === null) continue;
    items.push({ kind: "deck_published", at: d.updatedAt, enterpriseOrgId: d.enterpriseOrgId, enterpriseName: names.get(d.enterpriseOrgId) ?? "", deckId: d.id, title: d.title });
  }
  items.push(...tierChanges(ctx, followed, names));
  return items.sort((a, b) => b.at - a.at).slice(0, limit);
}

/** Tells the followers of an enterprise that it published a need they can see. */
export function notifyFollowersOfNeed(ctx: Pick<AppContext, "db" | "clock"> & Partial<Pick<AppContext, "realtime">>, needId: string): number {
  const need = ctx.db.select().from(financingNeeds).where(eq(financingNeeds.id, needId)).get();
  if (!need || need.state !== "published") return 0;
  const followerOrgs = ctx.db.selectDistinct({ orgId: follows.followerOrgId }).from(follows).where(eq(follows.enterpriseOrgId, need.enterpriseOrgId)).all().map((r) => r.orgId);
  const enterprise = ctx.db.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, need.enterpriseOrgId)).get();
  const users = ctx.db.transaction(() =>
    followerOrgs.flatMap((orgId) => {
      const org = ctx.db.select().from(organisations).where(eq(organisations.id, orgId)).get();
      if (!org || needAccess(ctx, organisationViewer(org), need) === null) return [];
      return notifyOrgs(ctx, [orgId], { kind: "follow", payload: { key: "financing:notify.followedPublished", values: { org: enterprise?.name ?? "", need: need.title }, href: `/needs/${need.id}` }, groupKey: `follow-need:${need.id}` });
    }),
  );
  return users.length;
}
