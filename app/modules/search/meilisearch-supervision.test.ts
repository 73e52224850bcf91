import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { organisations } from "@db/schema";
import { loadConfig, type AppConfig } from "~/utils/config.server";
import { createTestContext, type TestContext } from "@test/support/context";
import type { SearchRuntime } from "@search/index";
import { startAppSearch } from "./runtime.server";
import { enqueueSearchUpdate } from "@search/outbox";

const silent = pino({ level: "silent" });

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("supervised local Meilisearch (one server for this file)", () => {
  let dir: string;
  let config: AppConfig;
  let ctx: TestContext;
  let search: SearchRuntime;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "search-supervised-"));
    config = loadConfig({ NODE_ENV: "test", DATABASE_PATH: path.join(dir, "app.db"), SESSION_SECRET: "s".repeat(40) });
    ctx = createTestContext();
    search = await startAppSearch(config, ctx.db, silent);
  });
  afterAll(async () => {
    await search?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("starts Meilisearch under the data dir, bound to 127.0.0.1, with a generated key", async () => {
    const status = search.status();
    expect(status).toMatchObject({ requested: "auto", engine: "meilisearch", mode: "supervised", healthy: true, fallbackReason: null });
    expect(status.meilisearch!.host).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const key = fs.readFileSync(path.join(dir, "meilisearch", "master-key"), "utf8");
    expect(key).toMatch(/^[0-9a-f]{48}$/);
    expect(fs.statSync(path.join(dir, "meilisearch", "master-key")).mode & 0o077).toBe(0);
    const unauthenticated = await fetch(`${status.meilisearch!.host}/indexes`);
    expect(unauthenticated.status).toBe(401);
  });

  it("indexes outbox changes into Meilisearch", async () => {
    ctx.db.transaction((tx) => {
      tx.insert(organisations).values({ id: "ent-m", kind: "enterprise", name: "新疆天山新能源科技有限公司", prefectureCode: "6501" }).run();
      enqueueSearchUpdate(tx, { index: "enterprises", id: "ent-m", op: "upsert" });
    });
    // Generous: on first start Meilisearch also applies every index's settings (its Chinese tokenizer loads then).
    await expect.poll(async () => (await search.engine.search("enterprises", { q: "新能" })).ids, { timeout: 40_000, interval: 200 }).toEqual(["ent-m"]);
  }, 60_000);

  it("lets a second process of the app attach to the running server instead of starting another", async () => {
    const second = await startAppSearch(config, ctx.db, silent, { startIndexer: false, bootstrap: false });
    try {
      expect(second.status()).toMatchObject({ engine: "meilisearch", mode: "attached" });
      expect((await second.engine.search("enterprises", { q: "天山" })).ids).toEqual(["ent-m"]);
    } finally {
      await second.close();
    }
    expect(search.status().meilisearch!.supervisor!.state).toBe("running");
  });

  it("restarts the server when it dies, keeping its data", async () => {
    const before = search.status().meilisearch!.supervisor!;
    process.kill(before.pid!, "SIGKILL");
    await expect
      .poll(() => search.status().meilisearch!.supervisor!, { timeout: 40_000, interval: 100 })
      .toMatchObject({ state: "running", restarts: 1 });
    const after = search.status().meilisearch!.supervisor!;
    expect(after.pid).not.toBe(before.pid);
    expect((await search.engine.search("enterprises", { q: "新能源" })).ids).toEqual(["ent-m"]);
  }, 60_000);

  it("stops the server with the app", async () => {
    const pid = search.status().meilisearch!.supervisor!.pid!;
    await search.close();
    expect(alive(pid)).toBe(false);
    expect(fs.existsSync(path.join(dir, "meilisearch", "endpoint.json"))).toBe(false);
    expect(search.status().meilisearch!.supervisor!.state).toBe("stopped");
  });
});
