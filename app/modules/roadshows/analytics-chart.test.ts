import { describe, expect, it } from "vitest";
import { perPageChart } from "./analytics-chart.server";

describe("the deck analytics' per-page chart", () => {
  it("draws every page of the deck (unread ones as zero) with reading seconds and viewers, in the reader's language", async () => {
    const chart = await perPageChart([{ page: 2, totalMs: 12_400, viewers: 3 }], 3, "zh-CN");
    expect(chart).not.toBeNull();
    for (const label of ["第1页", "第2页", "第3页", "阅读时长（秒）", "查看人数"]) expect(chart!.svg).toContain(label);
    expect(chart!.svg).toContain(">12<");
    expect(chart!.svgNarrow).toContain('width="360"');
    expect((await perPageChart([{ page: 1, totalMs: 1000, viewers: 1 }], 1, "en"))!.svg).toContain("Viewers");
  });

  it("has nothing to draw before anyone read a page", async () => {
    expect(await perPageChart([], 5, "zh-CN")).toBeNull();
  });
});
