import { MeiliSearchEngine } from "@search/meilisearch/engine";
import { EmbeddedSearchEngine } from "@search/sqlite-fts/engine";
import { startTestMeili } from "@search/testing/meili";
import { searchEngineContract } from "./engine-contract";

// The behaviour both engines promise, with this app's indexes and its visibility and assist rules on top.
searchEngineContract("embedded SQLite FTS5", async () => {
  const engine = EmbeddedSearchEngine.open(":memory:");
  return { engine, close: () => engine.close() };
});

searchEngineContract("Meilisearch 1.21", async () => {
  const server = await startTestMeili();
  const engine = new MeiliSearchEngine(() => server, { prefix: "contract_" });
  return {
    engine,
    async close() {
      await engine.close();
      await server.stop();
    },
  };
});
