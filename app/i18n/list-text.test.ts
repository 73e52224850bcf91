import { describe, expect, it } from "vitest";
import { translator } from "./i18n.server";
import { listText } from "./list-text";

/** The phrases the search hits and the conversation list put values in, with values of every shape they take. */
const FILLS: Array<[key: string, name: string, values: Array<string | number>]> = [
  ["search:hit.amount", "amount", ["5,900 万元", "1.2 亿元", "¥59,000,000", ""]],
  ["search:hit.updated", "date", ["2026/12/05", "Dec 5, 2026", "2026-12-05"]],
  ["financing:list.until", "date", ["2027-04-04"]],
  ["search:hit.rate", "rate", ["3.45%"]],
  ["search:hit.term", "months", [12, 36, 1]],
  ["messaging:list.about", "subject", ["融资需求", "a financing need", "$&$1 {{count}} $t(common:ok)"]],
  ["search:facets.count", "n", [0, 1, 17, 4000]],
  ["search:no.such.key", "date", ["2026-12-05"]],
];

describe("listText gives the rows of a list what t() gives them", () => {
  for (const lng of ["zh-CN", "en"]) {
    it(`in ${lng}: phrases with a value, labels with and without a fallback, counted phrases`, async () => {
      const t = await translator(lng, "search");
      const text = listText(t);
      for (const [key, name, values] of FILLS) {
        for (const value of values) {
          // Twice: the second answer comes from what the first remembered.
          expect(text.fill(key, name, value)).toBe(t(key, { [name]: value }));
          expect(text.fill(key, name, value)).toBe(t(key, { [name]: value }));
        }
      }
      for (const key of ["financing:instruments.loan", "common:tiers.cultivation", "financing:audiences.members", "search:srdi.little_giant"]) {
        expect(text.label(key)).toBe(t(key));
        expect(text.label(key)).toBe(t(key));
      }
      expect(text.label("financing:collateral.nothing-like-it", "nothing-like-it")).toBe("nothing-like-it");
      expect(text.fill("search:facets.count", "n", 17)).toMatch(/^[（(]17[）)]$/);
      expect(text.label("financing:instruments.loan", "loan")).toBe(t("financing:instruments.loan", "loan"));
      for (const count of [0, 1, 2, 17, 1]) {
        expect(text.counted("messaging:list.unread", count)).toBe(t("messaging:list.unread", { count }));
      }
    });
  }
});
