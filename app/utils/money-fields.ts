import { z } from "zod";
import { parseMoney, parseRate, type MoneyUnit } from "./money";

/**
 * Form fields for money and rates. `base` is the storage schema (integer 元 or basis points, with its
 * limits and messages); the field reads what a person typed ("3,000", "1.2亿", "3.65%") into that
 * unit first. Numbers pass through untouched, so services and tests keep calling with 元 and bp.
 */
export function moneyField<T extends z.ZodTypeAny>(base: T, unit: MoneyUnit = "wan", options: { signed?: boolean } = {}) {
  // transform + pipe rather than preprocess: a refused text stops here (one message), it never reaches `base`.
  return z
    .unknown()
    .transform((raw, ctx) => {
      if (typeof raw !== "string") return raw;
      const parsed = parseMoney(raw, unit, options);
      if (parsed.ok) return parsed.yuan;
      if (parsed.reason === "empty") return undefined;
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `common:money.${parsed.reason}` });
      return z.NEVER;
    })
    .pipe(base);
}

export function rateField<T extends z.ZodTypeAny>(base: T, options: { signed?: boolean } = {}) {
  return z
    .unknown()
    .transform((raw, ctx) => {
      if (typeof raw !== "string") return raw;
      const parsed = parseRate(raw, options);
      if (parsed.ok) return parsed.bp;
      if (parsed.reason === "empty") return undefined;
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `common:rate.${parsed.reason}` });
      return z.NEVER;
    })
    .pipe(base);
}

/**
 * A field whose numbers are already in the form's unit (万元, %): the board application keeps `revenueWan`,
 * `weightedRoePct` … so seeds and tests write 1500 for 1,500万元. Text is read as typed; a number is read as
 * its decimal text in that unit, exactly. Both come out as integer 元 / basis points.
 */
export function wanField<T extends z.ZodTypeAny>(base: T, options: { signed?: boolean } = {}) {
  return z
    .unknown()
    .transform((raw) => (typeof raw === "number" && Number.isFinite(raw) ? String(raw) : raw))
    .pipe(moneyField(base, "wan", options));
}

export function percentField<T extends z.ZodTypeAny>(base: T, options: { signed?: boolean } = {}) {
  return z
    .unknown()
    .transform((raw) => (typeof raw === "number" && Number.isFinite(raw) ? String(raw) : raw))
    .pipe(rateField(base, options));
}
