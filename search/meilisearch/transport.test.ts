import { getEventListeners } from "node:events";
import type { IncomingMessage, ServerResponse } from "node:http";
import { MeilisearchApiError, MeilisearchTaskTimeOutError } from "meilisearch";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { listenLocal, type LocalHttpServer } from "../testing/http";
import { registerThingsIndex } from "../testing/schema";
import { MeiliSearchEngine } from "./engine";
import { keepAliveTransport } from "./transport";

// The engine layer knows no feature: its tests search a generic index.
registerThingsIndex();

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
};

/** Collects the process warnings emitted while `fn` runs (Node emits them on the next tick). */
async function warningsDuring(fn: () => Promise<void>): Promise<Error[]> {
  const warnings: Error[] = [];
  const onWarning = (warning: Error) => warnings.push(warning);
  process.on("warning", onWarning);
  try {
    await fn();
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    process.off("warning", onWarning);
  }
  return warnings;
}

describe("the keep-alive transport and abort signals", () => {
  let server: LocalHttpServer;
  const transport = keepAliveTransport();
  beforeAll(async () => {
    server = await listenLocal((req, res) => {
      if (req.url === "/slow") return; // never answers: only an abort ends it
      json(res, req.url === "/fail" ? 503 : 200, { url: req.url });
    });
  });
  afterAll(async () => {
    transport.destroy();
    await server.close();
  });

  it("removes its abort listener when each request ends, answered or failed", async () => {
    const controller = new AbortController();
    for (let i = 0; i < 50; i++) {
      const path = i % 5 === 4 ? "/fail" : `/ok/${i}`;
      const request = transport.httpClient(`${server.host}${path}`, { signal: controller.signal });
      if (path === "/fail") await expect(request).rejects.toBeInstanceOf(MeilisearchApiError);
      else expect(await request).toEqual({ url: path });
      expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
    }
  });

  it("still aborts a request in flight, and leaves no listener after it", async () => {
    const controller = new AbortController();
    const request = transport.httpClient(`${server.host}/slow`, { signal: controller.signal });
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(1);
    controller.abort(new Error("given up"));
    await expect(request).rejects.toThrow("given up");
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });
});

/**
 * Just enough of Meilisearch's API for the engine to add documents: the index exists, every task
 * is accepted, and the document task stays "processing" for `polls` requests.
 */
async function slowTaskServer(polls: number): Promise<LocalHttpServer & { taskPolls: () => number }> {
  let documentTaskPolls = 0;
  const enqueued = (taskUid: number, type: string) => ({ taskUid, indexUid: "things", status: "enqueued", type, enqueuedAt: new Date().toISOString() });
  const server = await listenLocal((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    req.on("end", () => {
      // The engine names the live index by the documents version (things_v1): the stand-in serves any version.
      const route = `${req.method} ${req.url?.split("?")[0]?.replace(/\/indexes\/things_v\d+/, "/indexes/things")}`;
      if (route === "GET /indexes/things") return json(res, 200, { uid: "things", primaryKey: "id" });
      if (route === "PATCH /indexes/things/settings") return json(res, 202, enqueued(1, "settingsUpdate"));
      if (route === "POST /indexes/things/documents") return json(res, 202, enqueued(2, "documentAdditionOrUpdate"));
      const task = /^GET \/tasks\/(\d+)$/.exec(route);
      if (task) {
        const uid = Number(task[1]);
        const processing = uid === 2 && ++documentTaskPolls <= polls;
        return json(res, 200, { uid, indexUid: "things", status: processing ? "processing" : "succeeded", type: "documentAdditionOrUpdate", error: null });
      }
      json(res, 404, { message: `no route ${route}`, code: "not_found", type: "invalid_request", link: "" });
    });
  });
  return { ...server, taskPolls: () => documentTaskPolls };
}

describe("waiting for a long Meilisearch task", () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });

  it("polls without piling abort listeners on one signal (no MaxListenersExceededWarning)", async () => {
    const server = await slowTaskServer(30);
    const engine = new MeiliSearchEngine(() => ({ host: server.host }));
    closers.push(server.close, () => engine.close());
    const warnings = await warningsDuring(() => engine.upsert("things", [{ id: "doc-1" } as never]));
    // Far more polls than the 10 listeners Node allows on an EventTarget before it warns.
    expect(server.taskPolls()).toBe(31);
    expect(warnings.map((w) => `${w.name}: ${w.message}`)).toEqual([]);
  });

  it("gives up after the task timeout", async () => {
    const server = await slowTaskServer(Number.POSITIVE_INFINITY);
    const engine = new MeiliSearchEngine(() => ({ host: server.host }), { taskTimeoutMs: 200 });
    closers.push(server.close, () => engine.close());
    await expect(engine.upsert("things", [{ id: "doc-1" } as never])).rejects.toBeInstanceOf(MeilisearchTaskTimeOutError);
    expect(server.taskPolls()).toBeGreaterThan(1);
  });
});
