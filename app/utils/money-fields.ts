import { z } from "zod";
import { parseMoney, parseRate, type MoneyUnit } from "./money";

/**
 * Form fields for money and rates. `base` is the storage schema (integer 元 or basis points, with its
 * limits and messages); the field reads what a person typed ("3,000", "1.2亿", "3.65%") into that
 * unit first. Numbers pass through untouched, so services and tests keep calling with 元 and bp.
 */
export function moneyField<T extends z.ZodTypeAny>(base: T, unit: MoneyUnit = "wan") {
  return z.preprocess((raw, ctx) => {
    if (typeof raw !== "string") return raw;
    const parsed = parseMoney(raw, unit);
    if (parsed.ok) return parsed.yuan;
    if (parsed.reason === "empty") return undefined;
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: `common:money.${parsed.reason}` });
    return z.NEVER;
  }, base);
}

export function rateField<T extends z.ZodTypeAny>(base: T) {
  return z.preprocess((raw, ctx) => {
    if (typeof raw !== "string") return raw;
    const parsed = parseRate(raw);
    if (parsed.ok) return parsed.bp;
    if (parsed.reason === "empty") return undefined;
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: `common:rate.${parsed.reason}` });
    return z.NEVER;
  }, base);
}
