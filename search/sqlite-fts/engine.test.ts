import { searchEngineContract } from "../testing/contract";
import { EmbeddedSearchEngine } from "./engine";

searchEngineContract("embedded SQLite FTS5", async () => {
  const engine = EmbeddedSearchEngine.open(":memory:");
  return { engine, close: () => engine.close() };
});
