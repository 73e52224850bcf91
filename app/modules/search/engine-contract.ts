import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { organisationViewer } from "~/modules/access";
import { ForbiddenError } from "~/utils/errors";
import { where, type SearchEngine } from "@search/engine";
import type { AnyDocument, EnterpriseDocument } from "./documents";
import { searchAssisted } from "./assist";
import { pinyinWords } from "@search/pinyin";
import { matchesQuery, searchFor, type Viewer } from "./visibility";
import { registerAppSearchIndexes } from "./indexes";
import { ENTERPRISES, NEEDS, PRODUCTS, TRICKY_ORG_ID } from "./testing-fixtures";

/**
 * The behaviour both engines promise. Each engine's test file runs this suite against one engine
 * instance; the expectations are the same for both.
 */
export function searchEngineContract(name: string, open: () => Promise<{ engine: SearchEngine; close(): Promise<void> }>): void {
  // The engine layer knows this app's indexes only once the app registers them.
  registerAppSearchIndexes();
  describe(`search engine contract: ${name}`, () => {
    let engine: SearchEngine;
    let close: () => Promise<void>;

    beforeAll(async () => {
      ({ engine, close } = await open());
      await engine.upsert("enterprises", ENTERPRISES);
      await engine.upsert("financing_needs", NEEDS);
      await engine.upsert("credit_products", PRODUCTS);
    });
    afterAll(async () => {
      await close?.();
    });

    const ids = async (q: string, index: "enterprises" | "financing_needs" | "credit_products" = "enterprises") =>
      (await engine.search(index, { q, hitsPerPage: 100 })).ids;
    const sorted = (xs: string[]) => [...xs].sort();

    describe("text", () => {
      it("finds Chinese words by their first two characters (search as you type)", async () => {
        expect(await ids("新能")).toContain("e1");
        expect(await ids("锂电")).toEqual(["e1"]);
        expect(await ids("质押")).toEqual(["e4"]);
        expect(sorted(await ids("乌鲁木齐"))).toEqual(["e1", "e2"]);
        expect(await ids("储能系统")).toEqual(["e1"]);
      });

      it("finds a single Chinese character inside a word of a name (伏 in 光伏)", async () => {
        const pv = { ...ENTERPRISES[4]!, id: "e44", name: "昆仑光伏材料有限公司", summary: "", tags: [], srdi: [], pinyin: "" };
        await engine.upsert("enterprises", [pv]);
        try {
          expect(await ids("伏")).toEqual(["e44"]);
          expect(await ids("源")).toContain("e1");
          expect((await engine.search("enterprises", { q: "伏", filter: where.eq("id", "e44") })).hits[0]!.doc).not.toHaveProperty("_chars");
        } finally {
          await engine.remove("enterprises", ["e44"]);
        }
      });

      it("requires every word of the query", async () => {
        expect(await ids("乌鲁木齐 农业")).toEqual(["e2"]);
        expect(await ids("量子计算")).toEqual([]);
      });

      it("matches Latin words by prefix and tolerates a typo", async () => {
        expect(await ids("kash")).toEqual(["e3"]);
        expect(await ids("Kashgar textile")).toEqual(["e3"]);
        expect(await ids("finacing")).toEqual(["e3"]);
        expect(await ids("financ")).toEqual(["e3"]);
      });

      it("expands synonyms (SRDI, little giant, leasing)", async () => {
        expect(await ids("SRDI")).toEqual(["e1"]);
        expect(await ids("srdi", "financing_needs")).toEqual(["n6"]);
        expect(await ids("little giant")).toEqual(["e1"]);
        expect(await ids("小巨人")).toEqual(["e1"]);
        expect(await ids("leasing")).toEqual(["e2"]);
        expect(sorted(await ids("leasing", "credit_products"))).toEqual(["p2"]);
      });

      it("ranks a match in the name above a match in the summary", async () => {
        const result = await ids("储能");
        expect(sorted(result)).toEqual(["e1", "e5"]);
        expect(result[0]).toBe("e5");
      });

      it("ranks equally relevant documents most recently updated first", async () => {
        const older: EnterpriseDocument = { ...ENTERPRISES[2]!, id: "e8", name: "和田红枣加工有限公司", nameEn: null, summary: "", tags: [], updatedAt: Date.UTC(2026, 0, 1) };
        const newer: EnterpriseDocument = { ...older, id: "e9", updatedAt: Date.UTC(2026, 1, 1) };
        await engine.upsert("enterprises", [older, newer]);
        try {
          expect(await ids("红枣")).toEqual(["e9", "e8"]);
        } finally {
          await engine.remove("enterprises", ["e8", "e9"]);
        }
      });

      it("searches the USCC", async () => {
        expect(await ids("91650100MA77ABCD1X")).toEqual(["e1"]);
      });

      it("highlights matches as segments that rebuild the original text", async () => {
        const result = await engine.search<EnterpriseDocument>("enterprises", { q: "新能", highlight: true });
        const hit = result.hits.find((h) => h.id === "e1")!;
        const segments = hit.highlights.name!;
        expect(segments.map((s) => s.text).join("")).toBe(ENTERPRISES[0]!.name);
        expect(segments.some((s) => s.match && s.text.includes("新能"))).toBe(true);
        expect(hit.doc.name).toBe(ENTERPRISES[0]!.name);
        expect(hit.doc.tags).toEqual(["储能", "锂电"]);
      });

      it("returns documents as they were indexed", async () => {
        const result = await engine.search("financing_needs", { filter: where.eq("id", "n4"), membersText: true });
        expect(result.hits[0]!.doc).toEqual(NEEDS[3]);
      });
    });

    describe("what a Chinese user means (issue 15)", () => {
      const withDoc = async (docs: EnterpriseDocument[], run: () => Promise<void>) => {
        await engine.upsert("enterprises", docs);
        try {
          await run();
        } finally {
          await engine.remove("enterprises", docs.map((d) => d.id));
        }
      };
      const labelled: EnterpriseDocument = {
        ...ENTERPRISES[4]!,
        id: "e20",
        name: "伊犁河谷薰衣草生物科技有限公司",
        summary: "",
        industrySection: "I",
        industry: ["信息传输、软件和信息技术服务业", "Information transmission, software and IT services"],
        tier: "cultivation",
        tierName: ["培育层", "Cultivation tier"],
        srdiLevels: ["innovative_sme"],
        srdi: [],
        tags: [],
        pinyin: pinyinWords(["伊犁河谷薰衣草生物科技有限公司"]),
      };

      it("finds readable labels in either language, never the codes behind them", async () => {
        await withDoc([labelled], async () => {
          expect(await ids("软件和信息技术服务业")).toEqual(["e20"]);
          expect(await ids("software")).toEqual(["e20"]);
          expect(await ids("培育层")).toEqual(["e20"]);
          // Codes are filterable only: neither the SRDI level nor the tier code matches as text.
          expect(await ids("innovative_sme")).toEqual([]);
          expect(await ids("innovative")).toEqual([]);
          expect((await engine.search("enterprises", { filter: where.eq("srdiLevels", "innovative_sme") })).ids).toEqual(["e20"]);
        });
      });

      it("searches members-only text only for viewers who may read it, and never returns it to others", async () => {
        const giant: EnterpriseDocument = { ...labelled, id: "e21", name: "克拉玛依油田智能装备有限公司", membersText: "国家级专精特新“小巨人”企业（2024） · SRDI little giant", pinyin: "" };
        await withDoc([giant], async () => {
          const member = organisationViewer({ id: "inst1", kind: "institution" });
          expect((await searchFor(engine, null, "enterprises", { q: "小巨人" })).ids).not.toContain("e21");
          expect((await searchFor(engine, organisationViewer({ id: "e3", kind: "enterprise" }), "enterprises", { q: "little giant" })).ids).not.toContain("e21");
          expect((await searchFor(engine, member, "enterprises", { q: "小巨人" })).ids).toContain("e21");
          const seenByPublic = await searchFor(engine, null, "enterprises", { filter: where.eq("id", "e21") });
          expect(seenByPublic.hits[0]!.doc).not.toHaveProperty("membersText");
          const seenByMember = await searchFor(engine, member, "enterprises", { filter: where.eq("id", "e21") });
          expect(seenByMember.hits[0]!.doc.membersText).toContain("小巨人");
        });
      });

      it("expands the finance vocabulary: 贷款, loan and a product name ending in 贷", async () => {
        expect(await ids("贷款", "credit_products")).toEqual(["p1"]);
        expect(await ids("loan", "credit_products")).toEqual(["p1"]);
        expect(await ids("IP pledge", "credit_products")).toEqual(["p1"]);
        expect(await ids("知识产权", "credit_products")).toEqual(["p1"]);
        expect(await ids("lease", "credit_products")).toEqual(["p2"]);
        // The last character of a name is found on its own.
        expect(await ids("贷", "credit_products")).toEqual(["p1"]);
      });

      it("finds names by full pinyin and by initials", async () => {
        await withDoc([labelled], async () => {
          expect(await ids("xunyicao")).toEqual(["e20"]);
          expect(await ids("ylhg")).toEqual(["e20"]);
          expect(await ids("yili")).toEqual(["e20"]);
        });
        expect(await ids("zhishichanquan", "credit_products")).toEqual(["p1"]);
        expect(await ids("daikuan", "credit_products")).toEqual(["p1"]);
      });

      it("finds names by two-letter initials of their words, ranked with the name above full-pinyin prefixes", async () => {
        const bazhou: EnterpriseDocument = { ...labelled, id: "e22", name: "巴州石化助剂有限公司", industry: [], tierName: [], pinyin: pinyinWords(["巴州石化助剂有限公司"]) };
        const shanshan: EnterpriseDocument = { ...labelled, id: "e23", name: "鄯善红枣有限公司", industry: [], tierName: [], pinyin: pinyinWords(["鄯善红枣有限公司"]) };
        await withDoc([bazhou, shanshan], async () => {
          expect(await ids("bz")).toEqual(["e22"]);
          expect(await ids("bz 助剂")).toEqual(["e22"]);
          // "sh": 石化's initials (a word of the name) before 鄯善's full pinyin "shanshan", which "sh" only begins.
          const sh = await ids("sh");
          expect(sh).toContain("e23");
          expect(sh.indexOf("e22")).toBeLessThan(sh.indexOf("e23"));
          expect(sh.indexOf("e22")).toBeGreaterThanOrEqual(0);
          // Initials are never returned.
          expect((await engine.search("enterprises", { q: "bz" })).hits[0]!.doc).not.toHaveProperty("_initials");
        });
      });

      it("finds a single character inside a word also when other words are in the query", async () => {
        const pv: EnterpriseDocument = { ...ENTERPRISES[4]!, id: "e45", name: "昆仑光伏材料有限公司", summary: "", tags: [], srdi: [], pinyin: "" };
        await withDoc([pv], async () => {
          // 昌吉储能材料 (e5) has 材料 but no 伏.
          expect(await ids("伏 材料")).toEqual(["e45"]);
          expect(await ids("材料 伏")).toEqual(["e45"]);
          expect(await ids("昆仑 伏")).toEqual(["e45"]);
          expect(sorted(await ids("材料"))).toEqual(["e45", "e5"]);
          // Two-character words still need their characters together: 仑光 is in the name, 光材 is not.
          expect(await ids("伏 光材")).toEqual([]);
        });
      });

      it("offers an index name one character off when it finds clearly more (金沙锂店 → 金沙锂电)", async () => {
        const names = ["金沙锂店商贸有限公司", "新疆金沙锂电科技有限公司", "金沙锂电材料有限公司", "哈密金沙锂电储能有限公司"];
        const docs = names.map((name, i): EnterpriseDocument => ({ ...labelled, id: `e3${i}`, name, industry: [], tierName: [], pinyin: "" }));
        await withDoc(docs, async () => {
          const typo = await searchAssisted(engine, null, "enterprises", { q: "金沙锂店" });
          expect(typo).toMatchObject({ mode: "exact", suggestion: "金沙锂电" });
          expect(typo.result.ids).toEqual(["e30"]);
          // A correction is offered only when it finds something with the rest of the query.
          expect(await searchAssisted(engine, null, "enterprises", { q: "金沙锂店 商贸" })).toMatchObject({ mode: "exact", suggestion: null });
          // The name that finds more is not corrected to the one that finds less.
          expect(await searchAssisted(engine, null, "enterprises", { q: "金沙锂电" })).toMatchObject({ mode: "exact", suggestion: null });
          // Only from what the viewer may see: with the right name members-only, nothing is offered to the public.
          await engine.upsert("enterprises", docs.slice(1).map((d) => ({ ...d, audience: "members" as const })));
          expect(await searchAssisted(engine, null, "enterprises", { q: "金沙锂店" })).toMatchObject({ mode: "exact", suggestion: null });
          const member = organisationViewer({ id: "inst1", kind: "institution" });
          expect(await searchAssisted(engine, member, "enterprises", { q: "金沙锂店" })).toMatchObject({ mode: "exact", suggestion: "金沙锂电" });
        });
      });

      it("relaxes to documents matching most words, those matching more first", async () => {
        expect(await ids("储能 量子")).toEqual([]);
        const relaxed = (await engine.search("enterprises", { q: "储能 锂电 量子", matching: "most", hitsPerPage: 100 })).ids;
        expect(sorted(relaxed)).toEqual(["e1", "e5"]);
        expect(relaxed[0]).toBe("e1");
      });

      it("corrects a word one character or letter off when nothing matches, and says so", async () => {
        const typo = await searchAssisted(engine, null, "enterprises", { q: "锂电吃" });
        expect(typo).toMatchObject({ mode: "corrected", suggestion: "锂电池" });
        expect(typo.result.ids).toEqual(["e1"]);
        // Four letters are below both engines' own typo tolerance; the vocabulary knows "loan".
        const english = await searchAssisted(engine, null, "credit_products", { q: "laon" });
        expect(english).toMatchObject({ mode: "corrected", suggestion: "loan" });
        expect(english.result.ids).toEqual(["p1"]);
        const exact = await searchAssisted(engine, null, "enterprises", { q: "锂电池" });
        expect(exact).toMatchObject({ mode: "exact", suggestion: null });
      });

      it("offers \"did you mean\" beside results for a typo, or for a vocabulary word one character off that finds clearly more", async () => {
        // Found through typo tolerance, but "textille" is in none of the results: offered, results unchanged.
        const typo = await searchAssisted(engine, null, "enterprises", { q: "textille" });
        expect(typo).toMatchObject({ mode: "exact", suggestion: "textile" });
        expect(typo.result.ids).toEqual(["e3"]);
        // A word as the documents spell it, one character (a homophone) off a vocabulary word that finds clearly more.
        const extra = [
          { ...ENTERPRISES[4]!, id: "e40", name: "和田光扶科技有限公司", summary: "", tags: [], srdi: [], pinyin: "" },
          { ...ENTERPRISES[4]!, id: "e41", name: "昆仑光伏材料有限公司", summary: "", tags: [], srdi: [], pinyin: "" },
          { ...ENTERPRISES[4]!, id: "e42", name: "哈密光伏电站有限公司", summary: "", tags: [], srdi: [], pinyin: "" },
          { ...ENTERPRISES[4]!, id: "e43", name: "吐鲁番光伏组件有限公司", summary: "", tags: [], srdi: [], pinyin: "" },
        ];
        await engine.upsert("enterprises", extra);
        try {
          const few = await searchAssisted(engine, null, "enterprises", { q: "光扶" });
          expect(few).toMatchObject({ mode: "exact", suggestion: "光伏" });
          expect(few.result.ids).toEqual(["e40"]);
          // Not clearly more: one document against one, and the word occurs as typed.
          await engine.remove("enterprises", ["e42", "e43"]);
          expect(await searchAssisted(engine, null, "enterprises", { q: "光扶" })).toMatchObject({ mode: "exact", suggestion: null });
        } finally {
          await engine.remove("enterprises", extra.map((d) => d.id));
        }
        // Words in the vocabulary, or found as typed with nothing clearly better, get no suggestion.
        expect(await searchAssisted(engine, null, "enterprises", { q: "textile" })).toMatchObject({ mode: "exact", suggestion: null });
        expect(await searchAssisted(engine, null, "enterprises", { q: "锂电池" })).toMatchObject({ mode: "exact", suggestion: null });
        expect(await searchAssisted(engine, null, "enterprises", { q: "储能" })).toMatchObject({ mode: "exact", suggestion: null });
      });

      it("falls back to the relaxed search when all words find nothing", async () => {
        const relaxed = await searchAssisted(engine, null, "enterprises", { q: "储能 量子" });
        expect(relaxed.mode).toBe("relaxed");
        expect(sorted(relaxed.result.ids)).toEqual(["e1", "e5"]);
        const nothing = await searchAssisted(engine, null, "enterprises", { q: "量子计算" });
        expect(nothing.result.ids).toEqual([]);
      });

      it("highlights the query's words only, in every highlighted field", async () => {
        const result = await engine.search("enterprises", { q: "新能源 储能", highlight: true, filter: where.eq("id", "e1") });
        const marked = [...result.hits[0]!.highlights.name!, ...result.hits[0]!.highlights.summary!].filter((s) => s.match).map((s) => s.text);
        expect(new Set(marked)).toEqual(new Set(["新能源", "储能"]));
      });
    });

    describe("filters, facets, sort, pages", () => {
      it("filters by equality, lists, ranges, negation and array membership", async () => {
        const q = async (filter: Parameters<typeof where.and>[0]) =>
          sorted((await engine.search("financing_needs", { filter, hitsPerPage: 100 })).ids);
        expect(await q(where.eq("financingType", "loan"))).toEqual(["n3", "n4", "n6"]);
        expect(await q(where.anyOf("financingType", ["equity", "leasing"]))).toEqual(["n1", "n2"]);
        expect(await q(where.range("amountYuan", { gte: 10_000_000, lte: 30_000_000 }))).toEqual(["n3", "n4", "n5"]);
        expect(await q(where.range("amountYuan", { gt: 20_000_000 }))).toEqual(["n1", "n5"]);
        expect(await q(where.and(where.eq("prefectureCode", "6501"), where.not(where.eq("financingType", "equity"))))).toEqual([
          "n2",
          "n5",
        ]);
        expect(await q(where.eq("audienceOrgIds", "inst1"))).toEqual(["n4"]);
        expect(await q(where.eq("audienceOrgIds", TRICKY_ORG_ID))).toEqual(["n5"]);
        expect(await q(where.eq("audienceOrgIds", 'org"with'))).toEqual([]);
        expect(await q(where.nothing())).toEqual([]);
      });

      it("fails closed on fields that cannot be filtered", async () => {
        const result = await engine.search("financing_needs", { filter: where.not(where.eq("title", "x")) });
        expect(result.ids).toEqual([]);
        expect(result.total).toBe(0);
        const rangeOnText = await engine.search("financing_needs", { filter: where.range("prefectureCode", { gte: 6500 }) });
        expect(rangeOnText.ids).toEqual([]);
      });

      it("counts facets under the same query and filter", async () => {
        const all = await engine.search("financing_needs", { facets: ["financingType", "prefectureCode"] });
        expect(all.facets.financingType).toEqual({ loan: 3, equity: 1, leasing: 1, convertible: 1 });
        expect(all.facets.prefectureCode).toEqual({ "6501": 3, "6502": 2, "6531": 1 });
        const filtered = await engine.search("financing_needs", {
          q: "融资",
          filter: where.eq("prefectureCode", "6501"),
          facets: ["financingType"],
        });
        expect(sorted(filtered.ids)).toEqual(["n1", "n2"]);
        expect(filtered.facets.financingType).toEqual({ equity: 1, leasing: 1 });
        const arrays = await engine.search("credit_products", { facets: ["prefectureCodes"] });
        expect(arrays.facets.prefectureCodes).toEqual({ "6501": 2, "6502": 1 });
      });

      it("returns nothing for unknown facet values and ignores unknown facet names", async () => {
        const result = await engine.search("financing_needs", {
          filter: where.eq("financingType", "no-such-type'); DROP TABLE x; --"),
          facets: ["financingType", "notAFacet", "title"],
        });
        expect(result.ids).toEqual([]);
        expect(result.facets).toEqual({ financingType: {} });
      });

      it("sorts and pages", async () => {
        const page1 = await engine.search("financing_needs", { sort: [{ field: "amountYuan", direction: "desc" }], hitsPerPage: 2 });
        expect(page1.ids).toEqual(["n1", "n5"]);
        expect(page1.total).toBe(6);
        expect(page1.totalPages).toBe(3);
        const page2 = await engine.search("financing_needs", {
          sort: [{ field: "amountYuan", direction: "desc" }],
          hitsPerPage: 2,
          page: 2,
        });
        expect(page2.ids).toEqual(["n3", "n4"]);
        const asc = await engine.search("financing_needs", { sort: [{ field: "amountYuan", direction: "asc" }], hitsPerPage: 3 });
        expect(asc.ids).toEqual(["n6", "n2", "n4"]);
        const byRate = await engine.search("credit_products", { q: "", sort: [{ field: "rateBpsMin", direction: "asc" }] });
        expect(byRate.ids).toEqual(["p1", "p2"]);
      });

      it("puts documents without the sort field last", async () => {
        const result = await engine.search("financing_needs", { sort: [{ field: "publishedAt", direction: "asc" }], hitsPerPage: 100 });
        expect(result.ids).toEqual(["n2", "n3", "n4", "n5", "n1", "n6"]);
      });

      it("clamps pagination and ignores sorts on unknown fields", async () => {
        const result = await engine.search("financing_needs", {
          page: -3,
          hitsPerPage: 10_000,
          sort: [{ field: "title", direction: "asc" }, { field: "x'--", direction: "desc" }],
        });
        expect(result.page).toBe(1);
        expect(result.hitsPerPage).toBe(100);
        expect(result.total).toBe(6);
        const beyond = await engine.search("financing_needs", { page: 50, hitsPerPage: 5 });
        expect(beyond.ids).toEqual([]);
        expect(beyond.total).toBe(6);
      });
    });

    describe("visibility", () => {
      const anonymous: Viewer = null;
      const inst1 = organisationViewer({ id: "inst1", kind: "institution" });
      const inst2 = organisationViewer({ id: "inst2", kind: "institution" });
      const tricky = organisationViewer({ id: TRICKY_ORG_ID, kind: "institution" });
      const ownerE1 = organisationViewer({ id: "e1", kind: "enterprise" });
      const otherEnterprise = organisationViewer({ id: "e3", kind: "enterprise" });
      const staff = organisationViewer({ id: "exchange", kind: "exchange" });
      const regulator = organisationViewer({ id: "csrc", kind: "regulator" });

      const visible = async (viewer: Viewer, q = "") =>
        sorted((await searchFor(engine, viewer, "financing_needs", { q, hitsPerPage: 100 })).ids);

      it("shows each viewer exactly what it may see", async () => {
        expect(await visible(anonymous)).toEqual(["n1", "n2", "n6"]);
        expect(await visible(inst1)).toEqual(["n1", "n2", "n3", "n4", "n6"]);
        expect(await visible(inst2)).toEqual(["n1", "n2", "n3", "n6"]);
        expect(await visible(tricky)).toEqual(["n1", "n2", "n3", "n5", "n6"]);
        expect(await visible(ownerE1)).toEqual(["n1", "n2", "n5", "n6"]);
        expect(await visible(otherEnterprise)).toEqual(["n1", "n2", "n4", "n6"]);
        expect(await visible(staff)).toEqual(["n1", "n2", "n3", "n4", "n5", "n6"]);
        expect(await visible(regulator)).toEqual(["n1", "n2", "n3", "n4", "n5", "n6"]);
      });

      it("never leaks hidden documents through text matches, totals or facet counts", async () => {
        expect(await visible(anonymous, "纺织")).toEqual([]);
        expect(await visible(inst2, "新能源汽车")).toEqual([]);
        const counts = await searchFor(engine, anonymous, "financing_needs", { facets: ["financingType", "prefectureCode"] });
        expect(counts.total).toBe(3);
        expect(counts.facets.financingType).toEqual({ equity: 1, leasing: 1, loan: 1 });
        expect(counts.facets.prefectureCode).toEqual({ "6501": 2, "6502": 1 });
        const spoof = await searchFor(engine, anonymous, "financing_needs", {
          filter: where.or(where.eq("audience", "directed"), where.eq("audience", "members")),
          facets: ["financingType"],
        });
        expect(spoof.ids).toEqual([]);
        expect(spoof.facets.financingType).toEqual({});
      });

      it("keeps the staff directory for staff", async () => {
        await expect(searchFor(engine, inst1, "staff_organisations", { q: "" })).rejects.toBeInstanceOf(ForbiddenError);
        await expect(searchFor(engine, staff, "staff_organisations", { q: "" })).resolves.toMatchObject({ ids: [] });
      });

      it("tells whether one document matches a saved query for a viewer", async () => {
        expect(await matchesQuery(engine, inst1, "financing_needs", { q: "纺织", filter: where.eq("financingType", "loan") }, "n4")).toBe(true);
        expect(await matchesQuery(engine, inst2, "financing_needs", { q: "纺织" }, "n4")).toBe(false);
        expect(await matchesQuery(engine, inst1, "financing_needs", { q: "锂电" }, "n4")).toBe(false);
      });
    });

    describe("hostile or odd input", () => {
      const attempts: unknown[] = [
        "",
        "   ",
        "新能源".repeat(3334),
        "x".repeat(10_000),
        '"新能源',
        "新能源*",
        "NEAR(新能 锂电)",
        "新能源 OR 锂电",
        "-新能源",
        "^新能",
        "name:新能源",
        "😀🚀",
        "新能源😀",
        "'; DROP TABLE fts_meta; --",
        "% _ \\ ' \" ` ; -- /* */",
        "\u0000\u0007\u202e",
        "(((((",
        42,
        null,
        { toString: () => "x" },
      ];

      it("never throws and always returns a well-formed result", async () => {
        for (const q of attempts) {
          for (const index of ["enterprises", "financing_needs"] as const) {
            const result = await engine.search(index, { q: q as string, facets: ["prefectureCode"], highlight: true });
            expect(Array.isArray(result.ids), `${String(q)}`).toBe(true);
            expect(result.total).toBeGreaterThanOrEqual(result.ids.length);
            expect(result.query.length).toBeLessThanOrEqual(64);
          }
        }
      });

      it("treats operator characters as spaces, so the words still match", async () => {
        expect(await ids('"新能源')).toContain("e1");
        expect(await ids("-新能源")).toContain("e1");
        expect(await ids("新能源*")).toContain("e1");
        expect(await ids("^锂电")).toEqual(["e1"]);
      });

      it("treats a query without words as browsing", async () => {
        expect(sorted(await ids(""))).toEqual(["e1", "e2", "e3", "e4", "e5"]);
        expect(sorted(await ids("😀🚀"))).toEqual(["e1", "e2", "e3", "e4", "e5"]);
        expect(sorted(await ids("'; -- /* */"))).toEqual(["e1", "e2", "e3", "e4", "e5"]);
      });

      it("finds nothing for a word that occurs nowhere, even with operators around it", async () => {
        expect(await ids("NEAR")).toEqual([]);
        expect(await ids("量子 OR 锂电")).toEqual([]);
      });
    });

    describe("changes", () => {
      it("applies updates and deletions", async () => {
        const renamed: EnterpriseDocument = { ...ENTERPRISES[1]!, name: "乌鲁木齐精密农机股份有限公司", summary: "精密农机" };
        await engine.upsert("enterprises", [renamed]);
        expect(await ids("智慧农业")).toEqual([]);
        expect(await ids("精密")).toEqual(["e2"]);
        await engine.remove("enterprises", ["e4", "no-such-id"]);
        expect(await ids("克拉玛依")).toEqual([]);
        expect(await engine.count("enterprises")).toBe(4);
      });

      it("rebuilds into a fresh copy while the old one keeps answering", async () => {
        const seenDuring: string[][] = [];
        async function* batches(): AsyncGenerator<AnyDocument[]> {
          yield [{ ...ENTERPRISES[0]!, name: "新疆天山光伏科技有限公司" }];
          seenDuring.push(sorted(await ids("")));
          yield [ENTERPRISES[3]!];
        }
        expect(await engine.rebuild("enterprises", batches())).toBe(2);
        expect(seenDuring).toEqual([["e1", "e2", "e3", "e5"]]);
        expect(sorted(await ids(""))).toEqual(["e1", "e4"]);
        expect(await ids("光伏")).toEqual(["e1"]);
        expect(await ids("精密")).toEqual([]);
        expect(await engine.count("enterprises")).toBe(2);
      });
    });
  });
}
