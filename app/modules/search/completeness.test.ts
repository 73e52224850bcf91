import pino from "pino";
import { describe, expect, it } from "vitest";
import { organisations } from "@db/schema";
import { createTestContext } from "@test/support/context";
import { INDEX_NAMES } from "./documents";
import { SearchIndexer } from "@search/indexer";
import { documentSource } from "@search/sources";
import { registerAllDocumentSources } from "./sources.server";
import { EmbeddedSearchEngine } from "@search/sqlite-fts/engine";
import { demoWorldContext } from "@test/support/demo-world";

const silent = pino({ level: "silent" });

describe("search completeness", () => {
  it("indexes every searchable row of the demo world from the outbox alone (no rebuild)", async () => {
    registerAllDocumentSources();
    const { ctx } = await demoWorldContext(Date.UTC(2026, 10, 20, 2));
    const engine = EmbeddedSearchEngine.open(":memory:");
    const indexer = new SearchIndexer(ctx.db, engine, silent);
    try {
      await indexer.drain();
      for (const index of INDEX_NAMES) {
        const database = (await documentSource(index)!.allIds(ctx.db)).length;
        expect(database, index).toBeGreaterThan(0);
        expect(await engine.count(index), index).toBe(database);
      }
      // The 10 enterprises that are not on the board are found like the others.
      expect(await engine.count("enterprises")).toBe(40);
      const counts = await indexer.counts();
      expect(counts.enterprises).toEqual({ indexed: 40, database: 40 });
    } finally {
      await engine.close();
    }
  });

  it("rebuilds at start an index whose document count differs from the database", async () => {
    registerAllDocumentSources();
    const ctx = createTestContext();
    const engine = EmbeddedSearchEngine.open(":memory:");
    const indexer = new SearchIndexer(ctx.db, engine, silent);
    try {
      ctx.db.insert(organisations).values({ id: "ent-a", kind: "enterprise", name: "哈密瓜业有限公司", prefectureCode: "6505" }).run();
      expect(await indexer.bootstrap()).toEqual(["enterprises", "staff_organisations"]);
      // A row written without its outbox entry: the index is not empty, but it is short of one.
      ctx.db.insert(organisations).values({ id: "ent-b", kind: "enterprise", name: "吐鲁番葡萄干有限公司", prefectureCode: "6504" }).run();
      expect(await indexer.bootstrap()).toEqual(["enterprises", "staff_organisations"]);
      expect((await engine.search("enterprises", { q: "葡萄" })).ids).toEqual(["ent-b"]);
      expect(await indexer.bootstrap()).toEqual([]);
    } finally {
      await engine.close();
    }
  });
});
