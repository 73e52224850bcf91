import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { organisations, searchOutbox } from "@db/schema";
import { migrateDatabase, openDatabase, type Db } from "@db/client";
import { loadConfig } from "~/utils/config.server";
import { createTestContext, type TestContext } from "@test/support/context";
import type { SearchEngine } from "@search/engine";
import type { AnyDocument, IndexName } from "./documents";
import { startAppSearch } from "./runtime.server";
import { SearchIndexer, type AppliedChange } from "@search/indexer";
import { enqueueSearchUpdate } from "@search/outbox";
import { registerAllDocumentSources } from "./sources.server";
import { EmbeddedSearchEngine } from "@search/sqlite-fts/engine";

const silent = pino({ level: "silent" });

function addEnterprise(ctx: TestContext, id: string, name: string, prefectureCode = "6501"): void {
  ctx.db.transaction((tx) => {
    tx.insert(organisations).values({ id, kind: "enterprise", name, prefectureCode, industrySection: "C" }).run();
    enqueueSearchUpdate(tx, { index: "enterprises", id, op: "upsert" });
    enqueueSearchUpdate(tx, { index: "staff_organisations", id, op: "upsert" });
  });
}

/** An engine whose writes fail while `failing` is set, like a Meilisearch that is down. */
class FlakyEngine implements SearchEngine {
  readonly kind = "embedded" as const;
  failing = false;
  constructor(readonly inner: SearchEngine) {}
  ensureIndex = (i: IndexName) => this.inner.ensureIndex(i);
  upsert = async (i: IndexName, docs: AnyDocument[]) => {
    if (this.failing) throw new Error("engine down");
    return this.inner.upsert(i, docs);
  };
  remove = (i: IndexName, ids: string[]) => this.inner.remove(i, ids);
  search: SearchEngine["search"] = (i, q) => this.inner.search(i, q);
  count = (i: IndexName) => this.inner.count(i);
  rebuild = (i: IndexName, b: AsyncIterable<AnyDocument[]>) => this.inner.rebuild(i, b);
  health = () => this.inner.health();
  close = () => this.inner.close();
}

describe("search outbox and indexer", () => {
  let ctx: TestContext;
  let inner: EmbeddedSearchEngine;
  let engine: FlakyEngine;
  let indexer: SearchIndexer;

  beforeEach(() => {
    registerAllDocumentSources();
    ctx = createTestContext();
    inner = EmbeddedSearchEngine.open(":memory:");
    engine = new FlakyEngine(inner);
    indexer = new SearchIndexer(ctx.db, engine, silent);
  });
  afterEach(async () => {
    await indexer.stop();
    await inner.close();
  });

  const find = async (q: string, index: IndexName = "enterprises") => (await engine.search(index, { q })).ids;

  it("indexes an enterprise written in the same transaction as its outbox row", async () => {
    addEnterprise(ctx, "ent-a", "新疆天山新能源科技有限公司");
    await indexer.drain();
    expect(await find("新能")).toEqual(["ent-a"]);
    expect(await find("乌鲁木齐")).toEqual(["ent-a"]);
    expect(await find("urumqi")).toEqual(["ent-a"]);
    const doc = (await engine.search("enterprises", { q: "天山" })).hits[0]!.doc;
    expect(doc).toMatchObject({ audience: "public", ownerOrgId: "ent-a", prefectureZh: "乌鲁木齐市", prefectureEn: "Urumqi" });
    expect(await find("天山", "staff_organisations")).toEqual(["ent-a"]);
    expect(indexer.status()).toMatchObject({ pending: 0, failing: 0 });
  });

  it("leaves no outbox row when the transaction rolls back", async () => {
    expect(() =>
      ctx.db.transaction((tx) => {
        tx.insert(organisations).values({ id: "ent-b", kind: "enterprise", name: "回滚企业" }).run();
        enqueueSearchUpdate(tx, { index: "enterprises", id: "ent-b", op: "upsert" });
        throw new Error("rollback");
      }),
    ).toThrow("rollback");
    expect(ctx.db.select().from(searchOutbox).all()).toEqual([]);
  });

  it("removes documents whose rows are gone or no longer searchable", async () => {
    addEnterprise(ctx, "ent-c", "克拉玛依油气技术服务有限公司", "6502");
    addEnterprise(ctx, "ent-d", "克拉玛依精密制造有限公司", "6502");
    await indexer.drain();
    expect((await find("克拉玛依")).sort()).toEqual(["ent-c", "ent-d"]);
    ctx.db.transaction((tx) => {
      tx.delete(organisations).where(eq(organisations.id, "ent-c")).run();
      enqueueSearchUpdate(tx, { index: "enterprises", id: "ent-c", op: "delete" });
      // Became an institution: still an organisation, no longer an enterprise document.
      tx.update(organisations).set({ kind: "institution" }).where(eq(organisations.id, "ent-d")).run();
      enqueueSearchUpdate(tx, { index: "enterprises", id: "ent-d", op: "upsert" });
    });
    await indexer.drain();
    expect(await find("克拉玛依")).toEqual([]);
  });

  it("keeps failed rows and retries them with backoff", async () => {
    engine.failing = true;
    addEnterprise(ctx, "ent-e", "喀什纺织有限公司", "6531");
    await indexer.drain();
    const [row] = ctx.db.select().from(searchOutbox).where(eq(searchOutbox.indexName, "enterprises")).all();
    expect(row).toMatchObject({ processedAt: null, attempts: 1, lastError: "engine down" });
    expect(row!.nextAttemptAt).toBeGreaterThan(Date.now());
    expect(indexer.status().failing).toBeGreaterThan(0);
    // Not due yet: a drain does nothing.
    engine.failing = false;
    await indexer.drain();
    expect(await find("喀什")).toEqual([]);
    ctx.db.update(searchOutbox).set({ nextAttemptAt: 0 }).run();
    await indexer.drain();
    expect(await find("喀什")).toEqual(["ent-e"]);
    expect(indexer.status()).toMatchObject({ pending: 0, failing: 0 });
  });

  it("applies rows as soon as they are written when started", async () => {
    indexer.start();
    addEnterprise(ctx, "ent-f", "阿克苏苹果种植合作社", "6529");
    await expect.poll(() => find("苹果"), { timeout: 5000 }).toEqual(["ent-f"]);
  });

  it("rebuilds from the database and replays changes made during the rebuild", async () => {
    addEnterprise(ctx, "ent-g", "伊犁薰衣草精油有限公司", "6540");
    await indexer.drain();
    const rebuild = engine.rebuild;
    engine.rebuild = async (index, batches) => {
      // A write lands while the new copy is being built; it goes to the old copy first.
      if (index === "enterprises") {
        addEnterprise(ctx, "ent-h", "伊犁马业有限公司", "6540");
        await indexer.drain();
      }
      return rebuild(index, batches);
    };
    const progress: [number, number][] = [];
    expect(await indexer.rebuild("enterprises", (done, total) => progress.push([done, total]))).toBe(1);
    expect(progress.at(-1)).toEqual([1, 1]);
    expect(await find("伊犁")).toEqual(["ent-g"]);
    await indexer.drain();
    expect((await find("伊犁")).sort()).toEqual(["ent-g", "ent-h"]);
  });

  it("bootstraps empty indexes from the database", async () => {
    ctx.db.insert(organisations).values({ id: "ent-i", kind: "enterprise", name: "哈密瓜业有限公司", prefectureCode: "6505" }).run();
    expect(await indexer.bootstrap()).toEqual(["enterprises", "staff_organisations"]);
    expect(await find("哈密")).toEqual(["ent-i"]);
    expect(await indexer.bootstrap()).toEqual([]);
  });
});

describe("startAppSearch (createSearch with the app's sources)", () => {
  const dirs: string[] = [];
  const config = (env: Record<string, string>) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "search-create-"));
    dirs.push(dir);
    return loadConfig({ NODE_ENV: "test", DATABASE_PATH: path.join(dir, "app.db"), SESSION_SECRET: "s".repeat(40), ...env });
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("uses the embedded engine when asked, in a file of its own", async () => {
    const ctx = createTestContext();
    const cfg = config({ SEARCH_ENGINE: "embedded" });
    const search = await startAppSearch(cfg, ctx.db, silent);
    expect(search.status()).toMatchObject({ engine: "embedded", mode: "embedded", healthy: true, fallbackReason: null });
    expect(fs.existsSync(path.join(cfg.dataDir, "search", "embedded.db"))).toBe(true);
    await search.close();
  });

  it("falls back to the embedded engine, and says why, when the Meilisearch binary is missing", async () => {
    const ctx = createTestContext();
    addEnterprise(ctx, "ent-j", "吐鲁番葡萄干有限公司", "6504");
    const search = await startAppSearch(config({ SEARCH_ENGINE: "auto", MEILI_BINARY: "/nonexistent/meilisearch" }), ctx.db, silent);
    const status = search.status();
    expect(status).toMatchObject({ requested: "auto", engine: "embedded", mode: "embedded" });
    expect(status.fallbackReason).toMatch(/binary not found/);
    await expect.poll(async () => (await search.engine.search("enterprises", { q: "葡萄" })).ids, { timeout: 5000 }).toEqual(["ent-j"]);
    await search.close();
  });
});

describe("two app processes sharing one database", () => {
  let dir: string;
  const dbs: Db[] = [];
  const engines: EmbeddedSearchEngine[] = [];

  beforeEach(() => {
    registerAllDocumentSources();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "search-lease-"));
  });
  afterEach(async () => {
    for (const engine of engines.splice(0)) await engine.close();
    for (const db of dbs.splice(0)) db.$client.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** One "process": its own connection to the shared file, engine and indexer. */
  function processOf(
    owner: string,
    options: { now?: () => number; leaseMs?: number } = {},
  ): { db: Db; engine: EmbeddedSearchEngine; indexer: SearchIndexer; announced: string[] } {
    const db = openDatabase(path.join(dir, "app.db"));
    dbs.push(db);
    if (dbs.length === 1) migrateDatabase(db);
    const engine = EmbeddedSearchEngine.open(":memory:");
    engines.push(engine);
    const indexer = new SearchIndexer(db, engine, silent, { owner, batchSize: 5, leaseMs: 60_000, ...options });
    const announced: string[] = [];
    indexer.onApplied((change: AppliedChange) => {
      announced.push(...change.upserted.map((d) => `${change.index}:${d.id}`));
    });
    return { db, engine, indexer, announced };
  }

  /**
   * Lease renewals run on timers: the tests that watch them run on vitest's fake timers and clock (Date included, which
   * the indexer measures leases with), so "three leases later" is a step of the fake clock, never a real wait.
   */
  const useTestClock = () => vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"] });
  afterEach(() => {
    vi.useRealTimers();
  });
  const leaseIds = (n: number) => Array.from({ length: n }, (_, i) => `enterprises:ent-lease-${i}`).sort();

  /** Holds the engine's upserts until the test releases them, like a Meilisearch task queued behind a long rebuild. */
  function holdUpserts(engine: SearchEngine): { entered: Promise<void>; release(): void } {
    const upsert = engine.upsert.bind(engine);
    let entered!: () => void;
    let release!: () => void;
    const enteredOnce = new Promise<void>((resolve) => (entered = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    engine.upsert = async (index, docs) => {
      entered();
      await released;
      return upsert(index, docs);
    };
    return { entered: enteredOnce, release };
  }

  /** Gives every row back to `owner` with a known expiry and checks that no renewal timer of a finished drain touches it. */
  async function expectNoRenewalLeft(db: Db, owner: string, leaseMs: number): Promise<void> {
    const expiry = Date.now() + 10 * leaseMs;
    db.update(searchOutbox).set({ leaseOwner: owner, leaseExpiresAt: expiry, processedAt: null }).run();
    // A renewal timer left running would fire within a third of a lease.
    await vi.advanceTimersByTimeAsync(leaseMs);
    expect(new Set(db.select().from(searchOutbox).all().map((r) => r.leaseExpiresAt))).toEqual(new Set([expiry]));
  }

  function write(db: Db, n: number): void {
    db.transaction((tx) => {
      for (let i = 0; i < n; i++) {
        const id = `ent-lease-${i}`;
        tx.insert(organisations).values({ id, kind: "enterprise", name: `阿勒泰冰雪运动用品有限公司${i}`, prefectureCode: "6543" }).run();
        enqueueSearchUpdate(tx, { index: "enterprises", id, op: "upsert" });
      }
    });
  }

  it("applies and announces each outbox row once when both drain at the same time", async () => {
    const a = processOf("app-a");
    const b = processOf("app-b");
    write(a.db, 23);
    await Promise.all([a.indexer.drain(), b.indexer.drain()]);
    const announced = [...a.announced, ...b.announced].sort();
    expect(announced).toEqual(leaseIds(23));
    // Both took part: the rows were shared out, not applied twice.
    expect(a.announced.length).toBeGreaterThan(0);
    expect(b.announced.length).toBeGreaterThan(0);
    const rows = a.db.select().from(searchOutbox).all();
    expect(rows.every((r) => r.processedAt !== null && r.leaseOwner === null)).toBe(true);
  });

  it("takes over rows whose holder stopped before applying them, once its lease has run out", async () => {
    let clock = Date.now();
    const a = processOf("app-a", { now: () => clock });
    const b = processOf("app-b", { now: () => clock });
    write(a.db, 3);
    // app-a claims the rows and dies before applying them.
    a.db.update(searchOutbox).set({ leaseOwner: "app-a", leaseExpiresAt: clock + 60_000 }).run();
    await b.indexer.drain();
    expect(b.announced).toEqual([]);
    expect(b.indexer.status().pending).toBe(3);
    clock += 60_001;
    await b.indexer.drain();
    expect(b.announced.sort()).toEqual(["enterprises:ent-lease-0", "enterprises:ent-lease-1", "enterprises:ent-lease-2"]);
    expect(b.indexer.status().pending).toBe(0);
  });

  it("renews its lease while a slow engine applies the batch: the other process waits, each row is announced once", async () => {
    useTestClock();
    const leaseMs = 300;
    const a = processOf("app-a", { leaseMs });
    const b = processOf("app-b", { leaseMs });
    write(a.db, 3);
    const gate = holdUpserts(a.engine);
    const applying = a.indexer.drain();
    await gate.entered;
    const claimedUntil = Math.max(...a.db.select().from(searchOutbox).all().map((r) => r.leaseExpiresAt!));
    // Three leases' worth of time with app-b trying all along.
    for (let step = 0; step < 18; step++) {
      await b.indexer.drain();
      await vi.advanceTimersByTimeAsync(leaseMs / 6);
    }
    expect(b.announced).toEqual([]);
    const held = a.db.select().from(searchOutbox).all();
    expect(held.map((r) => [r.leaseOwner, r.processedAt])).toEqual(held.map(() => ["app-a", null]));
    expect(Math.min(...held.map((r) => r.leaseExpiresAt!))).toBeGreaterThan(claimedUntil + 2 * leaseMs);
    gate.release();
    await applying;
    await b.indexer.drain();
    expect(a.announced.sort()).toEqual(leaseIds(3));
    expect(b.announced).toEqual([]);
    expect(a.db.select().from(searchOutbox).all().every((r) => r.processedAt !== null && r.leaseOwner === null)).toBe(true);
    await expectNoRenewalLeft(a.db, "app-a", leaseMs);
  });

  it("stops renewing when an apply fails", async () => {
    useTestClock();
    const leaseMs = 60;
    const a = processOf("app-a", { leaseMs });
    write(a.db, 2);
    a.engine.upsert = async () => {
      await new Promise((resolve) => setTimeout(resolve, 2 * leaseMs));
      throw new Error("engine down");
    };
    const draining = a.indexer.drain();
    // Two leases pass inside the failing apply (renewals fire on the way), then the apply fails.
    await vi.advanceTimersByTimeAsync(2 * leaseMs);
    await draining;
    expect(a.db.select().from(searchOutbox).all().map((r) => [r.attempts, r.leaseOwner])).toEqual([
      [1, null],
      [1, null],
    ]);
    await expectNoRenewalLeft(a.db, "app-a", leaseMs);
  });

  it("loses rows it stopped renewing (stalled past the lease) to the other process, and does not announce them", async () => {
    useTestClock();
    const leaseMs = 300;
    const a = processOf("app-a", { leaseMs });
    const b = processOf("app-b", { leaseMs });
    write(a.db, 3);
    const upsert = a.engine.upsert.bind(a.engine);
    a.engine.upsert = async (index, docs) => {
      // The whole process stalls (a long GC pause, a suspended VM): the clock moves on and no timer runs, so no
      // renewal either.
      vi.setSystemTime(Date.now() + leaseMs * 1.5);
      // app-b's claim runs before app-a's event loop gets back to its renewal timer.
      await b.indexer.drain();
      return upsert(index, docs);
    };
    await a.indexer.drain();
    expect(b.announced.sort()).toEqual(leaseIds(3));
    expect(a.announced).toEqual([]);
    expect(a.db.select().from(searchOutbox).all().every((r) => r.processedAt !== null && r.leaseOwner === null)).toBe(true);
  });

  it("does not announce rows taken over while it was applying them, on the injected clock", async () => {
    let clock = Date.now();
    const a = processOf("app-a", { now: () => clock });
    write(a.db, 1);
    // The lease runs out on app-a's clock mid-apply, before its first renewal (a third of 60 s of real time away).
    const b = processOf("app-b", { now: () => clock });
    const upsert = a.engine.upsert.bind(a.engine);
    a.engine.upsert = async (index, docs) => {
      clock += 60_001;
      await b.indexer.drain();
      return upsert(index, docs);
    };
    await a.indexer.drain();
    expect(b.announced).toEqual(["enterprises:ent-lease-0"]);
    expect(a.announced).toEqual([]);
  });
});
