import { z } from "zod";
import { AUDIENCES, DISCLOSURE_FREQUENCIES, PROFILE_SECTIONS } from "@db/schema";

// Text is stored as typed and rendered escaped by React; limits keep pages readable and rows small.
const text = (max: number) => z.string().trim().max(max, { message: "enterprises:errors.tooLong" }).default("");
const count = z.coerce.number({ invalid_type_error: "enterprises:errors.number" }).int().min(0).max(1_000_000).default(0);
const yuan = z.coerce.number({ invalid_type_error: "enterprises:errors.number" }).int().min(-1e13).max(1e13);

export const profileInput = z.object({
  summary: text(300),
  mainBusiness: text(1000),
  products: text(2000),
  srdiTitles: text(500),
  team: text(2000),
  employees: z.coerce.number().int().min(0).max(1_000_000).optional(),
  foundedYear: z.coerce.number().int().min(1900).max(2100).optional(),
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
  fiscalYear: z.coerce.number().int().min(2000).max(2100),
  revenue: yuan,
  netProfit: yuan,
  netAssets: yuan,
  totalAssets: yuan,
  liabilities: yuan,
  rdExpense: yuan,
  operatingCashFlow: yuan,
  audited: z.coerce.boolean().default(false),
});
export type FinancialStatementInput = z.infer<typeof financialStatementInput>;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: "enterprises:errors.date" });

export const accessRequestInput = z.object({
  sections: z.array(z.enum(PROFILE_SECTIONS)).min(1, { message: "enterprises:errors.pickSection" }),
  purpose: z.string().trim().min(4, { message: "enterprises:errors.purpose" }).max(500),
});

export const accessDecisionInput = z.discriminatedUnion("decision", [
  z.object({
    decision: z.literal("grant"),
    sections: z.array(z.enum(PROFILE_SECTIONS)).min(1, { message: "enterprises:errors.pickSection" }),
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
