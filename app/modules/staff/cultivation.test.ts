import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { auditLog } from "@db/schema";
import { attachStageEvidence, cultivationFunnel, cultivationOf, recordCultivationStage } from "./cultivation.server";
import { openServiceFile } from "./service-requests.server";
import { metricsForPeriod } from "./reports.server";
import { at, staffWorld, type StaffWorld } from "@test/support/staff-world";

let w: StaffWorld;
beforeEach(() => {
  w = staffWorld();
  w.ctx.config = { ...w.ctx.config, dataDir: fs.mkdtempSync(path.join(os.tmpdir(), "cult-")) };
  w.ctx.clock.ms = at("2026-04-10");
});

describe("listing cultivation", () => {
  it("records stages with dates in order, corrects a date, and refuses a stage out of order or in the future", () => {
    recordCultivationStage(w.ctx, w.specialist, { enterpriseOrgId: w.ent.orgId, stage: "shareholding_reform", reachedOn: "2026-01-20", note: "股东大会通过股改方案" });
    recordCultivationStage(w.ctx, w.specialist, { enterpriseOrgId: w.ent.orgId, stage: "tutoring_filing", reachedOn: "2026-03-10" });
    expect(() => recordCultivationStage(w.ctx, w.specialist, { enterpriseOrgId: w.ent.orgId, stage: "filing", reachedOn: "2026-03-01" })).toThrow(expect.objectContaining({ message: "staff:errors.stageOrder" }));
    expect(() => recordCultivationStage(w.ctx, w.specialist, { enterpriseOrgId: w.ent.orgId, stage: "filing", reachedOn: "2026-04-11" })).toThrow(expect.objectContaining({ message: "staff:errors.stageInFuture" }));
    recordCultivationStage(w.ctx, w.specialist, { enterpriseOrgId: w.ent.orgId, stage: "shareholding_reform", reachedOn: "2026-01-15" });
    expect(cultivationOf(w.ctx, w.specialist, w.ent.orgId).map((s) => [s.stage, s.reachedOn])).toEqual([
      ["shareholding_reform", "2026-01-15"],
      ["tutoring_filing", "2026-03-10"],
    ]);
    expect(w.ctx.db.select().from(auditLog).all().filter((e) => e.action === "staff.cultivation.recorded")).toHaveLength(3);
    expect(() => recordCultivationStage(w.ctx, w.ent, { enterpriseOrgId: w.ent.orgId, stage: "listed", reachedOn: "2026-04-01" })).toThrow(expect.objectContaining({ status: 403 }));
  });

  it("keeps evidence files checked by content, readable by exchange staff only", () => {
    const { id } = recordCultivationStage(w.ctx, w.specialist, { enterpriseOrgId: w.ent.orgId, stage: "shareholding_reform", reachedOn: "2026-01-20" });
    expect(() => attachStageEvidence(w.ctx, w.specialist, id, { fileName: "x.pdf", bytes: new TextEncoder().encode("not a pdf") })).toThrow(expect.objectContaining({ message: "messaging:errors.fileType" }));
    const f = attachStageEvidence(w.ctx, w.specialist, id, { fileName: "股改批复.pdf", bytes: new TextEncoder().encode("%PDF-1.4\n%test\n") });
    expect(cultivationOf(w.ctx, w.admin, w.ent.orgId)[0]!.files.map((x) => x.fileName)).toEqual(["股改批复.pdf"]);
    expect(openServiceFile(w.ctx, w.otherSpecialist, f.id).fileName).toBe("股改批复.pdf");
    expect(() => openServiceFile(w.ctx, w.ent, f.id)).toThrow(expect.objectContaining({ status: 404 }));
  });

  it("the funnel counts how far each board enterprise got by a date, and the quarterly pack reports it", () => {
    recordCultivationStage(w.ctx, w.specialist, { enterpriseOrgId: w.ent.orgId, stage: "shareholding_reform", reachedOn: "2026-01-20" });
    recordCultivationStage(w.ctx, w.specialist, { enterpriseOrgId: w.ent2.orgId, stage: "shareholding_reform", reachedOn: "2025-11-01" });
    recordCultivationStage(w.ctx, w.specialist, { enterpriseOrgId: w.ent2.orgId, stage: "tutoring_filing", reachedOn: "2026-02-01" });
    recordCultivationStage(w.ctx, w.specialist, { enterpriseOrgId: w.ent2.orgId, stage: "filing", reachedOn: "2026-04-02" });
    expect(cultivationFunnel(w.ctx, "2026-03-31")).toEqual([
      { stage: "shareholding_reform", count: 2 },
      { stage: "tutoring_filing", count: 1 },
      { stage: "filing", count: 0 },
      { stage: "listed", count: 0 },
    ]);
    expect(cultivationFunnel(w.ctx, "2026-04-10")[2]).toEqual({ stage: "filing", count: 1 });
    expect(metricsForPeriod(w.ctx, "quarter", "2026-Q1").listing).toEqual({ cultivationTier: 1, shareholdingReform: 2, tutoringFiling: 1, filing: 0, listed: 0 });
  });
});
