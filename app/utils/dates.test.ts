import { describe, expect, it } from "vitest";
import { formatDateTime } from "./dates";

describe("formatDateTime", () => {
  // Node's ICU renders midnight as "24:19" for en with hour12:false while browsers render "00:19"; the page then
  // fails to hydrate. hourCycle h23 is the same everywhere.
  it("shows the first hour after midnight in Shanghai as 00, in both languages", () => {
    const at = Date.UTC(2026, 10, 21, 16, 19); // 2026-11-22 00:19 in Shanghai
    expect(formatDateTime(at, "en")).toContain("00:19");
    expect(formatDateTime(at, "zh-CN")).toContain("00:19");
  });
});
