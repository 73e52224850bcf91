import enCommon from "~/i18n/locales/en/common.json";
import enFinancing from "~/i18n/locales/en/financing.json";
import enSearch from "~/i18n/locales/en/search.json";
import zhCommon from "~/i18n/locales/zh-CN/common.json";
import zhFinancing from "~/i18n/locales/zh-CN/financing.json";
import zhSearch from "~/i18n/locales/zh-CN/search.json";

/**
 * What people read for the codes the data stores (industry section C, tier cultivation, instrument
 * loan, collateral ip, SRDI level little_giant, institution type bank), in Chinese and English,
 * taken from the UI catalogues so search finds what the pages show. Documents carry these labels as
 * searchable text; the codes stay in filterable attributes only.
 */

type Catalogue = Record<string, string>;

function both(zh: Catalogue, en: Catalogue, code: string | null | undefined): string[] {
  if (!code) return [];
  return [zh[code], en[code]].filter((v): v is string => typeof v === "string" && v.length > 0);
}

/** Short names people use besides the standard's (农、林、牧、渔业 is searched as 农业). */
const INDUSTRY_ALIASES: Record<string, string[]> = { A: ["农业", "农林牧渔业"], D: ["能源"], I: ["信息技术", "IT"] };

export const industryLabels = (section: string | null | undefined): string[] =>
  section ? [...both(zhCommon.industrySections as Catalogue, enCommon.industrySections as Catalogue, section), ...(INDUSTRY_ALIASES[section] ?? [])] : [];

export const tierLabels = (tier: string | null | undefined): string[] => both(zhCommon.tiers as Catalogue, enCommon.tiers as Catalogue, tier);

export const instrumentLabels = (instrument: string | null | undefined): string[] =>
  both(zhFinancing.instruments as Catalogue, enFinancing.instruments as Catalogue, instrument);

export const collateralLabels = (kind: string | null | undefined): string[] =>
  both(zhFinancing.collateral as Catalogue, enFinancing.collateral as Catalogue, kind);

export const productKindLabels = (kind: string | null | undefined): string[] =>
  both(zhFinancing.productKinds as Catalogue, enFinancing.productKinds as Catalogue, kind);

export const institutionTypeLabels = (type: string | null | undefined): string[] =>
  both(zhCommon.institutionTypes as Catalogue, enCommon.institutionTypes as Catalogue, type);

/** The SRDI levels with the words people use for them (the catalogue's label and the programme's name). */
const SRDI_WORDS: Record<string, string[]> = {
  little_giant: ["国家级专精特新“小巨人”企业", "SRDI little giant"],
  srdi_sme: ["专精特新中小企业", "SRDI SME"],
  innovative_sme: ["创新型中小企业", "innovative SME"],
};

export const srdiLabels = (level: string | null | undefined): string[] =>
  level ? [...both(zhSearch.srdi as Catalogue, enSearch.srdi as Catalogue, level), ...(SRDI_WORDS[level] ?? [])] : [];

/** SRDI levels from title text: the title varies ("国家级专精特新“小巨人”企业（2024）"), its level does not. */
export function srdiLevelsOf(titles: string[]): string[] {
  const levels = new Set<string>();
  for (const title of titles) {
    if (/小巨人|little giant/i.test(title)) levels.add("little_giant");
    else if (/专精特新|srdi/i.test(title)) levels.add("srdi_sme");
    else if (/创新型/.test(title)) levels.add("innovative_sme");
  }
  return [...levels];
}

/** Flattened, de-duplicated, empty values dropped. */
export const labelList = (...lists: (string | null | undefined | string[])[]): string[] => [
  ...new Set(lists.flat().filter((v): v is string => typeof v === "string" && v.trim().length > 0)),
];
