import { searchEngineContract } from "../testing/contract";
import { startTestMeili } from "../testing/meili";
import { MeiliSearchEngine } from "./engine";

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
