import { beforeEach, describe, expect, it } from "vitest";
import { boardMemberships, type Tier } from "@db/schema";
import { createTestContext, type TestContext } from "@test/support/context";
import type { Actor } from "~/modules/identity/actor";
import { newId } from "~/utils/ids";
import { custodyStatus, getCustodyStatus, listCustodyCountdown, openCustody, recordConfirmedShares } from "./custody.server";
import { loadWorkingCalendar } from "./working-days.server";
import { makeActor } from "@test/support/actors";
import { makeUscc } from "@test/support/uscc";

let ctx: TestContext;
let staff: Actor;

/** 10:00 in Shanghai on a calendar date. */
const at = (date: string): number => Date.parse(`${date}T02:00:00Z`);

function listEnterprise(n: number, tier: Tier, entryDate: string): { actor: Actor; membershipId: string } {
  const actor = makeActor(ctx, { orgKind: "enterprise", prefectureCode: "6501", uscc: makeUscc(n), orgName: `企业${n}` });
  const membershipId = newId();
  ctx.db.insert(boardMemberships).values({ id: membershipId, enterpriseOrgId: actor.orgId, tier, entryDate }).run();
  return { actor, membershipId };
}

beforeEach(() => {
  ctx = createTestContext();
  ctx.clock.ms = at("2026-01-05");
  staff = makeActor(ctx, { orgKind: "exchange", roles: ["service_specialist"] });
});

describe("openCustody", () => {
  it("sets the deadline 60 working days after entry and 75% for standardisation", () => {
    const { membershipId } = listEnterprise(1, "standardisation", "2026-01-05");
    const r = openCustody(ctx, staff, { membershipId, totalShares: 50_000_000 });
    expect(r).toMatchObject({ entryDate: "2026-01-05", deadlineDate: "2026-04-03", requiredRatioBp: 7500, calendarCovered: true });
  });

  it("asks 80% of a cultivation enterprise", () => {
    const { membershipId } = listEnterprise(2, "cultivation", "2026-09-30");
    const r = openCustody(ctx, staff, { membershipId, totalShares: 10_000 });
    expect(r.requiredRatioBp).toBe(8000);
    expect(r.deadlineDate).toBe("2026-12-29"); // = chinese-days findWorkday(60, "2026-09-30")
    expect(r.calendarCovered).toBe(true);
    // A deadline in 2027 (no official calendar yet) is flagged so staff enter the year's days.
    const late = listEnterprise(10, "incubation", "2026-12-01");
    expect(openCustody(ctx, staff, { membershipId: late.membershipId, totalShares: 10 })).toMatchObject({ deadlineDate: "2027-02-23", calendarCovered: false });
  });

  it("is for exchange staff only, and only once", () => {
    const { actor, membershipId } = listEnterprise(3, "incubation", "2026-01-05");
    expect(() => openCustody(ctx, actor, { membershipId, totalShares: 100 })).toThrow(expect.objectContaining({ status: 403 }));
    openCustody(ctx, staff, { membershipId, totalShares: 100 });
    expect(() => openCustody(ctx, staff, { membershipId, totalShares: 100 })).toThrow(expect.objectContaining({ message: "board:errors.custodyExists" }));
  });
});

describe("recordConfirmedShares", () => {
  it("meets the requirement at exactly 75%, not one share below", () => {
    const { actor, membershipId } = listEnterprise(4, "standardisation", "2026-01-05");
    const r = openCustody(ctx, staff, { membershipId, totalShares: 40_000_000 });
    ctx.clock.ms = at("2026-02-02");
    recordConfirmedShares(ctx, actor, { custodyId: r.id, asOf: "2026-02-02", confirmedShares: 29_999_999, totalShares: 40_000_000, unconfirmedAccountNo: "XJ-TG-0001", responsibleParty: "控股股东 张某" });
    expect(getCustodyStatus(ctx, actor, r.id).status).toMatchObject({ met: false, confirmedRatioBp: 7499 });
    ctx.clock.advance(60_000);
    recordConfirmedShares(ctx, actor, { custodyId: r.id, asOf: "2026-02-02", confirmedShares: 30_000_000, totalShares: 40_000_000, unconfirmedAccountNo: "XJ-TG-0001", responsibleParty: "控股股东 张某" });
    expect(getCustodyStatus(ctx, actor, r.id).status).toMatchObject({ met: true, confirmedRatioBp: 7500, level: "met" });
  });

  it("rejects more confirmed than total, future dates, and other enterprises", () => {
    const { actor, membershipId } = listEnterprise(5, "cultivation", "2026-01-05");
    const other = listEnterprise(6, "incubation", "2026-01-05").actor;
    const r = openCustody(ctx, staff, { membershipId, totalShares: 1000 });
    expect(() => recordConfirmedShares(ctx, actor, { custodyId: r.id, asOf: "2026-01-05", confirmedShares: 1001, totalShares: 1000 })).toThrow(
      expect.objectContaining({ message: "board:errors.confirmedExceedsTotal" }),
    );
    expect(() => recordConfirmedShares(ctx, actor, { custodyId: r.id, asOf: "2026-01-06", confirmedShares: 1, totalShares: 1000 })).toThrow(
      expect.objectContaining({ message: "board:errors.dateInFuture" }),
    );
    expect(() => recordConfirmedShares(ctx, other, { custodyId: r.id, asOf: "2026-01-05", confirmedShares: 1, totalShares: 1000 })).toThrow(
      expect.objectContaining({ status: 404 }),
    );
  });
});

describe("custody countdown", () => {
  it("raises reminders at 20, 10 and 5 working days and marks overdue after the deadline", () => {
    const calendar = loadWorkingCalendar(ctx);
    const record = { deadlineDate: "2026-04-03", requiredRatioBp: 7500, totalShares: 1000 };
    const dayWithLeft = (k: number) => calendar.addWorkingDays("2026-01-05", 60 - k);
    const level = (today: string, confirmed = 0) => custodyStatus(record, [{ asOf: today, recordedAt: 0, confirmedShares: confirmed, totalShares: 1000 }], calendar, today);
    expect(level(dayWithLeft(21))).toMatchObject({ level: "none", remainingWorkingDays: 21 });
    expect(level(dayWithLeft(20))).toMatchObject({ level: "d20", remainingWorkingDays: 20 });
    expect(level(dayWithLeft(11)).level).toBe("d20");
    expect(level(dayWithLeft(10)).level).toBe("d10");
    expect(level(dayWithLeft(6)).level).toBe("d10");
    expect(level(dayWithLeft(5)).level).toBe("d5");
    expect(level("2026-04-03")).toMatchObject({ level: "d5", remainingWorkingDays: 0 });
    expect(level("2026-04-04").level).toBe("overdue");
    expect(level("2026-04-07")).toMatchObject({ level: "overdue", remainingWorkingDays: -1 });
    expect(level("2026-04-07", 750).level).toBe("met_late"); // reached two working days after the deadline
    // 20 working days before 2026-04-03 falls on Friday 2026-03-06.
    expect(dayWithLeft(20)).toBe("2026-03-06");
  });

  it("lists overdue first, then by days left, for exchange staff only", () => {
    const a = listEnterprise(7, "standardisation", "2026-01-05");
    const b = listEnterprise(8, "cultivation", "2026-01-19"); // deadline 2026-04-20, after Qingming
    const c = listEnterprise(9, "incubation", "2025-10-09");
    const ra = openCustody(ctx, staff, { membershipId: a.membershipId, totalShares: 1000 });
    openCustody(ctx, staff, { membershipId: b.membershipId, totalShares: 1000 });
    openCustody(ctx, staff, { membershipId: c.membershipId, totalShares: 1000 });
    ctx.clock.ms = at("2026-03-20");
    recordConfirmedShares(ctx, a.actor, { custodyId: ra.id, asOf: "2026-03-20", confirmedShares: 500, totalShares: 1000, unconfirmedAccountNo: "XJ-TG-0001", responsibleParty: "控股股东 张某" });
    const rows = listCustodyCountdown(ctx, staff);
    expect(rows.map((r) => [r.enterpriseName, r.status.level])).toEqual([
      ["企业9", "overdue"],
      ["企业7", "d10"],
      ["企业8", "d20"],
    ]);
    expect(rows[1]!.status).toMatchObject({ confirmedShares: 500, confirmedRatioBp: 5000, remainingWorkingDays: 10, deadlineDate: "2026-04-03" });
    expect(rows[2]!.status).toMatchObject({ remainingWorkingDays: 20, deadlineDate: "2026-04-20", requiredRatioBp: 8000 });
    expect(listCustodyCountdown(ctx, staff, { levels: ["overdue"] })).toHaveLength(1);
    expect(rows.every((r) => r.calendarCovered)).toBe(true);
    expect(() => listCustodyCountdown(ctx, a.actor)).toThrow(expect.objectContaining({ status: 403 }));
  });
});

describe("custody judged against its deadline (Attachment 1 §(六))", () => {
  // Entry 2026-01-05 → the 60th working day is 2026-04-03 (Friday; 2026-04-04..06 is the Qingming break).
  const record = { deadlineDate: "2026-04-03", requiredRatioBp: 7500, totalShares: 1000 };
  const c = (asOf: string, confirmedShares: number, recordedAt = 0) => ({ asOf, confirmedShares, totalShares: 1000, recordedAt });
  it.each([
    ["75% confirmed as of the deadline day itself", [c("2026-04-03", 750)], "2026-04-10", "met", "2026-04-03"],
    ["75% confirmed as of the first working day after it", [c("2026-04-07", 750)], "2026-04-10", "met_late", "2026-04-07"],
    ["as of the day after, looked at before it was reached", [c("2026-04-07", 750)], "2026-04-06", "overdue", null],
    ["below 75% at the deadline, not yet reached", [c("2026-04-03", 749)], "2026-04-10", "overdue", null],
    ["reached before the deadline, looked at before the deadline", [c("2026-03-02", 800)], "2026-03-03", "met", "2026-03-02"],
    // Typed late but dated on time: the as-of date decides, not the typing.
    ["an on-time confirmation typed after a late one", [c("2026-04-08", 700, 1), c("2026-04-01", 760, 2)], "2026-04-10", "met", "2026-04-01"],
    // The position on a date is the latest confirmation as of it, whatever was typed last.
    ["a newer position below the share after an older one above it", [c("2026-03-01", 800, 2), c("2026-03-20", 700, 1)], "2026-04-10", "overdue", null],
  ])("%s → %s", (_name, confirmations, today, level, metOn) => {
    const status = custodyStatus(record, confirmations, loadWorkingCalendar(ctx), today);
    expect(status.level).toBe(level);
    expect(status.metOn).toBe(metOn);
  });

  it("requires the account holding unconfirmed shares and the party responsible while any remain unconfirmed", () => {
    const { actor, membershipId } = listEnterprise(11, "standardisation", "2026-01-05");
    const r = openCustody(ctx, staff, { membershipId, totalShares: 1000 });
    const base = { custodyId: r.id, asOf: "2026-01-05", confirmedShares: 800, totalShares: 1000 };
    expect(() => recordConfirmedShares(ctx, actor, base)).toThrow(expect.objectContaining({ message: "boardRules:errors.custodyAccountRequired" }));
    expect(() => recordConfirmedShares(ctx, actor, { ...base, unconfirmedAccountNo: "XJ-TG-0002" })).toThrow(expect.objectContaining({ message: "boardRules:errors.responsiblePartyRequired" }));
    expect(recordConfirmedShares(ctx, actor, { ...base, unconfirmedAccountNo: "XJ-TG-0002", responsibleParty: "实际控制人" })).toMatchObject({ unconfirmedAccountNo: "XJ-TG-0002", responsibleParty: "实际控制人" });
    // All confirmed: nothing left to hold.
    expect(recordConfirmedShares(ctx, actor, { ...base, confirmedShares: 1000 })).toMatchObject({ unconfirmedAccountNo: null, responsibleParty: null });
  });

  it("the latest confirmation is chosen by its as-of date in the countdown too", () => {
    const { actor, membershipId } = listEnterprise(12, "standardisation", "2026-01-05");
    const r = openCustody(ctx, staff, { membershipId, totalShares: 1000 });
    ctx.clock.ms = at("2026-04-10");
    const acct = { unconfirmedAccountNo: "XJ-TG-0003", responsibleParty: "控股股东" };
    recordConfirmedShares(ctx, actor, { custodyId: r.id, asOf: "2026-04-08", confirmedShares: 600, totalShares: 1000, ...acct });
    ctx.clock.advance(60_000);
    recordConfirmedShares(ctx, actor, { custodyId: r.id, asOf: "2026-04-02", confirmedShares: 760, totalShares: 1000, ...acct }); // typed later, dated earlier
    const row = listCustodyCountdown(ctx, staff).find((x) => x.custodyId === r.id)!;
    // The position now is the 2026-04-08 one (600), though 760 was typed last; and 760 as of 2026-04-02 met it on time.
    expect(row.status).toMatchObject({ confirmedShares: 600, level: "met", metOn: "2026-04-02" });
    expect(getCustodyStatus(ctx, actor, r.id).history.map((h) => h.asOf)).toEqual(["2026-04-08", "2026-04-02"]);
  });
});
