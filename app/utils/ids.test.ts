import { describe, expect, it } from "vitest";
import { newId } from "./ids";

describe("newId", () => {
  it("is 24 lowercase alphanumerics starting with a letter, and does not repeat", () => {
    const ids = Array.from({ length: 20_000 }, newId);
    for (const id of ids.slice(0, 200)) expect(id).toMatch(/^[a-z][a-z0-9]{23}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("uses every character of its alphabet (no bias towards a few)", () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 2_000; i++) for (const c of newId().slice(1)) counts.set(c, (counts.get(c) ?? 0) + 1);
    expect(counts.size).toBe(36);
    const values = [...counts.values()];
    // 46,000 draws over 36 symbols: each about 1,278; a broken sampler would be far off.
    expect(Math.min(...values)).toBeGreaterThan(1_000);
    expect(Math.max(...values)).toBeLessThan(1_600);
  });
});
