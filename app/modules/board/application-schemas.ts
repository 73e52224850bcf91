/**
 * The 入板申请表 step by step, shared by the form (client validation) and the service. Money is
 * typed in 万元 (how people here think: "1,500.5", "1.2亿", full-width digits) and stored as integer
 * yuan; ROE is typed in % and stored in basis points (ADR 0801). A `…Wan` / `…Pct` field names the unit
 * it is typed in; after parsing it holds 元 / basis points. Blank repeated rows are dropped.
 */
import { z } from "zod";
import { percentField, wanField } from "~/utils/money-fields";
import { CONTACT_ROLES, LISTING_MARKETS, NEEQ_STATUSES, PE_ROUNDS, SME_SIZES, SRDI_STATUSES, APPLICATION_FILE_KINDS } from "@db/schema/constants";

export const APPLICATION_STEPS = ["basics", "recognition", "financials", "files", "review"] as const;
export type ApplicationStep = (typeof APPLICATION_STEPS)[number];

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const PHONE = /^(1\d{10}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$/;
const yuan = (max: number) => z.number().int().nonnegative().max(max);
/** 万元 in, integer 元 out; a loss (net profit, cash flow) may be negative where `signed`. */
const wan = (max: number, signed = false) => wanField((signed ? z.number().int().min(-max).max(max) : yuan(max)).optional(), { signed });
const optText = (max: number) => z.string().trim().max(max).optional();

export const GB4754_SECTIONS = ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N", "O", "P", "Q", "R", "S", "T"] as const;

const contactRow = z.object({
  role: z.enum(CONTACT_ROLES),
  name: optText(40),
  title: optText(40),
  phone: z.string().trim().regex(PHONE, "board:errors.badPhone").optional(),
  email: z.string().trim().email().max(120).optional(),
});

export const basicsStep = z
  .object({
    industrySection: z.enum(GB4754_SECTIONS),
    industryDivision: z.string().trim().regex(/^\d{2}$/, "board:errors.badDivision").optional(),
    mainBusiness: z.string().trim().min(4).max(1000),
    contacts: z.array(contactRow).max(3).default([]),
  })
  .superRefine((v, ctx) => {
    v.contacts.forEach((c, i) => {
      if (c.name && !c.phone) ctx.addIssue({ code: "custom", path: ["contacts", i, "phone"], message: "board:errors.contactPhoneRequired" });
    });
    if (!v.contacts.some((c) => c.role === "contact" && c.name)) ctx.addIssue({ code: "custom", path: ["contacts", 1, "name"], message: "board:errors.contactRequired" });
  })
  .transform((v) => ({ ...v, industryDivision: v.industryDivision ?? null, contacts: v.contacts.filter((c) => c.name) }));

const peRow = z.object({
  round: z.enum(PE_ROUNDS).optional(),
  investors: optText(300),
  amountWan: wan(100_000_000_000),
  closedOn: z.string().regex(DATE, "board:errors.badDate").optional(),
  govFund: z.boolean().optional(),
});

export const recognitionStep = z
  .object({
    srdiStatus: z.enum(SRDI_STATUSES),
    srdiCertificateNo: optText(60),
    srdiCertificateIssuer: optText(100),
    srdiCertificateYear: z.number().int().min(2000).max(2100).optional(),
    smeSize: z.enum(SME_SIZES).optional(),
    govFundInvested: z.boolean().default(false),
    govFundName: optText(100),
    govFundAmountWan: wan(100_000_000_000),
    listingReserve: z.boolean().default(false),
    listingReserveYear: z.number().int().min(2000).max(2100).optional(),
    ipoTutoring: z.boolean().default(false),
    ipoTutoringBroker: optText(100),
    ipoTutoringFiledOn: z.string().regex(DATE, "board:errors.badDate").optional(),
    neeqStatus: z.enum(NEEQ_STATUSES).default("never"),
    neeqDelistedOn: z.string().regex(DATE, "board:errors.badDate").optional(),
    plansIpo: z.boolean().default(false),
    listingPlanMarket: z.enum(LISTING_MARKETS).optional(),
    listingPlanYear: z.number().int().min(2024).max(2100).optional(),
    marketCapEstimateWan: wan(1_000_000_000_000),
    marketCapBasis: optText(300),
    peRounds: z.array(peRow).max(8).default([]),
  })
  .superRefine((v, ctx) => {
    if (v.srdiStatus !== "none" && !v.srdiCertificateNo) ctx.addIssue({ code: "custom", path: ["srdiCertificateNo"], message: "board:errors.certificateRequired" });
    // Notice §二(一)2 admits PE/VC investees only as SMEs: whoever lists PE rounds states the size class.
    if (v.peRounds.some((r) => r.round) && !v.smeSize) ctx.addIssue({ code: "custom", path: ["smeSize"], message: "boardRules:errors.smeSizeRequired" });
    if (v.govFundInvested && !v.govFundName) ctx.addIssue({ code: "custom", path: ["govFundName"], message: "board:errors.govFundNameRequired" });
    if (v.ipoTutoring && !v.ipoTutoringBroker) ctx.addIssue({ code: "custom", path: ["ipoTutoringBroker"], message: "board:errors.brokerRequired" });
    if (v.neeqStatus === "delisted" && !v.neeqDelistedOn) ctx.addIssue({ code: "custom", path: ["neeqDelistedOn"], message: "board:errors.delistedOnRequired" });
    v.peRounds.forEach((r, i) => {
      const any = r.round || r.investors || r.amountWan !== undefined || r.closedOn;
      if (!any) return;
      for (const k of ["round", "investors", "amountWan", "closedOn"] as const) {
        if (r[k] === undefined || r[k] === "") ctx.addIssue({ code: "custom", path: ["peRounds", i, k], message: "board:errors.peRowIncomplete" });
      }
    });
  })
  .transform(({ govFundAmountWan, marketCapEstimateWan, peRounds, ...v }) => ({
    ...v,
    smeSize: v.smeSize ?? null,
    srdiCertificateNo: v.srdiStatus === "none" ? null : (v.srdiCertificateNo ?? null),
    srdiCertificateIssuer: v.srdiStatus === "none" ? null : (v.srdiCertificateIssuer ?? null),
    srdiCertificateYear: v.srdiStatus === "none" ? null : (v.srdiCertificateYear ?? null),
    govFundName: v.govFundInvested ? (v.govFundName ?? null) : null,
    govFundAmount: v.govFundInvested && govFundAmountWan !== undefined ? govFundAmountWan : null,
    listingReserveYear: v.listingReserve ? (v.listingReserveYear ?? null) : null,
    ipoTutoringBroker: v.ipoTutoring ? (v.ipoTutoringBroker ?? null) : null,
    ipoTutoringFiledOn: v.ipoTutoring ? (v.ipoTutoringFiledOn ?? null) : null,
    neeqDelistedOn: v.neeqStatus === "delisted" ? (v.neeqDelistedOn ?? null) : null,
    listingPlanMarket: v.listingPlanMarket ?? null,
    listingPlanYear: v.listingPlanYear ?? null,
    marketCapEstimate: marketCapEstimateWan ?? null,
    marketCapBasis: v.marketCapBasis ?? null,
    peRounds: peRounds
      .filter((r) => r.round)
      .map((r) => ({ round: r.round!, investors: r.investors!, amount: r.amountWan!, closedOn: r.closedOn!, govFund: r.govFund ?? false })),
  }));

/** 10万亿元: above any enterprise on this board, below what a typo of a few extra digits reaches. */
const MAX_FIGURE = 10_000_000_000_000;
const yearRow = z.object({
  fiscalYear: z.number().int().min(1990).max(2100).optional(),
  revenueWan: wan(MAX_FIGURE),
  netProfitWan: wan(MAX_FIGURE, true),
  netProfitDeductedWan: wan(MAX_FIGURE, true),
  netAssetsWan: wan(MAX_FIGURE, true),
  rdExpenseWan: wan(MAX_FIGURE),
  operatingCashFlowWan: wan(MAX_FIGURE, true),
  totalShares: z.number().int().positive().optional(),
  /** 股本总额, typed in 万元 (the NEEQ innovation-layer standards test it). */
  shareCapitalWan: wanField(z.number().int().positive().max(MAX_FIGURE).optional()),
  weightedRoePct: percentField(z.number().int().min(-100_000).max(100_000).optional(), { signed: true }),
  audited: z.boolean().optional(),
});
const REQUIRED_YEAR_FIELDS = ["fiscalYear", "revenueWan", "netProfitWan", "netAssetsWan", "rdExpenseWan", "operatingCashFlowWan", "totalShares"] as const;

export const financialsStep = z
  .object({ years: z.array(yearRow).max(3).default([]) })
  .superRefine((v, ctx) => {
    const seen = new Set<number>();
    v.years.forEach((y, i) => {
      // The form pre-fills the years, so a row with nothing but its year counts as blank.
      const any = Object.entries(y).some(([k, x]) => k !== "fiscalYear" && x !== undefined && x !== false);
      if (!any) return;
      for (const k of REQUIRED_YEAR_FIELDS) if (y[k] === undefined) ctx.addIssue({ code: "custom", path: ["years", i, k], message: "board:errors.yearIncomplete" });
      if (y.fiscalYear !== undefined) {
        if (seen.has(y.fiscalYear)) ctx.addIssue({ code: "custom", path: ["years", i, "fiscalYear"], message: "board:errors.duplicateYear" });
        seen.add(y.fiscalYear);
      }
    });
  })
  .transform((v) => ({
    years: v.years
      .filter((y) => y.fiscalYear !== undefined && y.revenueWan !== undefined)
      .map((y) => ({
        fiscalYear: y.fiscalYear!,
        revenue: y.revenueWan!,
        netProfit: y.netProfitWan!,
        netProfitDeducted: y.netProfitDeductedWan ?? null,
        netAssets: y.netAssetsWan!,
        rdExpense: y.rdExpenseWan!,
        operatingCashFlow: y.operatingCashFlowWan!,
        totalShares: y.totalShares!,
        shareCapital: y.shareCapitalWan ?? null,
        weightedRoeBp: y.weightedRoePct ?? null,
        audited: y.audited ?? false,
      })),
  }));

export const fileKindInput = z.object({ kind: z.enum(APPLICATION_FILE_KINDS) });

export const STEP_SCHEMAS = { basics: basicsStep, recognition: recognitionStep, financials: financialsStep } as const;
export type StepValues = { basics: z.output<typeof basicsStep>; recognition: z.output<typeof recognitionStep>; financials: z.output<typeof financialsStep> };

export const reasonInput = z.object({ reason: z.string().trim().min(2).max(2000) });

/** The states a bureau's queue can filter by (everything past the enterprise's draft). */
export const QUEUE_STATES = ["submitted", "returned", "forwarded", "checked", "in_plan", "approved", "on_notice", "admitted", "rejected", "withdrawn"] as const;
