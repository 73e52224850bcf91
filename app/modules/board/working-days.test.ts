import chineseDays from "chinese-days";
import { beforeEach, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "@test/support/context";
import type { Actor } from "~/modules/identity/actor";
import {
  addCalendarDays,
  addWorkingDays,
  deleteWorkingDayOverride,
  isCalendarYearCovered,
  listWorkingDayOverrides,
  saveWorkingDayOverride,
  workingDaysBetween,
} from "./working-days.server";
import { makeActor } from "@test/support/actors";

let ctx: TestContext;
let admin: Actor;
beforeEach(() => {
  ctx = createTestContext();
  admin = makeActor(ctx, { orgKind: "exchange", roles: ["exchange_admin"] });
});

describe("addWorkingDays", () => {
  it.each([
    // DESIGN.md: 60 working days from 2026-01-05 crosses the Spring Festival (2/15–2/23, make-up Saturdays 2/14 and 2/28).
    ["2026-01-05", 60, "2026-04-03"],
    // Spring Festival 2026: Saturday 2/14 is a make-up working day, then nothing until 2/24.
    ["2026-02-13", 1, "2026-02-14"],
    ["2026-02-14", 1, "2026-02-24"],
    ["2026-02-12", 5, "2026-02-26"],
    // National Day + Mid-Autumn 2026: Sunday 9/20 works, 9/25–26 and 10/1–7 are off, Saturday 10/10 works.
    ["2026-09-19", 1, "2026-09-20"],
    ["2026-09-24", 1, "2026-09-28"],
    ["2026-09-30", 1, "2026-10-08"],
    ["2026-09-30", 3, "2026-10-10"],
    ["2026-09-30", 4, "2026-10-12"],
    // n = 0: the day itself when it is a working day (New Year make-up Sunday 2026-01-04), else the next one.
    ["2026-01-04", 0, "2026-01-04"],
    ["2026-01-01", 0, "2026-01-04"],
  ])("%s + %i working days = %s", (from, n, expected) => {
    expect(addWorkingDays(ctx, from, n)).toBe(expected);
  });

  it("agrees with chinese-days' own findWorkday for 60 days from every week of 2026", () => {
    for (let d = "2026-01-01"; d < "2027-01-01"; d = addCalendarDays(d, 7)) {
      expect(addWorkingDays(ctx, d, 60), d).toBe(chineseDays.findWorkday(60, d));
    }
  });

  it("rejects bad input", () => {
    expect(() => addWorkingDays(ctx, "2026-02-30", 1)).toThrow(expect.objectContaining({ message: "board:errors.badDate" }));
    expect(() => addWorkingDays(ctx, "2026-02-01", -1)).toThrow(expect.objectContaining({ message: "board:errors.badWorkingDayCount" }));
  });
});

describe("workingDaysBetween", () => {
  it("counts working days in (from, to] across the holidays", () => {
    expect(workingDaysBetween(ctx, "2026-02-13", "2026-02-28")).toBe(6); // 2/14, 2/24–2/27, 2/28
    expect(workingDaysBetween(ctx, "2026-09-18", "2026-10-11")).toBe(11);
    expect(workingDaysBetween(ctx, "2026-10-11", "2026-09-18")).toBe(-11);
    expect(workingDaysBetween(ctx, "2026-01-05", "2026-04-03")).toBe(60);
    expect(workingDaysBetween(ctx, "2026-05-06", "2026-05-06")).toBe(0);
  });
});

describe("overrides for years chinese-days does not cover", () => {
  it("knows 2026 but not 2027 until staff enter days", () => {
    expect(isCalendarYearCovered(ctx, 2026)).toBe(true);
    expect(isCalendarYearCovered(ctx, 2027)).toBe(false);
    saveWorkingDayOverride(ctx, admin, { date: "2027-02-08", isWorkday: false, note: "春节" });
    expect(isCalendarYearCovered(ctx, 2027)).toBe(true);
  });

  it("moves a deadline that crosses the 2027 Spring Festival once it is entered", () => {
    // Without 2027 data only weekends are off, as chinese-days itself answers.
    expect(addWorkingDays(ctx, "2026-12-01", 60)).toBe("2027-02-23");
    expect(chineseDays.findWorkday(60, "2026-12-01")).toBe("2027-02-23");
    for (const date of ["2027-02-08", "2027-02-09", "2027-02-10", "2027-02-11", "2027-02-12", "2027-02-15"]) {
      saveWorkingDayOverride(ctx, admin, { date, isWorkday: false, note: "春节" });
    }
    saveWorkingDayOverride(ctx, admin, { date: "2027-02-20", isWorkday: true, note: "春节调休上班" });
    // 6 days off, one Saturday on: five more working days needed after Tuesday 2/23.
    expect(addWorkingDays(ctx, "2026-12-01", 60)).toBe("2027-03-02");
    expect(workingDaysBetween(ctx, "2027-02-05", "2027-02-21")).toBe(5); // 2/16–2/19 and Saturday 2/20
    expect(listWorkingDayOverrides(ctx, 2027)).toHaveLength(7);
  });

  it("an override also corrects a covered year, and removing it restores the official day", () => {
    saveWorkingDayOverride(ctx, admin, { date: "2026-03-02", isWorkday: false, note: "test correction" });
    expect(addWorkingDays(ctx, "2026-02-27", 1)).toBe("2026-02-28");
    expect(addWorkingDays(ctx, "2026-02-28", 1)).toBe("2026-03-03");
    deleteWorkingDayOverride(ctx, admin, "2026-03-02");
    expect(addWorkingDays(ctx, "2026-02-28", 1)).toBe("2026-03-02");
  });

  it("only exchange admins change the calendar", () => {
    const reviewer = makeActor(ctx, { orgKind: "exchange", roles: ["reviewer"] });
    expect(() => saveWorkingDayOverride(ctx, reviewer, { date: "2027-01-01", isWorkday: false })).toThrow(expect.objectContaining({ status: 403 }));
  });
});
