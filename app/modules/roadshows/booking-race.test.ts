import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { eq } from "drizzle-orm";
import pino from "pino";
import { afterAll, describe, expect, it } from "vitest";
import { migrateDatabase, openDatabase } from "@db/client";
import { roadshowEvents } from "@db/schema";
import { embeddedAppSearch } from "~/modules/search/runtime.server";
import { loadConfig } from "~/utils/config.server";
import { systemClock, type AppContext } from "~/utils/context.server";
import { offlineRealtime } from "~/utils/realtime.server";
import { eventInput, makeRoadshowWorld } from "@test/support/roadshow-world";

const run = promisify(execFile);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "roadshow-race-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

type Result = { title: string; ok: boolean; id?: string; error?: string; values?: Record<string, string> };

describe("double booking under real concurrency", () => {
  it("two processes booking the same hall for the same 20 slots at the same instant: each slot has exactly one winner", async () => {
    const file = path.join(dir, "app.db");
    const db = openDatabase(file);
    migrateDatabase(db);
    const logger = pino({ level: "silent" });
    const ctx: AppContext = { db, clock: systemClock, logger, realtime: offlineRealtime, config: loadConfig({ NODE_ENV: "test", DATABASE_PATH: file, SESSION_SECRET: "test-secret-test-secret-test-secret-00" }), search: embeddedAppSearch(db, logger) };
    const w = await makeRoadshowWorld(ctx);
    const SLOTS = 20;
    // Side A presents enterprise A with moderator 1, side B enterprise B with moderator 2: only the hall is shared.
    const side = (label: string, org: string, moderator: string) =>
      Array.from({ length: SLOTS }, (_, i) => {
        const base = eventInput(ctx, w, { title: `${label}-${i}`, slots: [{ enterpriseOrgId: org }], moderatorUserIds: [moderator] }, 48 + i * 2);
        return base;
      });
    fs.writeFileSync(path.join(dir, "a.json"), JSON.stringify({ actorUserId: w.scheduler.userId, inputs: side("A", w.entA, w.moderator.userId) }));
    fs.writeFileSync(path.join(dir, "b.json"), JSON.stringify({ actorUserId: w.admin.userId, inputs: side("B", w.entB, w.moderator2.userId) }));
    db.$client.close();

    // Both processes load (a few seconds under tsx), then start at the same agreed instant.
    const startAt = String(Date.now() + 12_000);
    const script = path.resolve("test/support/roadshow-booking-race.ts");
    const [a, b] = await Promise.all(
      ["a", "b"].map((s) => run(process.execPath, ["--import", "tsx", script, file, path.join(dir, `${s}.json`), startAt], { cwd: process.cwd(), maxBuffer: 1 << 20 })),
    );
    const results: Result[] = [...(JSON.parse(a!.stdout) as Result[]), ...(JSON.parse(b!.stdout) as Result[])];

    const check = openDatabase(file);
    const stored = check.select().from(roadshowEvents).where(eq(roadshowEvents.state, "scheduled")).all();
    check.$client.close();
    expect(stored).toHaveLength(SLOTS);
    for (let i = 0; i < SLOTS; i++) {
      const pair = results.filter((r) => r.title.endsWith(`-${i}`));
      expect(pair.filter((r) => r.ok)).toHaveLength(1);
      const loser = pair.find((r) => !r.ok)!;
      const winner = pair.find((r) => r.ok)!;
      // The loser is told which event holds the hall, not a database error.
      expect(loser.error).toBe("roadshows:errors.clash.venue");
      expect(loser.values?.event).toBe(winner.title);
    }
    // No two stored events overlap in the hall.
    const sorted = stored.sort((x, y) => x.startsAt - y.startsAt);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i]!.startsAt).toBeGreaterThanOrEqual(sorted[i - 1]!.endsAt);
  }, 120_000);
});
