import { eq, inArray } from "drizzle-orm";
import { creditProducts, financingNeeds, organisations, prefectures } from "@db/schema";
import { discover } from "~/modules/search/discovery.server";
import { parseDiscoveryQuery, type DiscoveryIndex } from "~/modules/search/query";
import type { Actor } from "~/modules/identity/actor";
import type { AppContext } from "~/utils/context.server";
import { countyLabels, divisionCodeOf } from "../divisions";
import { industryLabels, instrumentLabels, productKindLabels } from "../labels";
import { syllables } from "@search/pinyin";

/**
 * "Done means" of issue 15 as data: every enterprise, published need and credit product of the demo world
 * is found on its tab by its name, its industry's name, its place (prefecture and county/district), its
 * instrument (needs, products) in Chinese and English, by the pinyin and by the initials of its name.
 * The queries are generated from the database, not listed by hand.
 *
 * Two kinds of query:
 * - identifying (name, pinyin, initials): the document must be on the first page of its tab;
 * - shared (industry, place, instrument): many documents carry the same label, and when more match than a
 *   page holds they cannot all be on the first page; the document must then be among the results (any page),
 *   and must be on the first page whenever the results fit on it.
 * What a user types as "the name's pinyin" is the name's distinctive part: the name without the place it
 * starts with (新疆, a prefecture or a county) and without the legal form, its first words up to four
 * characters (新疆金沙锂电科技有限公司 → 金沙锂电 → `jinshalidian`, `jsld`; 巴州塔里木石化助剂 → 巴州 → `bazhou`, `bz`).
 */

export type FindabilityKind = "name" | "industry" | "prefecture" | "county" | "instrument" | "pinyin" | "initials";
const IDENTIFYING: FindabilityKind[] = ["name", "pinyin", "initials"];

export interface FindabilityCase {
  tab: DiscoveryIndex;
  id: string;
  label: string;
  kind: FindabilityKind;
  q: string;
}

export interface FindabilityFailure extends FindabilityCase {
  /** 1-based position among all results, or null when not found at all. */
  rank: number | null;
  total: number;
}

const LEGAL_FORM = /(股份有限公司|有限责任公司|有限公司)$/u;
const PLACE_SUFFIX = /(回族自治州|蒙古自治州|哈萨克自治州|柯尔克孜自治州|自治州|地区|市|县|区)$/u;
const segmenter = new Intl.Segmenter("zh", { granularity: "word" });

/** The distinctive part of a Chinese name: without a leading place and the legal form, its first words up to four characters. */
export function distinctivePart(name: string, places: string[]): string | null {
  let rest = name.replace(LEGAL_FORM, "").replace(/^新疆/u, "");
  for (const place of places.sort((a, b) => b.length - a.length)) {
    if (rest.startsWith(place) && rest.length > place.length + 1) {
      rest = rest.slice(place.length);
      break;
    }
  }
  const run = rest.match(/\p{Script=Han}+/u)?.[0];
  if (!run) return null;
  let out = "";
  for (const { segment } of segmenter.segment(run)) {
    if (out && Array.from(out + segment).length > 4) break;
    out += segment;
  }
  return Array.from(out).slice(0, 4).join("");
}

function placeWords(ctx: Pick<AppContext, "db">, countyNames: string[]): string[] {
  const names = [...ctx.db.select({ zh: prefectures.nameZh }).from(prefectures).all().map((p) => p.zh), ...countyNames];
  return [...new Set(names.flatMap((n) => [n, n.replace(PLACE_SUFFIX, "")]).filter((n) => Array.from(n).length >= 2))];
}

export function findabilityCases(ctx: Pick<AppContext, "db">): { cases: FindabilityCase[]; skipped: string[] } {
  const cases: FindabilityCase[] = [];
  const skipped: string[] = [];
  const add = (tab: DiscoveryIndex, id: string, label: string, kind: FindabilityKind, qs: (string | null | undefined)[]) => {
    for (const q of new Set(qs.filter((x): x is string => !!x && x.trim().length > 0))) cases.push({ tab, id, label, kind, q });
  };
  const pinyinCases = (tab: DiscoveryIndex, id: string, label: string, name: string, places: string[]) => {
    const part = distinctivePart(name, places);
    if (!part) return;
    const sy = syllables(part);
    add(tab, id, label, "pinyin", [sy.join("")]);
    add(tab, id, label, "initials", [sy.map((s) => s[0]).join("")]);
  };

  const orgs = ctx.db
    .select({ id: organisations.id, name: organisations.name, uscc: organisations.uscc, divisionCode: organisations.divisionCode, section: organisations.industrySection, prefZh: prefectures.nameZh, prefEn: prefectures.nameEn })
    .from(organisations)
    .leftJoin(prefectures, eq(prefectures.code, organisations.prefectureCode))
    .where(eq(organisations.kind, "enterprise"))
    .all();
  const counties = new Map(orgs.map((o) => [o.id, countyLabels(divisionCodeOf(o))]));
  const places = placeWords(ctx, [...counties.values()].map((c) => c[0]).filter((c): c is string => !!c));
  const byId = new Map(orgs.map((o) => [o.id, o]));

  const placeCases = (tab: DiscoveryIndex, id: string, label: string, orgId: string) => {
    const o = byId.get(orgId)!;
    add(tab, id, label, "prefecture", [o.prefZh, o.prefEn]);
    const county = counties.get(orgId) ?? [];
    if (county.length === 0) skipped.push(`${tab} ${label}: no county query — division code ${divisionCodeOf(o) ?? "none"} is not in the division table`);
    add(tab, id, label, "county", county);
  };

  for (const o of orgs) {
    add("enterprises", o.id, o.name, "name", [o.name]);
    add("enterprises", o.id, o.name, "industry", industryLabels(o.section).slice(0, 2));
    placeCases("enterprises", o.id, o.name, o.id);
    pinyinCases("enterprises", o.id, o.name, o.name, places);
  }

  const needs = ctx.db
    .select({ id: financingNeeds.id, title: financingNeeds.title, instrument: financingNeeds.instrument, orgId: financingNeeds.enterpriseOrgId })
    .from(financingNeeds)
    .where(eq(financingNeeds.state, "published"))
    .all();
  for (const n of needs) {
    const o = byId.get(n.orgId)!;
    add("financing_needs", n.id, n.title, "name", [n.title]);
    add("financing_needs", n.id, n.title, "industry", industryLabels(o.section).slice(0, 2));
    add("financing_needs", n.id, n.title, "instrument", instrumentLabels(n.instrument));
    placeCases("financing_needs", n.id, n.title, n.orgId);
    pinyinCases("financing_needs", n.id, n.title, n.title, places);
  }

  const prefectureNames = new Map(ctx.db.select().from(prefectures).all().map((p) => [p.code, [p.nameZh, p.nameEn]]));
  const products = ctx.db
    .select({ id: creditProducts.id, name: creditProducts.name, kind: creditProducts.kind, eligibility: creditProducts.eligibility })
    .from(creditProducts)
    .where(inArray(creditProducts.state, ["published"]))
    .all();
  for (const p of products) {
    add("credit_products", p.id, p.name, "name", [p.name]);
    add("credit_products", p.id, p.name, "instrument", productKindLabels(p.kind));
    const codes = Array.isArray(p.eligibility.prefectures) ? (p.eligibility.prefectures as string[]) : [];
    if (codes.length === 0) skipped.push(`credit_products ${p.name}: no place query — the product is open to every prefecture and names none`);
    for (const code of codes) add("credit_products", p.id, p.name, "prefecture", prefectureNames.get(code) ?? []);
    pinyinCases("credit_products", p.id, p.name, p.name, places);
  }
  skipped.push("credit_products: no industry query — a product has no industry of its own (its eligibility lists industries it lends to)");
  return { cases, skipped };
}

/** Runs every case the way the search page does (as `viewer`, one tab at a time) and returns those not satisfied. */
export async function findabilityFailures(
  ctx: Pick<AppContext, "db" | "clock" | "search" | "logger">,
  viewer: Actor,
  cases: FindabilityCase[],
): Promise<FindabilityFailure[]> {
  const failures: FindabilityFailure[] = [];
  const results = new Map<string, { ids: string[]; total: number; firstPage: number }>();
  for (const c of cases) {
    const key = `${c.tab}\u0000${c.q}`;
    let found = results.get(key);
    if (!found) {
      const ids: string[] = [];
      let total = 0;
      let firstPage = 0;
      for (let page = 1; ; page++) {
        const r = await discover(ctx, viewer, parseDiscoveryQuery(new URLSearchParams({ q: c.q, index: c.tab, page: String(page) })));
        if (r.status !== "ok") throw new Error(`search unavailable for ${c.q}`);
        if (page === 1) {
          total = r.total;
          firstPage = r.hits.length;
        }
        ids.push(...r.hits.map((h) => h.id));
        if (page >= r.totalPages || r.hits.length === 0) break;
      }
      found = { ids, total, firstPage };
      results.set(key, found);
    }
    const at = found.ids.indexOf(c.id);
    const onFirstPage = at >= 0 && at < found.firstPage;
    const fitsOnePage = found.total <= found.firstPage;
    const ok = IDENTIFYING.includes(c.kind) || fitsOnePage ? onFirstPage : at >= 0;
    if (!ok) failures.push({ ...c, rank: at >= 0 ? at + 1 : null, total: found.total });
  }
  return failures;
}
