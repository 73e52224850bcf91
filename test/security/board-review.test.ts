// ASVS V8 (authorisation): a reviewer acts only on applications the exchange may see and that are at the check.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { boardApplicationAssessments } from "@db/schema";
import { startApplication, submitApplication } from "~/modules/board/applications.server";
import { fillApplication, world } from "@test/support/board-world";
import { previewTier, recordAssessment } from "~/modules/board/tier-decisions.server";

const assess = { mainBusinessClear: true, goingConcern: true, listingPotential: true };

describe("a reviewer's assessment", () => {
  it("cannot be recorded on a draft application, which the exchange cannot see (404) — and nothing is stored", () => {
    const w = world();
    const app = startApplication(w.ctx, w.ent, { roundId: w.roundId });
    fillApplication(w, w.ent, app.id);
    expect(() => recordAssessment(w.ctx, w.reviewer, { applicationId: app.id, ...assess })).toThrow(expect.objectContaining({ status: 404 }));
    expect(() => previewTier(w.ctx, w.reviewer, app.id)).toThrow(expect.objectContaining({ status: 404 }));
    expect(w.ctx.db.select().from(boardApplicationAssessments).where(eq(boardApplicationAssessments.applicationId, app.id)).all()).toEqual([]);
  });

  it("cannot be recorded before the bureau forwards the application", () => {
    const w = world();
    const app = startApplication(w.ctx, w.ent, { roundId: w.roundId });
    fillApplication(w, w.ent, app.id);
    expect(submitApplication(w.ctx, w.ent, app.id)).toBe("submitted");
    expect(() => recordAssessment(w.ctx, w.reviewer, { applicationId: app.id, ...assess })).toThrow("board:errors.applicationNotCheckable");
    expect(w.ctx.db.select().from(boardApplicationAssessments).where(eq(boardApplicationAssessments.applicationId, app.id)).all()).toEqual([]);
  });
});
