import { describe, expect, it } from "vitest";
import { syllables } from "@search/pinyin";
import { countyCodes, countyLabels, divisionCodeOf } from "./divisions";

describe("county-level divisions (ADR 0110, 0116)", () => {
  it("names every division in Chinese, then English, then other spellings people type", () => {
    const codes = countyCodes();
    // 13 districts, 6 autonomous counties, 60 counties, 29 county-level cities (17 + 12 of the XPCC), as of 2023.
    expect(codes.length).toBe(108);
    for (const code of codes) {
      const [zh, en, ...others] = countyLabels(code);
      expect(code, code).toMatch(/^65\d{4}$/);
      expect(zh, code).toMatch(/^\p{Script=Han}+(区|县|市)$/u);
      expect(en, code).toMatch(/^[A-Z][A-Za-z' ]+ (District|County|City)$/);
      for (const other of others) expect(other, code).toMatch(/^[A-Z][a-z]+$/);
    }
  });

  it("lists both spellings where two are common, and the reading pinyin-pro gets wrong", () => {
    expect(countyLabels("653125")).toEqual(expect.arrayContaining(["Yarkant County", "Shache"]));
    expect(countyLabels("653126")).toEqual(expect.arrayContaining(["Kargilik County", "Yecheng"]));
    expect(countyLabels("654002")).toEqual(expect.arrayContaining(["Yining City", "Ghulja"]));
    expect(countyLabels("650421")).toEqual(expect.arrayContaining(["Shanshan County", "Piqan"]));
    // 什 is read shen by the library, so the pinyin words of these names would miss the spelling people type.
    expect(syllables("乌什").join("")).not.toBe("wushi");
    expect(countyLabels("652927")).toContain("Wushi");
    expect(countyLabels("653001")).toContain("Atushi");
    expect(countyLabels("653131")).toContain("Tashkurgan");
  });

  it("includes the newest XPCC city and reads the division from the USCC when none is stored", () => {
    expect(countyLabels("659012")).toEqual(["白杨市", "Baiyang City"]);
    expect(divisionCodeOf({ uscc: "91653125MA77ABCD1X" })).toBe("653125");
    expect(countyLabels("659099")).toEqual([]);
  });
});
