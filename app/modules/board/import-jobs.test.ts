import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { count, eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { boardApplications, boardImportJobs } from "@db/schema";
import { migrateDatabase, openDatabase, type Db } from "@db/client";
import { createTestContext, type TestContext } from "@test/support/context";
import { failInterruptedImportJobs } from "./board-jobs.server";
import { getImportJob, IMPORT_JOB_STALE_MS, IMPORT_JOB_TTL_MS, runImport, startImportValidation } from "./import-jobs.server";
import { makeRound } from "@test/support/board";
import { buildSheet, sampleRow } from "@test/fixtures/xlsx";
import { eventually } from "@test/support/eventually";
import { makeActor } from "@test/support/actors";

// Two app processes on one database file: each has its own connection (and its own memory).
const dbs: Db[] = [];
let dir = "";
function twoProcesses(): [TestContext, TestContext] {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "board-import-jobs-"));
  const file = path.join(dir, "app.db");
  const first = openDatabase(file);
  migrateDatabase(first);
  const second = openDatabase(file);
  dbs.push(first, second);
  const a = createTestContext();
  const b = createTestContext();
  b.clock = a.clock; // one wall clock for both
  return [{ ...a, db: first }, { ...b, db: second }];
}
afterEach(() => {
  for (const db of dbs.splice(0)) db.$client.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe("import jobs in the database", () => {
  it("a second process sees the job's progress and result, and can run the import itself", async () => {
    const [a, b] = twoProcesses();
    const bureau = makeActor(a, { orgKind: "bureau", prefectureCode: "6501" });
    const roundId = makeRound(a, "open");
    const file = await buildSheet({ rows: Array.from({ length: 120 }, (_, i) => sampleRow(500 + i)).concat([sampleRow(900, { contactPhone: "12345" })]) });
    const jobId = startImportValidation(a, bureau, { roundId, fileName: "名单.xlsx", file });

    const seen = await eventually(() => {
      const job = getImportJob(b, bureau, jobId);
      return job.status === "validated" ? job : null;
    });
    expect(seen).toMatchObject({ fileName: "名单.xlsx", totalRows: 121, validCount: 120, errorCount: 1, progress: { phase: "validate", done: 121, total: 121 } });
    expect(seen.errors).toEqual([expect.objectContaining({ row: 122, column: "H", key: "board:import.errors.badPhone" })]);

    expect(runImport(b, bureau, jobId, "valid")).toBe(120);
    expect(getImportJob(a, bureau, jobId)).toMatchObject({ status: "imported", imported: 120 });
    expect(a.db.select({ n: count() }).from(boardApplications).get()!.n).toBe(120);
  });

  it("after a crash mid-validation the job shows as failed on the next look or the scheduler's sweep; old jobs expire", async () => {
    const [a, b] = twoProcesses();
    const bureau = makeActor(a, { orgKind: "bureau", prefectureCode: "6501" });
    const roundId = makeRound(a, "open");
    const now = a.clock.now();
    const row = { createdBy: bureau.userId, bureauOrgId: bureau.orgId, roundId, fileName: "名单.xlsx", heartbeatAt: now, createdAt: now, updatedAt: now, expiresAt: now + IMPORT_JOB_TTL_MS };
    // Process A claimed these and died: one validating, one importing.
    a.db.insert(boardImportJobs).values([{ id: "job-validating", status: "validating", ...row }, { id: "job-importing", status: "importing", validCount: 1, ...row }]).run();

    expect(getImportJob(b, bureau, "job-validating").status).toBe("validating"); // still within its heartbeat
    a.clock.advance(IMPORT_JOB_STALE_MS + 1000);
    expect(failInterruptedImportJobs(b)).toEqual({ failed: 2 });
    expect(getImportJob(b, bureau, "job-validating")).toMatchObject({ status: "failed", error: { key: "board:importPage.interrupted" } });
    expect(() => runImport(b, bureau, "job-importing", "all")).toThrow(/notReady/);
    expect(failInterruptedImportJobs(b)).toEqual({ failed: 0 });

    // Jobs (with the parsed rows they hold) are swept a day after they were made.
    a.clock.advance(IMPORT_JOB_TTL_MS);
    const fresh = startImportValidation(b, bureau, { roundId, fileName: "新名单.xlsx", file: await buildSheet({ rows: [sampleRow(1)] }) });
    expect(() => getImportJob(b, bureau, "job-validating")).toThrow(/notFound/);
    expect(a.db.select().from(boardImportJobs).where(eq(boardImportJobs.fileName, "名单.xlsx")).all()).toHaveLength(0);
    await eventually(() => getImportJob(a, bureau, fresh).status === "validated");
  });
});
