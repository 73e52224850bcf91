import { and, desc, eq, inArray } from "drizzle-orm";
import type { Db } from "@db/client";
import { boardMemberships, enterpriseProfiles, financingNeeds, organisations, prefectures, profileSectionAudiences } from "@db/schema";
import type { EnterpriseDocument, StaffOrganisationDocument } from "./documents";
import { industryLabels, institutionTypeLabels, labelList, srdiLabels, srdiLevelsOf, tierLabels } from "./labels";
import { enqueueSearchUpdates, type SearchUpdate } from "@search/outbox";
import { pinyinWords } from "@search/pinyin";
import { registerDocumentSource } from "@search/sources";
import { countyLabels, divisionCodeOf } from "./divisions";

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
        divisionCode: organisations.divisionCode,
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

/** An enterprise's business section as search may use it: who may read it, its text and SRDI titles. */
export interface BusinessSection {
  audience: "public" | "members";
  text: string;
  titles: string[];
  updatedAt: number;
}

/**
 * The business section of each enterprise whose section is public or members-only ("非必要不披露":
 * a section directed to chosen organisations or kept for regulators never enters a search document).
 */
export function businessSections(db: Pick<Db, "select">, ids: string[]): Map<string, BusinessSection> {
  const out = new Map<string, BusinessSection>();
  for (const part of chunks(ids)) {
    const rows = db
      .select({ orgId: enterpriseProfiles.orgId, audience: profileSectionAudiences.audience, summary: enterpriseProfiles.summary, mainBusiness: enterpriseProfiles.mainBusiness, products: enterpriseProfiles.products, srdiTitles: enterpriseProfiles.srdiTitles, updatedAt: enterpriseProfiles.updatedAt })
      .from(enterpriseProfiles)
      .innerJoin(profileSectionAudiences, and(eq(profileSectionAudiences.orgId, enterpriseProfiles.orgId), eq(profileSectionAudiences.section, "business"), inArray(profileSectionAudiences.audience, ["public", "members"])))
      .where(inArray(enterpriseProfiles.orgId, part))
      .all();
    for (const r of rows) {
      const titles = r.srdiTitles;
      out.set(r.orgId, {
        audience: r.audience === "public" ? "public" : "members",
        text: [r.summary, r.mainBusiness, r.products].filter(Boolean).join(" · "),
        titles,
        updatedAt: r.updatedAt,
      });
    }
  }
  return out;
}

/** SRDI titles as published plus their levels' names in both languages. */
export const srdiWords = (titles: string[]): string[] => labelList(titles, srdiLevelsOf(titles).flatMap(srdiLabels));

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

/**
 * Enterprises on the board are public: name, USCC, region and industry are what matchmaking starts
 * from. The business section is searchable by everyone when public, and by members only (membersText)
 * when members-only.
 */
export function loadEnterpriseDocuments(db: Db, ids: string[]): EnterpriseDocument[] {
  const orgs = loadOrganisations(db, ids).filter((o) => o.kind === "enterprise");
  const business = businessSections(db, orgs.map((o) => o.id));
  const tiers = listedTiers(db, orgs.map((o) => o.id));
  return orgs.map((o) => {
    const section = business.get(o.id);
    const open = section?.audience === "public" ? section : null;
    const tier = tiers.get(o.id) ?? null;
    const county = countyLabels(divisionCodeOf(o));
    return {
      id: o.id,
      audience: "public",
      audienceOrgIds: [],
      ownerOrgId: o.id,
      updatedAt: Math.max(o.createdAt, section?.updatedAt ?? 0),
      name: o.name,
      nameEn: o.nameEn,
      uscc: o.uscc,
      prefectureCode: o.prefectureCode,
      prefectureZh: o.prefectureZh,
      prefectureEn: o.prefectureEn,
      county,
      industrySection: o.industrySection,
      industry: industryLabels(o.industrySection),
      tier,
      tierName: tierLabels(tier),
      tags: [],
      srdi: open ? srdiWords(open.titles) : [],
      srdiLevels: open ? srdiLevelsOf(open.titles) : [],
      summary: open ? labelList(open.text, open.titles).join(" · ") : "",
      pinyin: pinyinWords([o.name, o.prefectureZh, county[0], ...(open?.titles ?? [])]),
      membersText: section?.audience === "members" ? labelList(section.text, srdiWords(section.titles)).join(" · ") : "",
    };
  });
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
    tags: labelList(industryLabels(o.industrySection), institutionTypeLabels(o.institutionType)),
    pinyin: pinyinWords([o.name]),
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
