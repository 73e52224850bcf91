import { and, eq, gte, inArray, sql } from "drizzle-orm";
import { deckPageTimes, decks, deckShareLinks, deckVersions, deckViewSessions, organisations, users } from "@db/schema";
import { appendAudit } from "~/modules/audit/audit.server";
import type { Actor } from "~/modules/identity/actor";
import type { AppContext } from "~/utils/context.server";
import { ForbiddenError, NotFoundError } from "~/utils/errors";
import { newId } from "~/utils/ids";
import { deckAccessFor, ndaAccepted, viewerKeyOf, type DeckViewer } from "./decks.server";
import { can, isAuthorisedAccess, type Access } from "~/modules/access";

type Ctx = Pick<AppContext, "db" | "clock">;

/** A heartbeat never adds more than this much time to a page (a tab left open overnight is not reading). */
export const MAX_BEAT_MS = 60_000;

/** A viewer counts as "viewing now" while the viewer's heartbeat arrived within this long (beats come every 5 s). */
export const VIEWING_NOW_MS = 60_000;

/**
 * Opens a viewing session. `consent` is the viewer's own choice to let the enterprise see their
 * individual reading; without it the session only feeds aggregates. Opening non-public material as a
 * member or directed recipient is a view of authorised data and goes to the audit chain.
 */
export function startViewSession(ctx: Ctx & Pick<AppContext, "realtime">, viewer: DeckViewer, deckId: string, consent: boolean): string {
  const deck = ctx.db.select().from(decks).where(eq(decks.id, deckId)).get();
  const access = deck ? deckAccessFor(ctx, viewer, deck) : null;
  if (!deck || !access) throw new NotFoundError("roadshows:errors.notFound");
  if (!deck.currentVersionId) throw new NotFoundError("roadshows:errors.noVersion");
  if (!ndaAccepted(ctx, deck, viewer)) throw new ForbiddenError("roadshows:errors.ndaRequired");
  const id = newId();
  const at = ctx.clock.now();
  ctx.db.transaction(() => {
    ctx.db
      .insert(deckViewSessions)
      .values({
        id,
        deckId,
        versionId: deck.currentVersionId!,
        viewerKey: viewerKeyOf(viewer),
        viewerUserId: viewer.kind === "actor" ? viewer.actor.userId : null,
        viewerOrgId: viewer.kind === "actor" ? viewer.actor.orgId : null,
        shareLinkId: viewer.kind === "link" ? viewer.linkId : null,
        analyticsConsent: consent,
        startedAt: at,
        lastSeenAt: at,
      })
      .run();
    if (access !== "owner" && access !== "public") {
      const version = ctx.db.select({ v: deckVersions.version }).from(deckVersions).where(eq(deckVersions.id, deck.currentVersionId!)).get();
      appendAudit(ctx, {
        actorUserId: viewer.kind === "actor" ? viewer.actor.userId : null,
        actorOrgId: viewer.kind === "actor" ? viewer.actor.orgId : null,
        action: "roadshow.deck.viewed",
        subjectType: "roadshow_deck",
        subjectId: deckId,
        enterpriseOrgId: deck.enterpriseOrgId,
        data: { title: deck.title, version: version?.v ?? null, via: access === "link" ? "share_link" : access, shareLinkId: viewer.kind === "link" ? viewer.linkId : null, authorised: access === "link" || isAuthorisedAccess(access as Access) },
      });
    }
  });
  announceViewingNow(ctx, deck);
  return id;
}

/** Adds reading time to a page of the viewer's own session. */
export function recordPageTime(ctx: Ctx & Pick<AppContext, "realtime">, viewer: DeckViewer, sessionId: string, page: number, ms: number): void {
  const s = ctx.db.select().from(deckViewSessions).where(eq(deckViewSessions.id, sessionId)).get();
  if (!s || s.viewerKey !== viewerKeyOf(viewer)) throw new NotFoundError();
  const pages = ctx.db.select({ n: deckVersions.pageCount }).from(deckVersions).where(eq(deckVersions.id, s.versionId)).get()?.n ?? 0;
  if (!Number.isInteger(page) || page < 1 || page > pages) throw new NotFoundError();
  const add = Math.max(0, Math.min(MAX_BEAT_MS, Math.round(ms)));
  ctx.db.transaction(() => {
    ctx.db
      .insert(deckPageTimes)
      .values({ sessionId, page, ms: add })
      .onConflictDoUpdate({ target: [deckPageTimes.sessionId, deckPageTimes.page], set: { ms: sql`${deckPageTimes.ms} + ${add}` } })
      .run();
    ctx.db.update(deckViewSessions).set({ lastSeenAt: ctx.clock.now() }).where(eq(deckViewSessions.id, sessionId)).run();
  });
  // A beat of a session already counted changes nothing; one after a pause (a tab shown again) brings a viewer back.
  if (s.lastSeenAt < ctx.clock.now() - VIEWING_NOW_MS) {
    const deck = ctx.db.select({ id: decks.id, enterpriseOrgId: decks.enterpriseOrgId }).from(decks).where(eq(decks.id, s.deckId)).get();
    if (deck) announceViewingNow(ctx, deck);
  }
}

export type ViewingNow = {
  count: number;
  named: { name: string; version: number }[];
  /** In how many ms the first of these viewers drops out unless a heartbeat comes (the page asks again then), or null. */
  changesInMs: number | null;
};

/**
 * Viewing now: a session whose heartbeat (every few seconds while the page is visible) came within the last minute,
 * the deck's own organisation left out. Named only when the viewer consented in that session; the others are counted.
 */
export function viewingNowOf(ctx: Ctx, deck: { id: string; enterpriseOrgId: string }): ViewingNow {
  const since = ctx.clock.now() - VIEWING_NOW_MS;
  const live = ctx.db
    .select({ s: deckViewSessions, version: deckVersions.version, userName: users.name, orgName: organisations.name, linkLabel: deckShareLinks.label })
    .from(deckViewSessions)
    .innerJoin(deckVersions, eq(deckVersions.id, deckViewSessions.versionId))
    .leftJoin(users, eq(users.id, deckViewSessions.viewerUserId))
    .leftJoin(organisations, eq(organisations.id, deckViewSessions.viewerOrgId))
    .leftJoin(deckShareLinks, eq(deckShareLinks.id, deckViewSessions.shareLinkId))
    .where(and(eq(deckViewSessions.deckId, deck.id), gte(deckViewSessions.lastSeenAt, since), sql`${deckViewSessions.viewerOrgId} is not ${deck.enterpriseOrgId}`))
    .all();
  const liveKeys = new Map<string, { name: string | null; version: number; lastSeenAt: number }>();
  for (const x of live) {
    const named = x.s.analyticsConsent ? (x.userName ? `${x.userName} · ${x.orgName ?? ""}` : `🔗 ${x.linkLabel ?? ""}`) : null;
    const prior = liveKeys.get(x.s.viewerKey);
    liveKeys.set(x.s.viewerKey, { name: prior?.name ?? named, version: Math.max(prior?.version ?? 0, x.version), lastSeenAt: Math.max(prior?.lastSeenAt ?? 0, x.s.lastSeenAt) });
  }
  const viewers = [...liveKeys.values()];
  return {
    count: viewers.length,
    named: viewers
      .filter((v): v is typeof v & { name: string } => v.name !== null)
      .map(({ name, version }) => ({ name, version }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    changesInMs: viewers.length ? Math.min(...viewers.map((v) => v.lastSeenAt)) + VIEWING_NOW_MS - ctx.clock.now() : null,
  };
}

/** The room of the sockets showing a deck's analytics page (its own enterprise's members only, ADR 0827). */
export const deckAnalyticsRoom = (deckId: string): string => `deck-analytics:${deckId}`;

/** A socket asks to follow "viewing now" on a deck's analytics page: the page's own permission, else not found. */
export function watchViewingNow(ctx: Ctx, actor: Actor, deckId: string): ViewingNow {
  const deck = ctx.db.select({ id: decks.id, enterpriseOrgId: decks.enterpriseOrgId }).from(decks).where(eq(decks.id, deckId)).get();
  if (!deck || !can(actor, "read:deck-analytics:own", deck)) throw new NotFoundError("roadshows:errors.notFound");
  return viewingNowOf(ctx, deck);
}

/** Tells the analytics pages open on this deck who is viewing it now (after a viewer opened it or came back). */
function announceViewingNow(ctx: Ctx & Pick<AppContext, "realtime">, deck: { id: string; enterpriseOrgId: string }): void {
  ctx.realtime.toRoom(deckAnalyticsRoom(deck.id), "deck:viewing-now", { deckId: deck.id, ...viewingNowOf(ctx, deck) });
}

/**
 * What the enterprise learns about its deck: aggregates over every session (time per page, completion,
 * returning viewers), and per-viewer detail only for viewers who consented in at least one session —
 * and then only from their consenting sessions.
 */
export function deckAnalytics(ctx: Pick<AppContext, "db" | "clock">, actor: Actor, deckId: string) {
  const deck = ctx.db.select().from(decks).where(eq(decks.id, deckId)).get();
  if (!deck || !can(actor, "read:deck-analytics:own", deck)) throw new NotFoundError("roadshows:errors.notFound");
  const sessions = ctx.db
    .select({ s: deckViewSessions, pageCount: deckVersions.pageCount, version: deckVersions.version, userName: users.name, orgName: organisations.name, linkLabel: deckShareLinks.label })
    .from(deckViewSessions)
    .innerJoin(deckVersions, eq(deckVersions.id, deckViewSessions.versionId))
    .leftJoin(users, eq(users.id, deckViewSessions.viewerUserId))
    .leftJoin(organisations, eq(organisations.id, deckViewSessions.viewerOrgId))
    .leftJoin(deckShareLinks, eq(deckShareLinks.id, deckViewSessions.shareLinkId))
    .where(and(eq(deckViewSessions.deckId, deckId), sql`${deckViewSessions.viewerOrgId} is not ${deck.enterpriseOrgId}`))
    .all();
  const ids = sessions.map((x) => x.s.id);
  const times = ids.length ? ctx.db.select().from(deckPageTimes).where(inArray(deckPageTimes.sessionId, ids)).all() : [];
  const bySession = new Map<string, { page: number; ms: number }[]>();
  for (const t of times) bySession.set(t.sessionId, [...(bySession.get(t.sessionId) ?? []), t]);

  const perPage = new Map<number, { totalMs: number; viewers: Set<string> }>();
  const viewers = new Map<string, { sessions: number; consented: boolean; name: string; pagesSeen: Set<number>; pageCount: number; pageMs: Map<number, number>; lastAt: number }>();
  for (const { s, pageCount, userName, orgName, linkLabel } of sessions) {
    const entry = viewers.get(s.viewerKey) ?? { sessions: 0, consented: false, name: userName ? `${userName} · ${orgName ?? ""}` : `🔗 ${linkLabel ?? ""}`, pagesSeen: new Set(), pageCount, pageMs: new Map(), lastAt: 0 };
    entry.sessions++;
    entry.lastAt = Math.max(entry.lastAt, s.lastSeenAt);
    entry.pageCount = Math.max(entry.pageCount, pageCount);
    for (const t of bySession.get(s.id) ?? []) {
      const p = perPage.get(t.page) ?? { totalMs: 0, viewers: new Set<string>() };
      p.totalMs += t.ms;
      p.viewers.add(s.viewerKey);
      perPage.set(t.page, p);
      entry.pagesSeen.add(t.page);
      if (s.analyticsConsent) {
        entry.consented = true;
        entry.pageMs.set(t.page, (entry.pageMs.get(t.page) ?? 0) + t.ms);
      }
    }
    if (s.analyticsConsent) entry.consented = true;
    viewers.set(s.viewerKey, entry);
  }
  const all = [...viewers.values()];
  const completion = (v: { pagesSeen: Set<number>; pageCount: number }) => (v.pageCount ? v.pagesSeen.size / v.pageCount : 0);

  // By version: what each uploaded version was read like (a new version starts from zero, the old one keeps its figures).
  const versions = ctx.db.select({ id: deckVersions.id, version: deckVersions.version, pageCount: deckVersions.pageCount, uploadedAt: deckVersions.uploadedAt }).from(deckVersions).where(eq(deckVersions.deckId, deckId)).all();
  const byVersion = versions
    .map((v) => {
      const own = sessions.filter((x) => x.s.versionId === v.id);
      const keys = new Set(own.map((x) => x.s.viewerKey));
      const pagesByViewer = new Map<string, Set<number>>();
      let totalMs = 0;
      for (const { s } of own) {
        for (const t of bySession.get(s.id) ?? []) {
          totalMs += t.ms;
          pagesByViewer.set(s.viewerKey, (pagesByViewer.get(s.viewerKey) ?? new Set()).add(t.page));
        }
      }
      const completions = [...keys].map((k) => (v.pageCount ? (pagesByViewer.get(k)?.size ?? 0) / v.pageCount : 0));
      return {
        version: v.version,
        uploadedAt: v.uploadedAt,
        sessions: own.length,
        viewers: keys.size,
        totalMs,
        averageCompletion: completions.length ? completions.reduce((a, b) => a + b, 0) / completions.length : 0,
      };
    })
    .sort((a, b) => b.version - a.version);

  return {
    byVersion,
    viewingNow: viewingNowOf(ctx, deck),
    aggregate: {
      sessions: sessions.length,
      viewers: all.length,
      returningViewers: all.filter((v) => v.sessions > 1).length,
      averageCompletion: all.length ? all.reduce((a, v) => a + completion(v), 0) / all.length : 0,
      completedViewers: all.filter((v) => completion(v) >= 1).length,
      perPage: [...perPage.entries()].sort(([a], [b]) => a - b).map(([page, p]) => ({ page, totalMs: p.totalMs, viewers: p.viewers.size })),
    },
    consentingViewers: all
      .filter((v) => v.consented)
      .map((v) => ({
        name: v.name,
        sessions: v.sessions,
        returning: v.sessions > 1,
        completion: completion(v),
        lastAt: v.lastAt,
        perPage: [...v.pageMs.entries()].sort(([a], [b]) => a - b).map(([page, ms]) => ({ page, ms })),
      })),
    anonymousViewers: all.filter((v) => !v.consented).length,
  };
}
