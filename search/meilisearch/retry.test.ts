import { MeilisearchApiError } from "meilisearch";
import { afterEach, describe, expect, it } from "vitest";
import { SearchUnavailableError } from "../engine";
import { listenLocal, type LocalHttpServer } from "../testing/http";
import { registerThingsIndex } from "../testing/schema";
import { MeiliSearchEngine } from "./engine";
import { freePort } from "./supervisor";

// The engine layer knows no feature: its tests search a generic index.
registerThingsIndex();

/** A stand-in server that answers each request with the next scripted status. */
async function scriptedServer(statuses: number[]): Promise<LocalHttpServer & { requests: string[] }> {
  const requests: string[] = [];
  const server = await listenLocal((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const status = statuses[Math.min(requests.length - 1, statuses.length - 1)]!;
    res.writeHead(status, { "content-type": "application/json" });
    res.end(
      status === 200
        ? JSON.stringify({ numberOfDocuments: 7, isIndexing: false, fieldDistribution: {} })
        : JSON.stringify({ message: "nope", code: status === 400 ? "invalid_request" : "unavailable", type: "system", link: "" }),
    );
  });
  return { ...server, requests };
}

describe("Meilisearch engine when the server is down or failing", () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });

  it("retries with backoff through transient errors", async () => {
    const server = await scriptedServer([503, 503, 200]);
    closers.push(server.close);
    const engine = new MeiliSearchEngine(() => ({ host: server.host }), { baseDelayMs: 5 });
    expect(await engine.count("things")).toBe(7);
    expect(server.requests).toEqual(Array(3).fill(`GET /indexes/${engine.uid("things")}/stats`));
    expect(engine.lastError).toBeNull();
  });

  it("gives up with SearchUnavailableError when nothing listens", async () => {
    const port = await freePort();
    const engine = new MeiliSearchEngine(() => ({ host: `http://127.0.0.1:${port}` }), { attempts: 3, baseDelayMs: 5 });
    await expect(engine.search("things", { q: "新能" })).rejects.toBeInstanceOf(SearchUnavailableError);
    expect(engine.lastError).toMatch(/create index/);
    expect(await engine.health()).toBe(false);
  });

  it("does not retry requests the server rejected", async () => {
    const server = await scriptedServer([400]);
    closers.push(server.close);
    const engine = new MeiliSearchEngine(() => ({ host: server.host }), { baseDelayMs: 5 });
    await expect(engine.count("things")).rejects.toBeInstanceOf(MeilisearchApiError);
    expect(server.requests).toHaveLength(1);
  });
});
