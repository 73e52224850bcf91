import { eq, inArray, ne } from "drizzle-orm";
import type { Db } from "@db/client";
import { creditProducts, organisations, prefectures } from "@db/schema";
import type { CreditProductDocument } from "~/modules/search/documents";
import { collateralLabels, institutionTypeLabels, labelList, productKindLabels } from "~/modules/search/labels";
import { pinyinWords } from "@search/pinyin";
import { registerDocumentSource } from "@search/sources";
import { eligibilityRules } from "./financing-schemas";

// Kept apart from the product services so that `npm run reindex` loads only the schema, not the app's services.

/** Credit products are public offers: everyone may find them; the owning lender sees its drafts too. */
export function loadCreditProductDocuments(db: Db, ids: string[]): CreditProductDocument[] {
  if (ids.length === 0) return [];
  const places = new Map(db.select({ code: prefectures.code, zh: prefectures.nameZh, en: prefectures.nameEn }).from(prefectures).all().map((p) => [p.code, [p.zh, p.en]]));
  return db
    .select({ product: creditProducts, institutionName: organisations.name, institutionType: organisations.institutionType })
    .from(creditProducts)
    .innerJoin(organisations, eq(organisations.id, creditProducts.institutionOrgId))
    .where(inArray(creditProducts.id, ids))
    .all()
    .filter((r) => r.product.state !== "retired")
    .map(({ product, institutionName, institutionType }) => {
      const rules = eligibilityRules.safeParse(product.eligibility);
      const collateral = product.collateral;
      const prefectureCodes = rules.success ? rules.data.prefectures : [];
      const type = institutionType ?? "other";
      return {
        id: product.id,
        audience: product.state === "published" ? "public" : "directed",
        audienceOrgIds: [],
        ownerOrgId: product.institutionOrgId,
        updatedAt: product.updatedAt,
        name: product.name,
        summary: product.summary,
        institutionOrgId: product.institutionOrgId,
        institutionName,
        institutionType: type,
        tags: labelList(productKindLabels(product.kind), institutionTypeLabels(type), collateral.flatMap(collateralLabels)),
        collateralTypes: collateral,
        minAmountYuan: product.minAmount,
        maxAmountYuan: product.maxAmount,
        rateBpsMin: product.rateMinBp,
        termMonthsMax: product.termMaxMonths,
        prefectureCodes,
        prefectures: labelList(prefectureCodes.flatMap((code) => places.get(code) ?? [])),
        status: product.state,
        publishedAt: product.publishedAt,
        pinyin: pinyinWords([product.name, institutionName]),
      };
    });
}

export function registerCreditProductSource(): void {
  registerDocumentSource("credit_products", {
    load: loadCreditProductDocuments,
    allIds: (db) =>
      db
        .select({ id: creditProducts.id })
        .from(creditProducts)
        .where(ne(creditProducts.state, "retired"))
        .all()
        .map((r) => r.id),
  });
}
