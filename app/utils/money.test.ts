import { describe, expect, it } from "vitest";
import { z } from "zod";
import { echoMoney, echoRate, formatWanFigure, parseMoney, parseRate, toPercentText, toUnitText } from "./money";
import { moneyField, rateField } from "./money-fields";

describe("parseMoney", () => {
  it("reads a bare number in the field's unit: 万元 by default, 元 where asked", () => {
    expect(parseMoney("3000")).toEqual({ ok: true, yuan: 30_000_000 });
    expect(parseMoney("3000", "yuan")).toEqual({ ok: true, yuan: 3000 });
  });
  it("takes 万元 with decimals, exactly", () => {
    expect(parseMoney("0.5")).toEqual({ ok: true, yuan: 5000 });
    expect(parseMoney("1234.5678")).toEqual({ ok: true, yuan: 12_345_678 });
    expect(parseMoney("0.0001")).toEqual({ ok: true, yuan: 1 });
    expect(parseMoney("2.30")).toEqual({ ok: true, yuan: 23_000 });
  });
  it("takes 亿 and 万 written in the text, over the field's unit", () => {
    expect(parseMoney("1.2亿")).toEqual({ ok: true, yuan: 120_000_000 });
    expect(parseMoney("1.2亿元", "yuan")).toEqual({ ok: true, yuan: 120_000_000 });
    expect(parseMoney("500万", "yuan")).toEqual({ ok: true, yuan: 5_000_000 });
    expect(parseMoney("800元")).toEqual({ ok: true, yuan: 800 });
  });
  it("takes thousands separators, ASCII and full-width", () => {
    expect(parseMoney("3,000")).toEqual({ ok: true, yuan: 30_000_000 });
    expect(parseMoney("30,000,000元")).toEqual({ ok: true, yuan: 30_000_000 });
    expect(parseMoney("3，000")).toEqual({ ok: true, yuan: 30_000_000 });
  });
  it("takes full-width digits and points from a Chinese IME, and spaces", () => {
    expect(parseMoney("３０００")).toEqual({ ok: true, yuan: 30_000_000 });
    expect(parseMoney("１．２亿")).toEqual({ ok: true, yuan: 120_000_000 });
    expect(parseMoney(" 3 000 ")).toEqual({ ok: true, yuan: 30_000_000 });
  });
  it("refuses what is not an amount", () => {
    expect(parseMoney("")).toEqual({ ok: false, reason: "empty" });
    expect(parseMoney("abc")).toEqual({ ok: false, reason: "invalid" });
    expect(parseMoney("3,00")).toEqual({ ok: false, reason: "invalid" });
    expect(parseMoney("1.2.3")).toEqual({ ok: false, reason: "invalid" });
    expect(parseMoney("亿")).toEqual({ ok: false, reason: "invalid" });
    expect(parseMoney("-5")).toEqual({ ok: false, reason: "negative" });
    expect(parseMoney("-5", "wan", { signed: true })).toEqual({ ok: true, yuan: -50_000 });
    expect(parseMoney("−1.2亿", "wan", { signed: true })).toEqual({ ok: true, yuan: -120_000_000 });
    expect(parseMoney("0.00001")).toEqual({ ok: false, reason: "tooPrecise" });
    expect(parseMoney("10.5", "yuan")).toEqual({ ok: false, reason: "tooPrecise" });
    expect(parseMoney("99999999999999999")).toEqual({ ok: false, reason: "tooLarge" });
  });
});

describe("parseRate", () => {
  it("reads percent with up to two decimals into basis points", () => {
    expect(parseRate("3.65")).toEqual({ ok: true, bp: 365 });
    expect(parseRate("3.65%")).toEqual({ ok: true, bp: 365 });
    expect(parseRate("４")).toEqual({ ok: true, bp: 400 });
    expect(parseRate("３．６５％")).toEqual({ ok: true, bp: 365 });
    expect(parseRate("0.5")).toEqual({ ok: true, bp: 50 });
    expect(parseRate("3.650")).toEqual({ ok: true, bp: 365 });
  });
  it("refuses a third decimal, signs and text", () => {
    expect(parseRate("3.655")).toEqual({ ok: false, reason: "tooPrecise" });
    expect(parseRate("-1")).toEqual({ ok: false, reason: "negative" });
    expect(parseRate("-3.25%", { signed: true })).toEqual({ ok: true, bp: -325 });
    expect(parseRate("-3.255", { signed: true })).toEqual({ ok: false, reason: "tooPrecise" });
    expect(parseRate("3,65")).toEqual({ ok: false, reason: "invalid" });
    expect(parseRate("abc%")).toEqual({ ok: false, reason: "invalid" });
    expect(parseRate("")).toEqual({ ok: false, reason: "empty" });
  });
});

describe("form values and echoes", () => {
  it("shows stored values back in the form's units", () => {
    expect(toUnitText(30_000_000)).toBe("3000");
    expect(toUnitText(12_345_678)).toBe("1234.5678");
    expect(toUnitText(5000)).toBe("0.5");
    expect(toUnitText(800, "yuan")).toBe("800");
    expect(toPercentText(365)).toBe("3.65");
    expect(toPercentText(400)).toBe("4");
    expect(toPercentText(5)).toBe("0.05");
    for (const y of [1, 5000, 30_000_000, 120_000_000, 12_345_678]) expect(parseMoney(toUnitText(y))).toEqual({ ok: true, yuan: y });
  });
  it("echoes the amount in 万元/亿元 beside the field", () => {
    expect(echoMoney("3000", "wan", "zh-CN")).toBe("= 3,000万元");
    expect(echoMoney("1.2亿", "wan", "zh-CN")).toBe("= 1.2亿元");
    expect(echoMoney("800", "yuan", "zh-CN")).toBe("= 800元");
    expect(echoMoney("3000", "wan", "en")).toBe("= CNY 30,000,000 (3,000万元)");
    expect(echoMoney("x", "wan", "zh-CN")).toBeNull();
    expect(echoRate("3.65", "zh-CN")).toBe("= 3.65%（365 基点）");
  });
});

describe("moneyField / rateField", () => {
  const schema = z.object({ amount: moneyField(z.number().int().positive()), rateBp: rateField(z.number().int().max(3600)), fee: moneyField(z.number().int().default(0), "yuan") });
  it("turns typed text into storage units and passes numbers through", () => {
    expect(schema.parse({ amount: "3,000", rateBp: "3.65%", fee: "" })).toEqual({ amount: 30_000_000, rateBp: 365, fee: 0 });
    expect(schema.parse({ amount: 30_000_000, rateBp: 365, fee: 2000 })).toEqual({ amount: 30_000_000, rateBp: 365, fee: 2000 });
  });
  it("says why text was refused, as catalogue keys", () => {
    const r = schema.safeParse({ amount: "1.2.3", rateBp: "3.655" });
    expect(r.success).toBe(false);
    const messages = r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}:${i.message}`);
    // One message per field: a refused text never reaches the storage schema's own checks.
    expect(messages).toEqual(["amount:common:money.invalid", "rateBp:common:rate.tooPrecise"]);
  });
  it("still applies the storage limits after reading the unit", () => {
    expect(schema.safeParse({ amount: "3000", rateBp: "36.01" }).success).toBe(false);
  });
});

describe("formatWanFigure", () => {
  it("shows every amount of a grid in 万元, whatever its size, so a column reads in one unit", () => {
    expect(formatWanFigure(114_123_456, "zh-CN")).toBe("11,412.35");
    expect(formatWanFigure(5_000, "zh-CN")).toBe("0.5");
    expect(formatWanFigure(-4_150_000, "en")).toBe("-415");
    expect(formatWanFigure(2_000_000_000, "en")).toBe("200,000");
    expect(formatWanFigure(Number.NaN, "zh-CN")).toBe("—");
  });
});
