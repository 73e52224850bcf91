import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { MAX_TOTAL_HITS, where } from "@search/engine";
import { need } from "./testing-fixtures";
import { registerAppSearchIndexes } from "./indexes";
import { EmbeddedSearchEngine } from "@search/sqlite-fts/engine";

/** What only the embedded engine promises: its in-memory columns and its ranking. */
describe("embedded engine", () => {
  beforeAll(registerAppSearchIndexes);
  const opened: EmbeddedSearchEngine[] = [];
  const open = (file = ":memory:") => {
    const engine = EmbeddedSearchEngine.open(file);
    opened.push(engine);
    return engine;
  };
  afterEach(async () => {
    for (const engine of opened.splice(0)) await engine.close();
  });

  it("counts facets over every match, beyond the cap on the total", async () => {
    const engine = open();
    const types = ["loan", "equity", "leasing"];
    await engine.upsert(
      "financing_needs",
      Array.from({ length: MAX_TOTAL_HITS + 50 }, (_, i) => need({ id: `n${i}`, title: `设备更新贷款 ${i}`, financingType: types[i % 3]! })),
    );
    const result = await engine.search("financing_needs", { q: "设备", facets: ["financingType"] });
    expect(result.total).toBe(MAX_TOTAL_HITS);
    expect(result.facets.financingType).toEqual({ loan: 3350, equity: 3350, leasing: 3350 });
  });

  it("orders a page by one sort field as the general comparison does: ties in insertion order, missing values last", async () => {
    const engine = open();
    const amounts = [3, 1, null, 2, 3, 1, null, 2, 3];
    const docs = Array.from({ length: 45 }, (_, i) => {
      const amount = amounts[i % amounts.length]!;
      return need({ id: `n${String(i).padStart(2, "0")}`, title: `设备 ${i}`, publishedAt: amount === null ? (null as unknown as number) : amount * 1_000 });
    });
    await engine.upsert("financing_needs", docs);
    for (const direction of ["asc", "desc"] as const) {
      const expected = docs
        .map((d, i) => ({ id: d.id, v: d.publishedAt, i }))
        .sort((a, b) => (a.v === null || b.v === null ? (a.v === null ? (b.v === null ? 0 : 1) : -1) : (a.v - b.v) * (direction === "asc" ? 1 : -1)) || a.i - b.i)
        .map((d) => d.id);
      const got: string[] = [];
      for (let page = 1; page <= 5; page++) {
        got.push(...(await engine.search("financing_needs", { sort: [{ field: "publishedAt", direction }], page, hitsPerPage: 10 })).ids);
      }
      expect(got, direction).toEqual(expected);
      // A short page (the bounded insertion pass) and a long one (a full sort) agree.
      expect((await engine.search("financing_needs", { sort: [{ field: "publishedAt", direction }], hitsPerPage: 7 })).ids).toEqual(expected.slice(0, 7));
    }
  });

  it("ranks by the headline attribute holding the word, then the most recently updated", async () => {
    const engine = open();
    const day = (d: number) => Date.UTC(2026, 0, d);
    await engine.upsert("financing_needs", [
      need({ id: "summary-newest", title: "设备更新", summary: "氢能项目", updatedAt: day(9) }),
      need({ id: "tags-new", title: "设备更新", tags: ["氢能"], updatedAt: day(8) }),
      need({ id: "enterprise-name", title: "设备更新", enterpriseName: "氢能科技有限公司", updatedAt: day(7) }),
      need({ id: "title-old", title: "氢能设备", updatedAt: day(2) }),
      need({ id: "title-newer", title: "电解水制氢能源站", updatedAt: day(3) }),
      need({ id: "no-match", title: "设备更新", updatedAt: day(10) }),
    ]);
    const result = await engine.search("financing_needs", { q: "氢能" });
    expect(result.ids).toEqual(["title-newer", "title-old", "enterprise-name", "tags-new", "summary-newest"]);
    // Each word counts: 设备 is in every title, 氢能 where it is above.
    const two = await engine.search("financing_needs", { q: "氢能 设备" });
    expect(two.ids).toEqual(["title-old", "enterprise-name", "tags-new", "summary-newest"]);
  });

  it("keeps the loaded columns current with its own writes", async () => {
    const engine = open();
    await engine.upsert("financing_needs", [need({ id: "a", title: "光伏组件", financingType: "loan" }), need({ id: "b", title: "风电叶片" })]);
    const loans = () => engine.search("financing_needs", { filter: where.eq("financingType", "loan"), facets: ["prefectureCode"] });
    expect((await loans()).ids).toEqual(["a", "b"]);
    await engine.upsert("financing_needs", [need({ id: "a", title: "光伏组件", financingType: "equity", prefectureCode: "6502" })]);
    expect((await loans()).ids).toEqual(["b"]);
    expect((await engine.search("financing_needs", { filter: where.eq("prefectureCode", "6502") })).ids).toEqual(["a"]);
    await engine.remove("financing_needs", ["b"]);
    const after = await loans();
    expect(after.ids).toEqual([]);
    expect(after.facets.prefectureCode).toEqual({});
    await engine.upsert("financing_needs", [need({ id: "c", title: "Kashgar cotton mill" })]);
    // A word added after loading is known to typo tolerance too.
    expect((await engine.search("financing_needs", { q: "kashgra" })).ids).toEqual(["c"]);
  });

  describe("another connection writing the same file", () => {
    let dir: string;
    const file = () => path.join(dir, "search.db");
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
    const setUp = (options: { changeLogSize?: number } = {}) => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "embedded-"));
      const reader = EmbeddedSearchEngine.open(file(), options);
      const writer = EmbeddedSearchEngine.open(file(), options);
      opened.push(reader, writer);
      return { reader, writer };
    };

    it("catches up by re-reading the rows it changed, and reloads after a rebuild", async () => {
      const { reader, writer } = setUp();
      await writer.upsert("financing_needs", [need({ id: "a", title: "光伏组件" }), need({ id: "gone", title: "光伏逆变器" })]);
      expect((await reader.search("financing_needs", { q: "光伏" })).ids.sort()).toEqual(["a", "gone"]);
      expect(reader.columnLoads).toBe(1);
      await writer.upsert("financing_needs", [need({ id: "b", title: "光伏电站 Turpan", financingType: "leasing" })]);
      await writer.remove("financing_needs", ["gone"]);
      const result = await reader.search("financing_needs", { q: "光伏", facets: ["financingType"] });
      expect(result.ids.sort()).toEqual(["a", "b"]);
      expect(result.facets.financingType).toEqual({ loan: 1, leasing: 1 });
      // The other connection's new word is known to typo tolerance here too.
      expect((await reader.search("financing_needs", { q: "turpna" })).ids).toEqual(["b"]);
      expect(reader.columnLoads).toBe(1);
      await writer.rebuild("financing_needs", (async function* () {
        yield [need({ id: "z", title: "光伏支架" })];
      })());
      expect((await reader.search("financing_needs", { q: "光伏" })).ids).toEqual(["z"]);
      expect(reader.columnLoads).toBe(2);
    });

    it("reloads whole when the change log was pruned past what it had read", async () => {
      const { reader, writer } = setUp({ changeLogSize: 2 });
      await writer.upsert("financing_needs", [need({ id: "a", title: "风电叶片" })]);
      expect((await reader.search("financing_needs", { q: "风电" })).ids).toEqual(["a"]);
      for (const id of ["b", "c", "d", "e"]) await writer.upsert("financing_needs", [need({ id, title: "风电塔筒" })]);
      expect((await reader.search("financing_needs", { q: "风电" })).ids.sort()).toEqual(["a", "b", "c", "d", "e"]);
      expect(reader.columnLoads).toBe(2);
    });
  });

  it("treats NOT as the complement, including documents without the attribute", async () => {
    const engine = open();
    await engine.upsert("financing_needs", [
      need({ id: "loan", title: "贷款", financingType: "loan" }),
      need({ id: "untyped", title: "未分类", financingType: null as unknown as string }),
    ]);
    expect((await engine.search("financing_needs", { filter: where.not(where.eq("financingType", "loan")) })).ids).toEqual(["untyped"]);
  });

  it("splits Latin letters from a Chinese run they touch", async () => {
    const engine = open();
    await engine.upsert("financing_needs", [need({ id: "a", title: "已完成A轮融资，拟北交所上市" })]);
    for (const q of ["轮融资", "A轮融资", "a 轮融"]) expect((await engine.search("financing_needs", { q })).ids).toEqual(["a"]);
  });
});
