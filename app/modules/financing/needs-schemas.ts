import { z } from "zod";
import { moneyField, rateField } from "~/utils/money-fields";
import { CLOSE_OUTCOMES, COLLATERAL_TYPES, EQUITY_STAGES, INSTRUMENTS, NEED_AUDIENCES, type Instrument } from "@db/schema/constants";

const range = { message: "financing:errors.range" };
const whole = { message: "financing:errors.integer" };
// Typed in 万元 and % (see utils/money-fields.ts); stored as integer 元 and basis points.
const yuan = moneyField(z.coerce.number({ invalid_type_error: "financing:errors.number" }).int(whole).positive({ message: "financing:errors.positive" }).max(1e12, range));
const months = z.coerce.number({ invalid_type_error: "financing:errors.number" }).int(whole).min(1, { message: "financing:errors.positive" }).max(360, range);
const bp = rateField(z.coerce.number({ invalid_type_error: "financing:errors.number" }).int(whole).min(0, range).max(10_000, range));
// Conform submits an empty field as undefined: optional text defaults to "", required text says so in our words
// (zod's own "Required" would reach the page untranslated).
const text = (max: number, min = 0) => {
  const s = z.string({ required_error: "financing:errors.required" }).trim().min(min, { message: "financing:errors.required" }).max(max, { message: "financing:errors.tooLong" });
  return min > 0 ? s : s.default("");
};

/** The fields each instrument has beyond title, amount and audience (issue 5, "Instruments"). */
export const instrumentDetails = {
  equity: z
    .object({
      valuationMin: yuan,
      valuationMax: yuan,
      stakeOfferedBp: bp.refine((v) => v > 0, { message: "financing:errors.positive" }),
      useOfFunds: text(1000, 2),
      stage: z.enum(EQUITY_STAGES),
    })
    .refine((d) => d.valuationMax >= d.valuationMin, { message: "financing:errors.rangeOrder", path: ["valuationMax"] }),
  convertible: z
    .object({ termMonths: months, couponMinBp: bp, couponMaxBp: bp, conversionTerms: text(1000, 2) })
    .refine((d) => d.couponMaxBp >= d.couponMinBp, { message: "financing:errors.rangeOrder", path: ["couponMaxBp"] }),
  loan: z.object({
    termMonths: months,
    purpose: text(500, 2),
    collateral: z.array(z.enum(COLLATERAL_TYPES), { required_error: "financing:errors.collateral" }).min(1, { message: "financing:errors.collateral" }),
  }),
  guarantee: z.object({ forLoan: text(300, 2), lender: text(100), termMonths: months }),
  leasing: z.object({ asset: text(300, 2), termMonths: months }),
} satisfies Record<Instrument, z.ZodTypeAny>;

export type InstrumentDetails = { [I in Instrument]: z.infer<(typeof instrumentDetails)[I]> };

const common = {
  title: text(120, 4),
  summary: text(2000),
  amount: yuan,
  audience: z.enum(NEED_AUDIENCES),
  directedOrgIds: z.array(z.string().min(1).max(40)).max(50).default([]),
  expiresOn: z.string({ required_error: "financing:errors.date" }).regex(/^\d{4}-\d{2}-\d{2}$/, { message: "financing:errors.date" }),
};

/** One form schema per instrument: common fields plus that instrument's details. */
export function needFormSchema<I extends Instrument>(instrument: I) {
  return z.object({ ...common, details: instrumentDetails[instrument] });
}
export type NeedInput<I extends Instrument = Instrument> = { instrument: I; title: string; summary: string; amount: number; audience: (typeof NEED_AUDIENCES)[number]; directedOrgIds: string[]; expiresOn: string; details: InstrumentDetails[I] };

export const isInstrument = (v: unknown): v is Instrument => typeof v === "string" && (INSTRUMENTS as readonly string[]).includes(v);

export const closeNeedInput = z.object({ outcome: z.enum(CLOSE_OUTCOMES), note: z.string().trim().max(1000).optional() });
export const matchNeedInput = z.object({
  matchedOrgId: z.string().min(1).optional(),
  matchedAmount: yuan.optional(),
  note: z.string().trim().max(1000).optional(),
});
export const interestInput = z.object({ note: z.string().trim().max(1000).default("") });
