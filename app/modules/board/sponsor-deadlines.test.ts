import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { boardApplications, SPONSOR_RELATIONS } from "@db/schema";
import { addApplicationFile, startApplication, submitApplication } from "./applications.server";
import { forwardApplications, listBureauQueue } from "./bureau-queue.server";
import { openRound } from "./rounds.server";
import { fillApplication, pdf, world, type World } from "@test/support/board-world";
import { makeUscc } from "@test/support/uscc";

describe("sponsor channel (Attachment 1 §(三))", () => {
  let w: World;
  beforeEach(() => {
    w = world();
  });

  it("a sponsor that states no relation to the enterprise is refused", () => {
    expect(() => startApplication(w.ctx, w.sponsor, { roundId: w.roundId, enterpriseUscc: makeUscc(1) })).toThrow(/sponsorRelationRequired/);
  });

  it.each(SPONSOR_RELATIONS)("a sponsor that %s the enterprise may apply, and the relation is recorded", (relation) => {
    const app = startApplication(w.ctx, w.sponsor, { roundId: w.roundId, enterpriseUscc: makeUscc(1), sponsorRelation: relation });
    expect(w.ctx.db.select({ r: boardApplications.sponsorRelation }).from(boardApplications).where(eq(boardApplications.id, app.id)).get()!.r).toBe(relation);
  });

  it.each([
    ["no material", [], /incomplete/],
    ["a due-diligence report", ["due_diligence"], null],
    ["an audit report already issued", ["audit_report"], null],
  ] as const)("submitting with %s", (_name, kinds, error) => {
    const app = startApplication(w.ctx, w.sponsor, { roundId: w.roundId, enterpriseUscc: makeUscc(1), sponsorRelation: "advised" });
    fillApplication(w, w.sponsor, app.id);
    for (const kind of kinds) addApplicationFile(w.ctx, w.sponsor, app.id, { kind, fileName: `${kind}.pdf`, bytes: pdf });
    if (error) expect(() => submitApplication(w.ctx, w.sponsor, app.id)).toThrow(error);
    else expect(submitApplication(w.ctx, w.sponsor, app.id)).toBe("draft"); // waits for the enterprise's confirmation
  });

  it("a bureau's own entry needs no relation", () => {
    expect(startApplication(w.ctx, w.bureau, { roundId: w.roundId, enterpriseUscc: makeUscc(1) }).sponsorRelation).toBeNull();
  });
});

describe("round deadlines: a forward after the bureau's deadline goes to the next round or is refused with the date", () => {
  let w: World;
  let appId: string;
  beforeEach(() => {
    w = world(); // the round's bureau deadline is 2026-03-20
    const app = startApplication(w.ctx, w.ent, { roundId: w.roundId });
    fillApplication(w, w.ent, app.id);
    submitApplication(w.ctx, w.ent, app.id);
    appId = app.id;
  });
  const roundOf = () => w.ctx.db.select({ r: boardApplications.roundId }).from(boardApplications).where(eq(boardApplications.id, appId)).get()!.r;

  it.each([
    ["the deadline day itself (10:00 Shanghai)", Date.UTC(2026, 2, 20, 2), "same"],
    ["the deadline day's last minutes (23:30 Shanghai)", Date.UTC(2026, 2, 20, 15, 30), "same"],
    ["just after midnight Shanghai (the day after)", Date.UTC(2026, 2, 20, 16, 30), "next"],
    ["the day after", Date.UTC(2026, 2, 21, 2), "next"],
  ])("%s", (_name, at, expected) => {
    const next = openRound(w.ctx, w.admin, { name: "2026年第二批", bureauDeadline: "2026-06-30", planDeadline: "2026-07-15" });
    w.ctx.clock.ms = at;
    const outlook = listBureauQueue(w.ctx, w.bureau)[0]!.forwardOutlook;
    expect(outlook).toEqual(expected === "same" ? { kind: "onTime" } : { kind: "nextRound", deadline: "2026-03-20", next: "2026年第二批" });
    forwardApplications(w.ctx, w.bureau, [appId]);
    expect(roundOf()).toBe(expected === "same" ? w.roundId : next.id);
  });

  it("with no open round to move to, the forward is refused with the missed date", () => {
    openRound(w.ctx, w.admin, { name: "已过期批次", bureauDeadline: "2026-03-10", planDeadline: "2026-03-31" }); // its deadline has passed too
    w.ctx.clock.ms = Date.UTC(2026, 2, 21, 2);
    expect(listBureauQueue(w.ctx, w.bureau)[0]!.forwardOutlook).toEqual({ kind: "refused", deadline: "2026-03-20" });
    try {
      forwardApplications(w.ctx, w.bureau, [appId]);
      expect.unreachable();
    } catch (e) {
      expect(e).toMatchObject({ message: "boardRules:errors.pastBureauDeadline", values: { deadline: "2026-03-20" } });
    }
    expect(roundOf()).toBe(w.roundId);
  });

  it("an enterprise that already applied in the next round is refused rather than doubled", () => {
    const next = openRound(w.ctx, w.admin, { name: "2026年第二批", bureauDeadline: "2026-06-30", planDeadline: "2026-07-15" });
    startApplication(w.ctx, w.ent, { roundId: next.id });
    w.ctx.clock.ms = Date.UTC(2026, 2, 21, 2);
    expect(() => forwardApplications(w.ctx, w.bureau, [appId])).toThrow(/pastDeadlineAlreadyInNext/);
  });
});
