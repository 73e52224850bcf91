import crypto from "node:crypto";
import path from "node:path";
import { and, asc, desc, eq, inArray, isNull, max, sql } from "drizzle-orm";
import {
  deckAudienceOrgs,
  deckFiles,
  deckNdaAcceptances,
  decks,
  deckShareLinks,
  deckVersions,
  financingNeeds,
  organisations,
  type Audience,
} from "@db/schema";
import { appendAudit } from "~/modules/audit/audit.server";
import type { Actor } from "~/modules/identity/actor";
import type { AppContext } from "~/utils/context.server";
import { BOARD_TIME_ZONE } from "~/utils/dates";
import type { Locale } from "~/i18n/config";
import { translator } from "~/i18n/i18n.server";
import { ConflictError, DomainError, ForbiddenError, NotFoundError } from "~/utils/errors";
import { newId } from "~/utils/ids";
import { inspectPdf } from "./pdf.server";
import { renderViewerPage } from "./render.server";
import { assertCan, can, deckAccessOf, isAuthorisedAccess, type Access } from "~/modules/access";

type Ctx = Pick<AppContext, "db" | "clock">;
type DeckRow = typeof decks.$inferSelect;

/** A signed-in actor, or null for an anonymous visitor. */
type Viewer = Actor | null;

/** Who is looking at a deck: a signed-in actor, or an outsider holding a share link. */
export type DeckViewer = { kind: "actor"; actor: Actor } | { kind: "link"; linkId: string; label: string } | { kind: "anonymous" };
export const viewerKeyOf = (v: DeckViewer): string => (v.kind === "actor" ? `user:${v.actor.userId}` : v.kind === "link" ? `link:${v.linkId}` : "anonymous");
const actorOf = (v: DeckViewer): Viewer => (v.kind === "actor" ? v.actor : null);

export const renderCacheOf = (ctx: Pick<AppContext, "config">) => ({ dir: path.join(ctx.config.dataDir, "deck-renders") });

function directedOf(ctx: Pick<AppContext, "db">, deckId: string): string[] {
  return ctx.db.select({ orgId: deckAudienceOrgs.orgId }).from(deckAudienceOrgs).where(eq(deckAudienceOrgs.deckId, deckId)).all().map((r) => r.orgId);
}

/** Decks follow the profile audience rule; a live share link also opens the deck it belongs to. */
export function deckAccessFor(ctx: Pick<AppContext, "db">, viewer: DeckViewer, deck: DeckRow): Access | "link" | null {
  if (viewer.kind === "link") return deck.archivedAt ? null : "link";
  return deckAccessOf(actorOf(viewer), { ...deck, directedOrgIds: deck.audience === "directed" ? directedOf(ctx, deck.id) : [] });
}

function visibleDeck(ctx: Pick<AppContext, "db">, viewer: DeckViewer, deckId: string) {
  const deck = ctx.db.select().from(decks).where(eq(decks.id, deckId)).get();
  const access = deck ? deckAccessFor(ctx, viewer, deck) : null;
  if (!deck || !access) throw new NotFoundError("roadshows:errors.notFound");
  return { deck, access };
}

function ownDeck(ctx: Pick<AppContext, "db">, actor: Actor, deckId: string): DeckRow {
  const deck = ctx.db.select().from(decks).where(eq(decks.id, deckId)).get();
  if (!deck || !can(actor, "manage:deck:own", deck)) throw new NotFoundError("roadshows:errors.notFound");
  return deck;
}

export type DeckInput = { title: string; audience: Audience; directedOrgIds: string[]; needId?: string | null; ndaText?: string | null; allowDownload: boolean };

function validateDeckInput(ctx: Pick<AppContext, "db">, actor: Actor, input: DeckInput): string[] {
  if (input.needId) {
    const need = ctx.db.select({ org: financingNeeds.enterpriseOrgId }).from(financingNeeds).where(eq(financingNeeds.id, input.needId)).get();
    if (need?.org !== actor.orgId) throw new DomainError("roadshows:errors.needNotOwn", {}, "needId");
  }
  if (input.audience !== "directed") return [];
  const ids = [...new Set(input.directedOrgIds)].filter((id) => id !== actor.orgId);
  if (!ids.length) throw new DomainError("roadshows:errors.directedEmpty", {}, "directedOrgIds");
  if (ctx.db.select({ id: organisations.id }).from(organisations).where(inArray(organisations.id, ids)).all().length !== ids.length) {
    throw new DomainError("roadshows:errors.unknownOrg", {}, "directedOrgIds");
  }
  return ids;
}

export function createDeck(ctx: Ctx, actor: Actor, input: DeckInput): string {
  assertCan(actor, "manage:deck:own", undefined);
  const directed = validateDeckInput(ctx, actor, input);
  const id = newId();
  const at = ctx.clock.now();
  ctx.db.transaction(() => {
    ctx.db
      .insert(decks)
      .values({ id, enterpriseOrgId: actor.orgId, needId: input.needId ?? null, title: input.title, audience: input.audience, allowDownload: input.allowDownload, ndaText: input.ndaText || null, createdBy: actor.userId, createdAt: at, updatedAt: at })
      .run();
    if (directed.length) ctx.db.insert(deckAudienceOrgs).values(directed.map((orgId) => ({ deckId: id, orgId }))).run();
  });
  return id;
}

export function updateDeckSettings(ctx: Ctx, actor: Actor, deckId: string, input: DeckInput): void {
  ownDeck(ctx, actor, deckId);
  const directed = validateDeckInput(ctx, actor, input);
  ctx.db.transaction(() => {
    ctx.db
      .update(decks)
      .set({ title: input.title, audience: input.audience, allowDownload: input.allowDownload, ndaText: input.ndaText || null, needId: input.needId ?? null, updatedAt: ctx.clock.now() })
      .where(eq(decks.id, deckId))
      .run();
    ctx.db.delete(deckAudienceOrgs).where(eq(deckAudienceOrgs.deckId, deckId)).run();
    if (directed.length) ctx.db.insert(deckAudienceOrgs).values(directed.map((orgId) => ({ deckId, orgId }))).run();
  });
}

/** Checks the PDF by content first; only a clean file becomes the deck's next version. */
export async function uploadDeckVersion(ctx: Ctx, actor: Actor, deckId: string, file: { name: string; bytes: Uint8Array }): Promise<{ versionId: string; version: number; pageCount: number }> {
  ownDeck(ctx, actor, deckId);
  const facts = await inspectPdf(file.bytes);
  const versionId = newId();
  const fileName = file.name.replace(/[^\p{L}\p{N}._ -]/gu, "_").slice(0, 120) || "deck.pdf";
  let version = 0;
  ctx.db.transaction(() => {
    version = (ctx.db.select({ v: max(deckVersions.version) }).from(deckVersions).where(eq(deckVersions.deckId, deckId)).get()?.v ?? 0) + 1;
    ctx.db
      .insert(deckVersions)
      .values({
        id: versionId,
        deckId,
        version,
        fileName,
        byteSize: file.bytes.byteLength,
        pageCount: facts.pageCount,
        sha256: crypto.createHash("sha256").update(file.bytes).digest("hex"),
        uploadedBy: actor.userId,
        uploadedAt: ctx.clock.now(),
      })
      .run();
    ctx.db.insert(deckFiles).values({ versionId, bytes: Buffer.from(file.bytes) }).run();
    ctx.db.update(decks).set({ currentVersionId: versionId, updatedAt: ctx.clock.now() }).where(eq(decks.id, deckId)).run();
  });
  return { versionId, version, pageCount: facts.pageCount };
}

function currentVersion(ctx: Pick<AppContext, "db">, deck: DeckRow) {
  if (!deck.currentVersionId) return null;
  return ctx.db.select().from(deckVersions).where(eq(deckVersions.id, deck.currentVersionId)).get() ?? null;
}

export function ndaAccepted(ctx: Pick<AppContext, "db">, deck: DeckRow, viewer: DeckViewer): boolean {
  if (!deck.ndaText) return true;
  if (viewer.kind === "actor" && viewer.actor.orgId === deck.enterpriseOrgId) return true;
  return !!ctx.db.select().from(deckNdaAcceptances).where(and(eq(deckNdaAcceptances.deckId, deck.id), eq(deckNdaAcceptances.viewerKey, viewerKeyOf(viewer)))).get();
}

export function acceptNda(ctx: Ctx, viewer: DeckViewer, deckId: string): void {
  const { deck } = visibleDeck(ctx, viewer, deckId);
  if (viewer.kind === "anonymous" && deck.audience === "public" && deck.ndaText) throw new ForbiddenError("roadshows:errors.signInForNda");
  ctx.db.insert(deckNdaAcceptances).values({ deckId, viewerKey: viewerKeyOf(viewer), acceptedAt: ctx.clock.now() }).onConflictDoNothing().run();
}

/** The viewer page's data: deck facts, whether the NDA still has to be accepted. */
export function openDeck(ctx: Ctx, viewer: DeckViewer, deckId: string) {
  const { deck, access } = visibleDeck(ctx, viewer, deckId);
  const version = currentVersion(ctx, deck);
  const enterprise = ctx.db.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, deck.enterpriseOrgId)).get()!;
  return {
    deck: { id: deck.id, title: deck.title, audience: deck.audience, ndaText: deck.ndaText, allowDownload: deck.allowDownload, enterpriseOrgId: deck.enterpriseOrgId, needId: deck.needId, updatedAt: deck.updatedAt },
    enterpriseName: enterprise.name,
    access,
    isOwner: access === "owner",
    version: version ? { id: version.id, version: version.version, pageCount: version.pageCount } : null,
    ndaPending: !ndaAccepted(ctx, deck, viewer),
  };
}

/** The hour a watermark names; it is also the render-cache bucket for the viewer's copy. */
export const watermarkHour = (now: number): number => Math.floor(now / 3_600_000) * 3_600_000;

const watermarkTime = new Intl.DateTimeFormat("zh-CN", { timeZone: BOARD_TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });

/**
 * What is burned into a page for this viewer: who (name, organisation, or the share link) and when. The
 * fixed words follow the viewer's language; names stay as stored. The time is labelled Beijing time
 * because many readers in Xinjiang keep local (UTC+6) time.
 */
export async function viewerWatermark(viewer: DeckViewer, at: number, locale: Locale): Promise<string[]> {
  const t = await translator(locale, "roadshows");
  const digits = watermarkTime.format(at);
  const time = t("watermark.time", { time: digits });
  if (viewer.kind === "actor") return [viewer.actor.name, viewer.actor.orgName, time];
  if (viewer.kind === "link") return [t("watermark.shareLink", { label: viewer.label }), time];
  return [t("watermark.public"), time];
}

/**
 * One page image for this viewer, with their watermark burned in. The NDA must be accepted first; the
 * deck must have a version. The watermark's time is the start of the current hour, which is also the
 * cache bucket: within the hour the viewer gets the cached copy.
 */
export async function deckPageImage(ctx: Pick<AppContext, "db" | "clock" | "config">, viewer: DeckViewer, deckId: string, page: number, locale: Locale) {
  const { deck } = visibleDeck(ctx, viewer, deckId);
  if (!ndaAccepted(ctx, deck, viewer)) throw new ForbiddenError("roadshows:errors.ndaRequired");
  return renderDeckPageFor(ctx, viewer, deck, page, locale);
}

/**
 * The rendering half of deckPageImage, for callers that decided access by another rule: a live roadshow shows the
 * event's decks to the event's audience (live.server.ts). Same per-viewer watermark and cache.
 */
export async function renderDeckPageFor(ctx: Pick<AppContext, "db" | "clock" | "config">, viewer: DeckViewer, deck: DeckRow, page: number, locale: Locale) {
  const version = currentVersion(ctx, deck);
  if (!version) throw new NotFoundError("roadshows:errors.noVersion");
  if (!Number.isInteger(page) || page < 1 || page > version.pageCount) throw new NotFoundError("roadshows:errors.noPage");
  const hour = watermarkHour(ctx.clock.now());
  return renderViewerPage(renderCacheOf(ctx), {
    versionId: version.id,
    page,
    viewerKey: viewerKeyOf(viewer),
    locale,
    watermark: await viewerWatermark(viewer, hour, locale),
    bucket: String(hour),
    loadPdf: async () => ctx.db.select({ bytes: deckFiles.bytes }).from(deckFiles).where(eq(deckFiles.versionId, version.id)).get()!.bytes,
  });
}

/** The PDF itself: off unless the enterprise allowed downloads (the owner can always get its own file). */
export function downloadDeckPdf(ctx: Ctx, viewer: DeckViewer, deckId: string) {
  const { deck, access } = visibleDeck(ctx, viewer, deckId);
  if (access !== "owner" && !deck.allowDownload) throw new ForbiddenError("roadshows:errors.downloadOff");
  if (!ndaAccepted(ctx, deck, viewer)) throw new ForbiddenError("roadshows:errors.ndaRequired");
  const version = currentVersion(ctx, deck);
  if (!version) throw new NotFoundError("roadshows:errors.noVersion");
  const file = ctx.db.select({ bytes: deckFiles.bytes }).from(deckFiles).where(eq(deckFiles.versionId, version.id)).get()!;
  if (access !== "owner" && viewer.kind === "actor" && isAuthorisedAccess(access as Access)) {
    appendAudit(ctx, {
      actorUserId: viewer.actor.userId,
      actorOrgId: viewer.actor.orgId,
      action: "roadshow.deck.downloaded",
      subjectType: "roadshow_deck",
      subjectId: deck.id,
      enterpriseOrgId: deck.enterpriseOrgId,
      data: { title: deck.title, version: version.version },
    });
  }
  return { bytes: file.bytes, fileName: version.fileName };
}

/** Expiring links for people outside the platform; only a hash of the token is stored. */
export function createShareLink(ctx: Ctx, actor: Actor, deckId: string, input: { label: string; expiresAt: number }): { id: string; token: string } {
  ownDeck(ctx, actor, deckId);
  if (input.expiresAt <= ctx.clock.now()) throw new DomainError("roadshows:errors.expiryPast", {}, "expiresOn");
  const token = crypto.randomBytes(24).toString("base64url");
  const id = newId();
  ctx.db
    .insert(deckShareLinks)
    .values({ id, deckId, tokenHash: crypto.createHash("sha256").update(token).digest("hex"), label: input.label, expiresAt: input.expiresAt, createdBy: actor.userId, createdAt: ctx.clock.now() })
    .run();
  return { id, token };
}

export function revokeShareLink(ctx: Ctx, actor: Actor, linkId: string): void {
  const link = ctx.db.select().from(deckShareLinks).where(eq(deckShareLinks.id, linkId)).get();
  if (!link) throw new NotFoundError();
  ownDeck(ctx, actor, link.deckId);
  if (link.revokedAt) throw new ConflictError("roadshows:errors.alreadyRevoked");
  ctx.db.update(deckShareLinks).set({ revokedAt: ctx.clock.now() }).where(eq(deckShareLinks.id, linkId)).run();
}

/** A share link's viewer, if the token is live for this deck; otherwise null (the caller falls back to the session). */
export function shareLinkViewer(ctx: Pick<AppContext, "db" | "clock">, deckId: string, token: string | null | undefined): DeckViewer | null {
  if (!token) return null;
  const link = ctx.db
    .select()
    .from(deckShareLinks)
    .where(and(eq(deckShareLinks.tokenHash, crypto.createHash("sha256").update(token).digest("hex")), eq(deckShareLinks.deckId, deckId), isNull(deckShareLinks.revokedAt)))
    .get();
  if (!link || link.expiresAt <= ctx.clock.now()) return null;
  return { kind: "link", linkId: link.id, label: link.label };
}

const deckListColumns = { id: decks.id, title: decks.title, audience: decks.audience, updatedAt: decks.updatedAt, needId: decks.needId, enterpriseOrgId: decks.enterpriseOrgId };

/** Decks of one enterprise this viewer may open (with a version to show). */
export function listVisibleDecksOfEnterprise(ctx: Pick<AppContext, "db">, viewer: Viewer, enterpriseOrgId: string) {
  const dv: DeckViewer = viewer ? { kind: "actor", actor: viewer } : { kind: "anonymous" };
  return ctx.db
    .select()
    .from(decks)
    .where(and(eq(decks.enterpriseOrgId, enterpriseOrgId), isNull(decks.archivedAt), sql`${decks.currentVersionId} is not null`))
    .orderBy(desc(decks.updatedAt))
    .all()
    .filter((d) => deckAccessFor(ctx, dv, d) !== null)
    .map((d) => ({ id: d.id, title: d.title, audience: d.audience, updatedAt: d.updatedAt, needId: d.needId }));
}

/** Decks attached to a need that this viewer may open. */
export function listVisibleDecksOfNeed(ctx: Pick<AppContext, "db">, viewer: Viewer, needId: string) {
  const dv: DeckViewer = viewer ? { kind: "actor", actor: viewer } : { kind: "anonymous" };
  return ctx.db
    .select()
    .from(decks)
    .where(and(eq(decks.needId, needId), isNull(decks.archivedAt), sql`${decks.currentVersionId} is not null`))
    .all()
    .filter((d) => deckAccessFor(ctx, dv, d) !== null)
    .map((d) => ({ id: d.id, title: d.title }));
}

export function listOwnDecks(ctx: Pick<AppContext, "db">, actor: Actor) {
  assertCan(actor, "manage:deck:own", undefined);
  return ctx.db.select(deckListColumns).from(decks).where(eq(decks.enterpriseOrgId, actor.orgId)).orderBy(desc(decks.updatedAt)).all();
}

/** The owner's management view: settings, versions and share links (each link says whether it has expired on the domain clock). */
export function getOwnDeck(ctx: Pick<AppContext, "db" | "clock">, actor: Actor, deckId: string) {
  const deck = ownDeck(ctx, actor, deckId);
  return {
    deck,
    directedOrgIds: directedOf(ctx, deckId),
    versions: ctx.db
      .select({ id: deckVersions.id, version: deckVersions.version, fileName: deckVersions.fileName, byteSize: deckVersions.byteSize, pageCount: deckVersions.pageCount, uploadedAt: deckVersions.uploadedAt })
      .from(deckVersions)
      .where(eq(deckVersions.deckId, deckId))
      .orderBy(desc(deckVersions.version))
      .all(),
    links: ctx.db
      .select()
      .from(deckShareLinks)
      .where(eq(deckShareLinks.deckId, deckId))
      .orderBy(asc(deckShareLinks.createdAt))
      .all()
      .map((l) => ({ ...l, expired: l.expiresAt <= ctx.clock.now() })),
  };
}
