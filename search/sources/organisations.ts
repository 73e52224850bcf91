import { and, desc, eq, inArray } from "drizzle-orm";
import type { Db } from "@db/client";
import { boardMemberships, enterpriseProfiles, financingNeeds, organisations, prefectures, profileSectionAudiences } from "@db/schema";
import type { EnterpriseDocument, StaffOrganisationDocument } from "../engine";
import { enqueueSearchUpdates, type SearchUpdate } from "../outbox";
import { registerDocumentSource } from "../sources";

const CHUNK = 500;

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

function loadOrganisations(db: Db, ids: string[]) {
  return chunks(ids).flatMap((part) =>
    db
      .select({
        id: organisations.id,
        kind: organisations.kind,
        name: organisations.name,
        nameEn: organisations.nameEn,
        uscc: organisations.uscc,
        prefectureCode: organisations.prefectureCode,
        prefectureZh: prefectures.nameZh,
        prefectureEn: prefectures.nameEn,
        institutionType: organisations.institutionType,
        industrySection: organisations.industrySection,
        createdAt: organisations.createdAt,
      })
      .from(organisations)
      .leftJoin(prefectures, eq(prefectures.code, organisations.prefectureCode))
      .where(inArray(organisations.id, part))
      .all(),
  );
}

/** SRDI titles as facet values: the title text varies ("国家级专精特新“小巨人”企业（2024）"), its level does not. */
export function srdiLevels(titles: string[]): string[] {
  const levels = new Set<string>();
  for (const title of titles) {
    if (/小巨人|little giant/i.test(title)) levels.add("srdi:little_giant");
    else if (/专精特新|srdi/i.test(title)) levels.add("srdi:srdi_sme");
    else if (/创新型/.test(title)) levels.add("srdi:innovative_sme");
  }
  return [...levels];
}

/**
 * The enterprise's business card as the public sees it: the business section's text only when the
 * enterprise made that section public ("非必要不披露" — members-only sections never enter a public document).
 */
function publicBusiness(db: Db, ids: string[]) {
  const out = new Map<string, { summary: string; titles: string[]; updatedAt: number }>();
  for (const part of chunks(ids)) {
    const rows = db
      .select({ orgId: enterpriseProfiles.orgId, summary: enterpriseProfiles.summary, mainBusiness: enterpriseProfiles.mainBusiness, products: enterpriseProfiles.products, srdiTitles: enterpriseProfiles.srdiTitles, updatedAt: enterpriseProfiles.updatedAt })
      .from(enterpriseProfiles)
      .innerJoin(profileSectionAudiences, and(eq(profileSectionAudiences.orgId, enterpriseProfiles.orgId), eq(profileSectionAudiences.section, "business"), eq(profileSectionAudiences.audience, "public")))
      .where(inArray(enterpriseProfiles.orgId, part))
      .all();
    for (const r of rows) {
      const titles = r.srdiTitles;
      out.set(r.orgId, { summary: [r.summary, r.mainBusiness, r.products, ...titles].filter(Boolean).join(" · "), titles, updatedAt: r.updatedAt });
    }
  }
  return out;
}

function listedTiers(db: Db, ids: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of chunks(ids)) {
    const rows = db
      .select({ orgId: boardMemberships.enterpriseOrgId, tier: boardMemberships.tier })
      .from(boardMemberships)
      .where(and(inArray(boardMemberships.enterpriseOrgId, part), eq(boardMemberships.status, "listed")))
      .orderBy(desc(boardMemberships.createdAt))
      .all();
    for (const r of rows) if (!out.has(r.orgId)) out.set(r.orgId, r.tier);
  }
  return out;
}

/** Enterprises on the board are public: name, USCC, region and industry are what matchmaking starts from. */
export function loadEnterpriseDocuments(db: Db, ids: string[]): EnterpriseDocument[] {
  const orgs = loadOrganisations(db, ids).filter((o) => o.kind === "enterprise");
  const business = publicBusiness(db, orgs.map((o) => o.id));
  const tiers = listedTiers(db, orgs.map((o) => o.id));
  return orgs
    .map((o) => ({
      id: o.id,
      audience: "public",
      audienceOrgIds: [],
      ownerOrgId: o.id,
      updatedAt: Math.max(o.createdAt, business.get(o.id)?.updatedAt ?? 0),
      name: o.name,
      nameEn: o.nameEn,
      uscc: o.uscc,
      prefectureCode: o.prefectureCode,
      prefectureZh: o.prefectureZh,
      prefectureEn: o.prefectureEn,
      industrySection: o.industrySection,
      tier: tiers.get(o.id) ?? null,
      tags: srdiLevels(business.get(o.id)?.titles ?? []),
      summary: business.get(o.id)?.summary ?? "",
    }));
}

/** The exchange staff's directory of every organisation (the index is staff-only). */
export function loadStaffOrganisationDocuments(db: Db, ids: string[]): StaffOrganisationDocument[] {
  return loadOrganisations(db, ids).map((o) => ({
    id: o.id,
    audience: "members",
    audienceOrgIds: [],
    ownerOrgId: o.id,
    updatedAt: o.createdAt,
    kind: o.kind,
    name: o.name,
    nameEn: o.nameEn,
    uscc: o.uscc,
    prefectureCode: o.prefectureCode,
    prefectureZh: o.prefectureZh,
    institutionType: o.institutionType,
    industrySection: o.industrySection,
  }));
}

export function registerOrganisationSources(): void {
  registerDocumentSource("enterprises", {
    load: loadEnterpriseDocuments,
    allIds: (db) =>
      db.select({ id: organisations.id }).from(organisations).where(eq(organisations.kind, "enterprise")).all().map((r) => r.id),
  });
  registerDocumentSource("staff_organisations", {
    load: loadStaffOrganisationDocuments,
    allIds: (db) => db.select({ id: organisations.id }).from(organisations).all().map((r) => r.id),
  });
}

/**
 * Call inside the transaction that created or changed an organisation, its profile, its disclosure
 * choices or its board membership: its directory entry, its enterprise document and its published
 * needs (which carry its name, place, industry, tier and SRDI title) are re-read by the indexer.
 */
export function organisationChanged(db: Pick<Db, "insert" | "select">, orgId: string): void {
  const needs = db
    .select({ id: financingNeeds.id })
    .from(financingNeeds)
    .where(and(eq(financingNeeds.enterpriseOrgId, orgId), eq(financingNeeds.state, "published")))
    .all();
  const updates: SearchUpdate[] = [
    { index: "enterprises", id: orgId, op: "upsert" },
    { index: "staff_organisations", id: orgId, op: "upsert" },
    ...needs.map((n) => ({ index: "financing_needs" as const, id: n.id, op: "upsert" as const })),
  ];
  enqueueSearchUpdates(db, updates);
}
