import { eq, inArray } from "drizzle-orm";
import type { Db } from "@db/client";
import { organisations, prefectures } from "@db/schema";
import type { EnterpriseDocument, StaffOrganisationDocument } from "../engine";
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

/** Enterprises on the board are public: name, USCC, region and industry are what matchmaking starts from. */
export function loadEnterpriseDocuments(db: Db, ids: string[]): EnterpriseDocument[] {
  return loadOrganisations(db, ids)
    .filter((o) => o.kind === "enterprise")
    .map((o) => ({
      id: o.id,
      audience: "public",
      audienceOrgIds: [],
      ownerOrgId: o.id,
      updatedAt: o.createdAt,
      name: o.name,
      nameEn: o.nameEn,
      uscc: o.uscc,
      prefectureCode: o.prefectureCode,
      prefectureZh: o.prefectureZh,
      prefectureEn: o.prefectureEn,
      industrySection: o.industrySection,
      tier: null,
      tags: [],
      summary: "",
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
