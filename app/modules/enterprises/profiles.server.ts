import { and, asc, desc, eq, inArray } from "drizzle-orm";
import {
  boardMemberships,
  enterpriseProfiles,
  financialStatements,
  organisations,
  PROFILE_SECTIONS,
  prefectures,
  profileSectionAudiences,
  type Audience,
  type ProfileSection,
} from "@db/schema";
import { appendAudit } from "~/modules/audit/audit.server";
import type { Actor } from "~/modules/identity/actor";
import { organisationChanged } from "~/modules/search/organisation-sources.server";
import type { AppContext } from "~/utils/context.server";
import { removalOf } from "~/modules/board/violations.server";
import { DomainError, NotFoundError } from "~/utils/errors";
import { liveGrantSections, pendingRequestFor } from "./data-access.server";
import type { FinancialStatementInput, ProfileInput, SectionAudienceInput } from "./schemas";
import { accessFor, assertCan, can, isAuthorisedAccess, type Access } from "~/modules/access";

/** Who is looking: a signed-in actor, or null for an anonymous visitor. */
type Viewer = Actor | null;

/**
 * Attachment 1 §(八): an enterprise's information goes out only with its authorisation (非必要不披露). A section the
 * enterprise has not chosen an audience for is seen by the enterprise, the exchange and the regulators only; opening it
 * to members or named institutions is the enterprise's explicit choice. (Seeded demo enterprises have chosen theirs.)
 */
export const DEFAULT_SECTION_AUDIENCE: Audience = "regulators";

export type SectionAudience = { section: ProfileSection; audience: Audience; directedOrgIds: string[] };

export function requireEnterpriseEditor(actor: Actor, orgId = actor.orgId): void {
  assertCan(actor, "update:profile:own", { orgId });
}

function enterpriseCard(ctx: Pick<AppContext, "db">, orgId: string) {
  const org = ctx.db
    .select({
      id: organisations.id,
      name: organisations.name,
      nameEn: organisations.nameEn,
      uscc: organisations.uscc,
      kind: organisations.kind,
      industrySection: organisations.industrySection,
      prefectureCode: organisations.prefectureCode,
      prefectureZh: prefectures.nameZh,
      prefectureEn: prefectures.nameEn,
    })
    .from(organisations)
    .leftJoin(prefectures, eq(prefectures.code, organisations.prefectureCode))
    .where(eq(organisations.id, orgId))
    .get();
  if (!org || org.kind !== "enterprise") throw new NotFoundError();
  const membership = ctx.db
    .select({ tier: boardMemberships.tier, entryDate: boardMemberships.entryDate, status: boardMemberships.status })
    .from(boardMemberships)
    .where(eq(boardMemberships.enterpriseOrgId, orgId))
    .orderBy(desc(boardMemberships.createdAt))
    .limit(1)
    .get();
  const profile = ctx.db
    .select({ logoUpdatedAt: enterpriseProfiles.logoUpdatedAt, updatedAt: enterpriseProfiles.updatedAt })
    .from(enterpriseProfiles)
    .where(eq(enterpriseProfiles.orgId, orgId))
    .get();
  return {
    id: org.id,
    name: org.name,
    nameEn: org.nameEn,
    uscc: org.uscc,
    industrySection: org.industrySection,
    prefectureCode: org.prefectureCode,
    prefectureZh: org.prefectureZh,
    prefectureEn: org.prefectureEn,
    tier: membership?.status === "listed" ? membership.tier : null,
    boardStatus: membership?.status ?? null,
    entryDate: membership?.entryDate ?? null,
    /** A removal (清退) is public with its cited reason (Attachment 1 §(五)). */
    removal: membership?.status === "removed" ? removalOf(ctx, orgId) : null,
    logoVersion: profile?.logoUpdatedAt ?? null,
  };
}

export function sectionAudiences(ctx: Pick<AppContext, "db">, orgId: string): Record<ProfileSection, SectionAudience> {
  const rows = ctx.db.select().from(profileSectionAudiences).where(eq(profileSectionAudiences.orgId, orgId)).all();
  const bySection = new Map(rows.map((r) => [r.section, r]));
  return Object.fromEntries(
    PROFILE_SECTIONS.map((section) => {
      const row = bySection.get(section);
      return [section, { section, audience: row?.audience ?? DEFAULT_SECTION_AUDIENCE, directedOrgIds: row?.directedOrgIds ?? [] }];
    }),
  ) as Record<ProfileSection, SectionAudience>;
}

function sectionData(ctx: Pick<AppContext, "db">, orgId: string) {
  const p = ctx.db.select().from(enterpriseProfiles).where(eq(enterpriseProfiles.orgId, orgId)).get();
  const statements = ctx.db
    .select()
    .from(financialStatements)
    .where(eq(financialStatements.orgId, orgId))
    .orderBy(asc(financialStatements.fiscalYear))
    .all()
    .map(({ orgId: _o, updatedAt: _u, ...s }) => s);
  return {
    business: {
      summary: p?.summary ?? "",
      mainBusiness: p?.mainBusiness ?? "",
      products: p?.products ?? "",
      srdiTitles: p?.srdiTitles ?? [],
      employees: p?.employees ?? null,
      foundedYear: p?.foundedYear ?? null,
    },
    team: { team: p?.team ?? "" },
    ip: { patents: p?.patents ?? 0, softwareCopyrights: p?.softwareCopyrights ?? 0, certifications: p?.certifications ?? "" },
    contact: { address: p?.address ?? "", website: p?.website ?? null },
    financials: { statements },
  };
}

type SectionData = ReturnType<typeof sectionData>;
export type SectionView<S extends ProfileSection = ProfileSection> = {
  section: S;
  audience: Audience;
  access: Access | null;
  data: SectionData[S] | null;
};

/**
 * The profile as this viewer may see it: each section's data only if its audience (or a live grant)
 * allows. A non-public, non-owner view is authorised data leaving the enterprise, so it is written to
 * the audit chain with the sections and the ground on which they were shown.
 */
export function viewEnterpriseProfile(ctx: Pick<AppContext, "db" | "clock">, viewer: Viewer, orgId: string) {
  const card = enterpriseCard(ctx, orgId);
  const audiences = sectionAudiences(ctx, orgId);
  const grants = viewer ? liveGrantSections(ctx, orgId, viewer.orgId) : new Set<ProfileSection>();
  const data = sectionData(ctx, orgId);
  const sections = PROFILE_SECTIONS.map((section) => {
    const a = audiences[section];
    const access = accessFor(viewer, { ownerOrgId: orgId, audience: a.audience, directedOrgIds: a.directedOrgIds }, grants.has(section));
    return { section, audience: a.audience, access, data: access ? data[section] : null } as SectionView;
  });
  const authorised = sections.filter((s) => isAuthorisedAccess(s.access));
  if (viewer && authorised.length) {
    ctx.db.transaction(() => {
      appendAudit(
        ctx,
        {
          actorUserId: viewer.userId,
          actorOrgId: viewer.orgId,
          action: "enterprise.data.viewed",
          subjectType: "enterprise_profile",
          subjectId: orgId,
          enterpriseOrgId: orgId,
          data: { sections: authorised.map((s) => ({ section: s.section, via: s.access })) },
        },
      );
    });
  }
  const hidden = sections.filter((s) => !s.access).map((s) => s.section);
  const canRequest = can(viewer, "request:data-access:member") && hidden.length > 0;
  return {
    card,
    sections,
    isOwner: viewer?.orgId === orgId,
    requestable: canRequest ? hidden : [],
    pendingRequest: viewer && canRequest ? pendingRequestFor(ctx, orgId, viewer.orgId) : null,
  };
}

export function profileSection<S extends ProfileSection>(view: { sections: SectionView[] }, section: S): SectionView<S> {
  return view.sections.find((s) => s.section === section) as SectionView<S>;
}

/** The enterprise's own editing view: every field and every audience setting. */
export function getOwnProfile(ctx: Pick<AppContext, "db">, actor: Actor) {
  requireEnterpriseEditor(actor);
  const card = enterpriseCard(ctx, actor.orgId);
  const data = sectionData(ctx, actor.orgId);
  return { card, data, audiences: sectionAudiences(ctx, actor.orgId) };
}

function ensureProfileRow(ctx: Pick<AppContext, "db">, orgId: string, at: number): void {
  ctx.db.insert(enterpriseProfiles).values({ orgId, updatedAt: at }).onConflictDoNothing().run();
}

export function updateEnterpriseProfile(ctx: Pick<AppContext, "db" | "clock">, actor: Actor, input: ProfileInput): void {
  requireEnterpriseEditor(actor);
  const at = ctx.clock.now();
  const titles = input.srdiTitles
    .split(/[\n,，;；]/)
    .map((s) => s.trim())
    .filter(Boolean)
    .slice(0, 20);
  ctx.db.transaction(() => {
    ensureProfileRow(ctx, actor.orgId, at);
    ctx.db.update(enterpriseProfiles)
      .set({
        summary: input.summary,
        mainBusiness: input.mainBusiness,
        products: input.products,
        srdiTitles: titles,
        team: input.team,
        employees: input.employees ?? null,
        foundedYear: input.foundedYear ?? null,
        patents: input.patents,
        softwareCopyrights: input.softwareCopyrights,
        certifications: input.certifications,
        address: input.address,
        website: input.website ?? null,
        updatedAt: at,
      })
      .where(eq(enterpriseProfiles.orgId, actor.orgId))
      .run();
    // The business card is part of the enterprise's search document; its SRDI title is part of its needs'.
    organisationChanged(ctx.db, actor.orgId);
  });
}

/** Changing who sees a section is itself a disclosure decision, so it is recorded in the audit chain. */
export function setSectionAudience(ctx: Pick<AppContext, "db" | "clock">, actor: Actor, input: SectionAudienceInput): void {
  requireEnterpriseEditor(actor);
  const directed = input.audience === "directed" ? [...new Set(input.directedOrgIds)].filter((id) => id !== actor.orgId) : [];
  if (input.audience === "directed") {
    if (directed.length === 0) throw new DomainError("enterprises:errors.directedEmpty", {}, "directedOrgIds");
    const found = ctx.db.select({ id: organisations.id }).from(organisations).where(inArray(organisations.id, directed)).all();
    if (found.length !== directed.length) throw new DomainError("enterprises:errors.unknownOrg", {}, "directedOrgIds");
  }
  const at = ctx.clock.now();
  ctx.db.transaction(() => {
    ctx.db.insert(profileSectionAudiences)
      .values({ orgId: actor.orgId, section: input.section, audience: input.audience, directedOrgIds: directed, updatedAt: at })
      .onConflictDoUpdate({
        target: [profileSectionAudiences.orgId, profileSectionAudiences.section],
        set: { audience: input.audience, directedOrgIds: directed, updatedAt: at },
      })
      .run();
    appendAudit(
      ctx,
      {
        actorUserId: actor.userId,
        actorOrgId: actor.orgId,
        action: "enterprise.disclosure.audience_set",
        subjectType: "enterprise_profile",
        subjectId: actor.orgId,
        enterpriseOrgId: actor.orgId,
        data: { section: input.section, audience: input.audience, directedOrgIds: directed },
      },
    );
    if (input.section === "business") organisationChanged(ctx.db, actor.orgId);
  });
}

export function saveFinancialStatement(ctx: Pick<AppContext, "db" | "clock">, actor: Actor, input: FinancialStatementInput): void {
  requireEnterpriseEditor(actor);
  if (input.totalAssets < 0) throw new DomainError("enterprises:errors.negativeAssets", {}, "totalAssets");
  const at = ctx.clock.now();
  const { fiscalYear, ...values } = input;
  ctx.db
    .insert(financialStatements)
    .values({ orgId: actor.orgId, fiscalYear, ...values, updatedAt: at })
    .onConflictDoUpdate({ target: [financialStatements.orgId, financialStatements.fiscalYear], set: { ...values, updatedAt: at } })
    .run();
}

export function deleteFinancialStatement(ctx: Pick<AppContext, "db">, actor: Actor, fiscalYear: number): void {
  requireEnterpriseEditor(actor);
  ctx.db
    .delete(financialStatements)
    .where(and(eq(financialStatements.orgId, actor.orgId), eq(financialStatements.fiscalYear, fiscalYear)))
    .run();
}

export const LOGO_MAX_BYTES = 512 * 1024;

/** What the first bytes say the file is; the name and the browser's content type are not trusted. */
export function sniffImage(bytes: Uint8Array): "image/png" | "image/jpeg" | "image/webp" | null {
  const b = bytes;
  if (b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47 && b[4] === 0x0d && b[5] === 0x0a && b[6] === 0x1a && b[7] === 0x0a)
    return "image/png";
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return "image/jpeg";
  if (b.length >= 12 && String.fromCharCode(...b.subarray(0, 4)) === "RIFF" && String.fromCharCode(...b.subarray(8, 12)) === "WEBP") return "image/webp";
  return null;
}

/**
 * Accepts PNG, JPEG or WebP by content, up to 512 KB, and stores a re-encoded 256 px PNG: re-encoding
 * drops metadata and anything smuggled after the image data.
 */
export async function uploadLogo(ctx: Pick<AppContext, "db" | "clock">, actor: Actor, bytes: Uint8Array): Promise<void> {
  requireEnterpriseEditor(actor);
  if (bytes.byteLength === 0) throw new DomainError("enterprises:errors.logoEmpty", {}, "logo");
  if (bytes.byteLength > LOGO_MAX_BYTES) throw new DomainError("enterprises:errors.logoTooLarge", { kb: LOGO_MAX_BYTES / 1024 }, "logo");
  if (!sniffImage(bytes)) throw new DomainError("enterprises:errors.logoType", {}, "logo");
  const { default: sharp } = await import("sharp");
  let png: Buffer;
  try {
    png = await sharp(bytes, { limitInputPixels: 4096 * 4096 })
      .resize(256, 256, { fit: "contain", background: { r: 255, g: 255, b: 255, alpha: 0 } })
      .png()
      .toBuffer();
  } catch {
    throw new DomainError("enterprises:errors.logoType", {}, "logo");
  }
  const at = ctx.clock.now();
  ctx.db.transaction(() => {
    ensureProfileRow(ctx, actor.orgId, at);
    ctx.db.update(enterpriseProfiles).set({ logo: png, logoMime: "image/png", logoUpdatedAt: at }).where(eq(enterpriseProfiles.orgId, actor.orgId)).run();
  });
}

/** Logos are part of the public identity card. */
export function getLogo(ctx: Pick<AppContext, "db">, orgId: string): { bytes: Buffer; mime: string; version: number } {
  const row = ctx.db
    .select({ logo: enterpriseProfiles.logo, mime: enterpriseProfiles.logoMime, at: enterpriseProfiles.logoUpdatedAt })
    .from(enterpriseProfiles)
    .where(eq(enterpriseProfiles.orgId, orgId))
    .get();
  if (!row?.logo || !row.mime) throw new NotFoundError();
  return { bytes: row.logo, mime: row.mime, version: row.at ?? 0 };
}

/** Organisations an enterprise can name for directed disclosure: the alliance institutions and the regulators. */
export function listDirectableOrganisations(ctx: Pick<AppContext, "db">) {
  return ctx.db
    .select({ id: organisations.id, name: organisations.name, nameEn: organisations.nameEn, kind: organisations.kind, institutionType: organisations.institutionType })
    .from(organisations)
    .where(inArray(organisations.kind, ["institution", "regulator"]))
    .orderBy(asc(organisations.kind), asc(organisations.name))
    .all();
}
