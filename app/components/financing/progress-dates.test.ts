import { describe, expect, it } from "vitest";
import { formatCalendarDate, formatDate } from "~/utils/dates";
import { stepDate } from "./progress-dates";

describe("dates on the need's progress: one format per language", () => {
  // 2026-12-05 09:30 in Shanghai (01:30 UTC), and the lender's date for that same day.
  const at = Date.UTC(2026, 11, 5, 1, 30);

  it("shows our own timestamps and the lender's dates alike, in each language", () => {
    for (const locale of ["zh-CN", "en"]) {
      const ours = stepDate({ at, on: null }, locale);
      const lenders = stepDate({ at: null, on: "2026-12-05" }, locale);
      expect(lenders).toBe(ours);
      expect(lenders).toBe(formatDate(at, locale));
      expect(lenders).not.toBe("2026-12-05");
    }
    expect(stepDate({ at: null, on: "2026-12-05" }, "zh-CN")).toBe("2026/12/05");
    expect(stepDate({ at: null, on: "2026-12-05" }, "en")).toBe("12/05/2026");
    expect(stepDate({ at: null, on: null }, "en")).toBeNull();
  });

  it("keeps the Shanghai day whatever the instant's UTC day (a step at 00:30 in Shanghai is still that day)", () => {
    const early = Date.UTC(2026, 11, 4, 16, 30); // 2026-12-05 00:30 in Shanghai
    expect(stepDate({ at: early, on: null }, "zh-CN")).toBe(formatCalendarDate("2026-12-05", "zh-CN"));
  });

  it("leaves text that is not a date as it is", () => {
    expect(formatCalendarDate("soon", "en")).toBe("soon");
  });
});
