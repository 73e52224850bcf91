import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { migrateDatabase, openDatabase } from "@db/client";
import { describe, expect, it, vi } from "vitest";
import { roadshowVenues } from "@db/schema";
import { createTestContext } from "@test/support/context";
import { createLiveBatcher } from "./live-batch.server";

const venue = (id: string) => ({ id, name: id, kind: "hall" as const, capacity: 10 });

describe("the live room's group commit", () => {
  it("commits the requests of one turn in one transaction, each answered with its own value", async () => {
    const ctx = createTestContext();
    const batch = createLiveBatcher(ctx);
    const transaction = vi.spyOn(ctx.db.$client, "transaction");
    const outer: boolean[] = [];
    const results = await Promise.all(
      ["a", "b", "c"].map((id) =>
        batch.run((c) => {
          outer.push(ctx.db.$client.inTransaction);
          c.db.insert(roadshowVenues).values(venue(id)).run();
          return id.toUpperCase();
        }),
      ),
    );
    expect(results).toEqual(["A", "B", "C"]);
    expect(outer).toEqual([true, true, true]);
    // One outer transaction (the batch) and a savepoint per request.
    expect(transaction).toHaveBeenCalledTimes(4);
    expect(ctx.db.select().from(roadshowVenues).all().map((v) => v.id).sort()).toEqual(["a", "b", "c"]);
  });

  it("a request that throws undoes only its own writes and gets its error; the others are stored", async () => {
    const ctx = createTestContext();
    const batch = createLiveBatcher(ctx);
    const ok = batch.run((c) => c.db.insert(roadshowVenues).values(venue("kept")).run());
    const failing = batch.run((c) => {
      c.db.insert(roadshowVenues).values(venue("undone")).run();
      throw new Error("refused");
    });
    const after = batch.run((c) => c.db.select().from(roadshowVenues).where(eq(roadshowVenues.id, "undone")).get() ?? null);
    await expect(failing).rejects.toThrow("refused");
    await ok;
    expect(await after).toBeNull();
    expect(ctx.db.select().from(roadshowVenues).all().map((v) => v.id)).toEqual(["kept"]);
  });

  it("sends a request's broadcasts only after the commit, in order, and never those of a failed request", async () => {
    const ctx = createTestContext();
    const batch = createLiveBatcher(ctx);
    const seenAtCommit: number[] = [];
    const sent = batch.run((c) => {
      c.realtime.toRoom("room", "first", 1);
      c.realtime.toUser("u", "second", 2);
      // Held: nothing has left while the transaction is open.
      seenAtCommit.push(ctx.realtime.events.length);
      return c;
    });
    const failed = batch.run((c) => {
      c.realtime.toRoom("room", "never", 3);
      throw new Error("no");
    });
    await expect(failed).rejects.toThrow("no");
    const jobCtx = await sent;
    expect(seenAtCommit).toEqual([0]);
    expect(ctx.realtime.events.map((e) => e.event)).toEqual(["first", "second"]);
    // A broadcast set up by a committed request for later (a coalescing timer) goes straight out.
    jobCtx.realtime.toRoom("room", "later", 4);
    expect(ctx.realtime.events.map((e) => e.event)).toEqual(["first", "second", "later"]);
  });

  it("a failed commit answers every request of the batch with the error and sends nothing", async () => {
    const ctx = createTestContext();
    const batch = createLiveBatcher(ctx);
    const original = ctx.db.transaction.bind(ctx.db);
    let calls = 0;
    vi.spyOn(ctx.db, "transaction").mockImplementation(((fn: never, config: never) => {
      if (calls++ === 0) {
        original(fn, config);
        throw new Error("disk full");
      }
      return original(fn, config);
    }) as typeof ctx.db.transaction);
    const a = batch.run((c) => (c.realtime.toRoom("room", "x", 1), 1));
    await expect(a).rejects.toThrow("disk full");
    expect(ctx.realtime.events).toEqual([]);
  });

  it("waits for another process's write lock without blocking the event loop, then commits", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "live-batch-"));
    try {
      const file = path.join(dir, "app.db");
      const db = openDatabase(file);
      migrateDatabase(db);
      const other = openDatabase(file);
      const ctx = { ...createTestContext(), db };
      const batch = createLiveBatcher(ctx);
      other.$client.prepare("BEGIN IMMEDIATE").run();
      let stored = false;
      const job = batch.run((c) => c.db.insert(roadshowVenues).values(venue("after-lock")).run()).then(() => (stored = true));
      // Timers still run while the batch waits (a busy wait would hold the event loop for up to busy_timeout).
      let ticks = 0;
      for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(() => r(ticks++), 20));
      expect(ticks).toBe(5);
      expect(stored).toBe(false);
      other.$client.prepare("COMMIT").run();
      await job;
      expect(other.select().from(roadshowVenues).all().map((v) => v.id)).toEqual(["after-lock"]);
      expect(db.$client.pragma("busy_timeout", { simple: true })).toBe(5000);
      other.$client.close();
      db.$client.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
