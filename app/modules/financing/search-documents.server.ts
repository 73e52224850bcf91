import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@db/client";
import { boardMemberships, financingNeedAudienceOrgs, financingNeeds, organisations, prefectures } from "@db/schema";
import type { FinancingNeedDocument } from "~/modules/search/documents";
import { collateralLabels, industryLabels, instrumentLabels, labelList, tierLabels } from "~/modules/search/labels";
import { enqueueSearchUpdate, type DbOrTx } from "@search/outbox";
import { countyLabels, divisionCodeOf } from "~/modules/search/divisions";
import { pinyinWords } from "@search/pinyin";
import { businessSections, srdiWords } from "~/modules/search/organisation-sources.server";
import { registerDocumentSource } from "@search/sources";

function collateralOf(details: string): string[] {
  try {
    const c = (JSON.parse(details) as { collateral?: unknown }).collateral;
    return Array.isArray(c) ? c.filter((x): x is string => typeof x === "string") : [];
  } catch {
    return [];
  }
}

/**
 * The `financing_needs` search index holds only published needs: a draft, paused, ended or expired need
 * is left out, so the indexer removes it. Expiry is a state change made by expireDueNeeds on the domain
 * clock (ctx.clock), which enqueues the removal; the indexer itself never reads a calendar, and results
 * are re-checked against the expiry day by filterVisibleNeedIds until the sweep has run. Visibility
 * fields (audience, audienceOrgIds, ownerOrgId) travel with each document; app/modules/search/visibility.ts filters on them.
 */
export function loadNeedDocuments(db: Db, ids: string[]): FinancingNeedDocument[] {
  if (ids.length === 0) return [];
  const rows = db
    .select({
      n: financingNeeds,
      enterpriseName: organisations.name,
      uscc: organisations.uscc,
      divisionCode: organisations.divisionCode,
      prefectureCode: organisations.prefectureCode,
      prefectureZh: prefectures.nameZh,
      prefectureEn: prefectures.nameEn,
      industrySection: organisations.industrySection,
      tier: boardMemberships.tier,
    })
    .from(financingNeeds)
    .innerJoin(organisations, eq(organisations.id, financingNeeds.enterpriseOrgId))
    .leftJoin(prefectures, eq(prefectures.code, organisations.prefectureCode))
    .leftJoin(boardMemberships, and(eq(boardMemberships.enterpriseOrgId, organisations.id), eq(boardMemberships.status, "listed")))
    .where(and(inArray(financingNeeds.id, ids), eq(financingNeeds.state, "published")))
    .all();
  const directed = db
    .select()
    .from(financingNeedAudienceOrgs)
    .where(inArray(financingNeedAudienceOrgs.needId, rows.map((r) => r.n.id)))
    .all();
  const business = businessSections(db, [...new Set(rows.map((r) => r.n.enterpriseOrgId))]);
  return rows.map(({ n, ...o }) => {
    const collateral = collateralOf(n.details);
    const section = business.get(n.enterpriseOrgId);
    // The enterprise's SRDI title travels with its need as openly as the enterprise published it.
    const srdi = section ? srdiWords(section.titles) : [];
    const county = countyLabels(divisionCodeOf(o));
    return {
      id: n.id,
      audience: n.audience,
      audienceOrgIds: n.audience === "directed" ? directed.filter((d) => d.needId === n.id).map((d) => d.orgId) : [],
      ownerOrgId: n.enterpriseOrgId,
      updatedAt: n.updatedAt,
      title: n.title,
      summary: n.summary,
      enterpriseOrgId: n.enterpriseOrgId,
      enterpriseName: o.enterpriseName,
      financingType: n.instrument,
      tags: labelList(instrumentLabels(n.instrument), collateral.flatMap(collateralLabels)),
      collateralTypes: collateral,
      amountYuan: n.amount,
      prefectureCode: o.prefectureCode,
      prefectureZh: o.prefectureZh,
      prefectureEn: o.prefectureEn,
      county,
      industrySection: o.industrySection,
      industry: industryLabels(o.industrySection),
      tier: o.tier ?? null,
      tierName: tierLabels(o.tier),
      srdi: section?.audience === "public" ? srdi : [],
      status: n.state,
      publishedAt: n.publishedAt,
      pinyin: pinyinWords([n.title, o.enterpriseName, o.prefectureZh, county[0]]),
      membersText: section?.audience === "members" ? srdi.join(" · ") : "",
    };
  });
}

export function registerFinancingNeedSource(): void {
  registerDocumentSource("financing_needs", {
    load: (db, ids) => loadNeedDocuments(db, ids),
    allIds: (db) => db.select({ id: financingNeeds.id }).from(financingNeeds).where(eq(financingNeeds.state, "published")).all().map((r) => r.id),
  });
}

/** Call inside the transaction that changed the need: the indexer re-reads it (and drops it if no longer live). */
export function needChanged(db: DbOrTx, needId: string): void {
  enqueueSearchUpdate(db, { index: "financing_needs", id: needId, op: "upsert" });
}
