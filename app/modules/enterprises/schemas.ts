import { z } from "zod";
import { moneyField } from "~/utils/money-fields";
import { AUDIENCES, DISCLOSURE_FREQUENCIES, PROFILE_SECTIONS } from "@db/schema/constants";

// Text is stored as typed and rendered escaped by React; limits keep pages readable and rows small.
const text = (max: number) => z.string().trim().max(max, { message: "enterprises:errors.tooLong" }).default("");
// Every bound carries a catalogue key: zod's own English messages would reach the page untranslated.
const range = { message: "enterprises:errors.range" };
const whole = { message: "enterprises:errors.integer" };
const number = () => z.coerce.number({ invalid_type_error: "enterprises:errors.number" });
const count = number().int(whole).min(0, range).max(1_000_000, range).default(0);
// Statements are typed in 万元 (a loss with a minus sign); stored as integer 元.
const yuan = moneyField(number().int(whole).min(-1e13, range).max(1e13, range), "wan", { signed: true });
const unsignedYuan = moneyField(number().int(whole).min(0, range).max(1e13, range), "wan");

export const profileInput = z.object({
  summary: text(300),
  mainBusiness: text(1000),
  products: text(2000),
  srdiTitles: text(500),
  team: text(2000),
  employees: number().int(whole).min(0, range).max(1_000_000, range).optional(),
  foundedYear: number().int(whole).min(1900, range).max(2100, range).optional(),
  patents: count,
  softwareCopyrights: count,
  certifications: text(1000),
  address: text(300),
  website: z
    .string()
    .trim()
    .max(200)
    .url({ message: "enterprises:errors.url" })
    .refine((u) => /^https?:\/\//i.test(u), { message: "enterprises:errors.url" })
    .optional(),
});
export type ProfileInput = z.infer<typeof profileInput>;

export const sectionAudienceInput = z.object({
  section: z.enum(PROFILE_SECTIONS),
  audience: z.enum(AUDIENCES),
  directedOrgIds: z.array(z.string().min(1).max(40)).max(50).default([]),
});
export type SectionAudienceInput = z.infer<typeof sectionAudienceInput>;

export const financialStatementInput = z.object({
  fiscalYear: number().int(whole).min(2000, range).max(2100, range),
  revenue: yuan,
  netProfit: yuan,
  netAssets: yuan,
  totalAssets: yuan,
  liabilities: yuan,
  rdExpense: yuan,
  operatingCashFlow: yuan,
  shareCapital: unsignedYuan.optional(),
  audited: z.coerce.boolean().default(false),
});
export type FinancialStatementInput = z.infer<typeof financialStatementInput>;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: "enterprises:errors.date" });

export const accessRequestInput = z.object({
  sections: z.array(z.enum(PROFILE_SECTIONS), { required_error: "enterprises:errors.pickSection" }).min(1, { message: "enterprises:errors.pickSection" }),
  purpose: z.string().trim().min(4, { message: "enterprises:errors.purpose" }).max(500),
});

export const accessDecisionInput = z.discriminatedUnion("decision", [
  z.object({
    decision: z.literal("grant"),
    sections: z.array(z.enum(PROFILE_SECTIONS), { required_error: "enterprises:errors.pickSection" }).min(1, { message: "enterprises:errors.pickSection" }),
    expiresOn: isoDate,
    note: z.string().trim().max(500).optional(),
  }),
  z.object({ decision: z.literal("refuse"), note: z.string().trim().max(500).optional() }),
]);
export type AccessDecisionInput = z.infer<typeof accessDecisionInput>;

export const disclosureSubmissionInput = z.object({
  periodId: z.string().min(1),
  report: z.string().trim().min(10, { message: "enterprises:errors.reportShort" }).max(10_000),
  revenue: yuan.optional(),
  netProfit: yuan.optional(),
});

export const obligationInput = z.object({
  recipientOrgId: z.string().min(1),
  frequency: z.enum(DISCLOSURE_FREQUENCIES),
  startsOn: isoDate,
});
