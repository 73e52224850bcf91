import { z } from "zod";
import { CLIENT_ID_PATTERN } from "~/utils/client-id";
import { moneyField, rateField } from "~/utils/money-fields";
import { COLLATERAL_TYPES, EQUITY_STAGES, INSTRUMENTS } from "@db/schema/constants";
import { type INSTITUTION_TYPES } from "@db/schema/constants";
import { TIERS } from "@db/schema/constants";
import {
  DECLINE_REASONS,
  FINANCING_CHANNELS,
  INSTITUTION_LICENCES,
  PRODUCT_KINDS,
} from "@db/schema/constants";

// Shared by the services (the authority) and the forms (for field errors before a round trip).
// Limits are deliberately generous but finite: an SRDI enterprise on this board does not raise 1000亿,
// and a 100% annual rate is a typo, not an offer.

export const MAX_AMOUNT = 100_000_000_000; // 1000亿元
export const MAX_RATE_BP = 3_600; // 36% p.a., the judicial protection ceiling for private lending
export const MAX_FEE_BP = 1_000;
export const MAX_TERM_MONTHS = 360;

const text = (max: number) => z.string().trim().max(max, "financing:matchingErrors.tooLong");
const optionalText = (max: number) => text(max).default("");
/**
 * Offer terms are read by the other side and copied into credit files: they are plain text, and a tag in them
 * is a paste from somewhere else (or an attempt at one), so it is refused rather than silently shown as text.
 * A lone "<" (利率<4%) is fine.
 */
const MARKUP = /<\/?[a-zA-Z!][^>]*>/;
const plainText = (max: number) =>
  text(max)
    .refine((v) => !MARKUP.test(v), "financing:matchingErrors.noMarkup")
    .default("");
// Amounts are typed in 万元 (small fees in 元) and rates in % with up to two decimals; moneyField and
// rateField read that text into integer 元 and basis points and pass numbers (services, tests, seed) through.
const amount = moneyField(
  z.coerce
    .number({ invalid_type_error: "financing:matchingErrors.amountInvalid" })
    .int("financing:matchingErrors.amountInvalid")
    .positive("financing:matchingErrors.amountPositive")
    .max(MAX_AMOUNT, "financing:matchingErrors.amountTooLarge"),
);
const rateBp = rateField(
  z.coerce
    .number({ invalid_type_error: "financing:matchingErrors.rateInvalid" })
    .int("financing:matchingErrors.rateInvalid")
    .min(0, "financing:matchingErrors.rateNegative")
    .max(MAX_RATE_BP, "financing:matchingErrors.rateTooHigh"),
);
const optionalRateBp = rateField(
  z.coerce
    .number({ invalid_type_error: "financing:matchingErrors.rateInvalid" })
    .int("financing:matchingErrors.rateInvalid")
    .min(0, "financing:matchingErrors.rateNegative")
    .max(MAX_RATE_BP, "financing:matchingErrors.rateTooHigh")
    .optional(),
);
const feeBp = (fallback?: number) => {
  const base = z.coerce.number().int("financing:matchingErrors.rateInvalid").min(0, "financing:matchingErrors.rateNegative").max(MAX_FEE_BP, "financing:matchingErrors.feeTooHigh");
  return rateField(fallback === undefined ? base : base.default(fallback));
};
const share = (min: number, max: number, fallback?: number) => {
  const base = z.coerce.number().int("financing:matchingErrors.stakeInvalid").min(min, "financing:matchingErrors.stakeInvalid").max(max, "financing:matchingErrors.stakeInvalid");
  return rateField(fallback === undefined ? base : base.default(fallback));
};
const nonNegativeAmount = z.coerce.number().int("financing:matchingErrors.amountInvalid").min(0, "financing:matchingErrors.amountPositive").max(MAX_AMOUNT, "financing:matchingErrors.amountTooLarge");
/** A fee in 元 (small sums are written in 元, with the unit shown). */
const feeAmount = moneyField(nonNegativeAmount.default(0), "yuan");
/** A sum that may be zero, in 万元 (a residual value, a revenue floor). */
const optionalWan = (fallback?: number) => moneyField(fallback === undefined ? nonNegativeAmount.optional() : nonNegativeAmount.default(fallback));
const termMonths = z.coerce
  .number({ invalid_type_error: "financing:matchingErrors.termInvalid" })
  .int("financing:matchingErrors.termInvalid")
  .min(1, "financing:matchingErrors.termPositive")
  .max(MAX_TERM_MONTHS, "financing:matchingErrors.termTooLong");
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "financing:matchingErrors.dateInvalid");
/** A checkbox posts "on" when ticked and nothing otherwise; a hidden "false" before it makes "off" explicit (last value wins). */
const checkbox = z.preprocess((raw) => {
  const v: unknown = Array.isArray(raw) ? raw.at(-1) : raw;
  return v === "on" || v === "true" || v === true;
}, z.boolean());
/** Multi-selects arrive as one value or several; an empty form field means "none". */
const list = <T extends z.ZodTypeAny>(item: T) =>
  z.preprocess((v) => (v === undefined || v === "" ? [] : Array.isArray(v) ? v.filter((x) => x !== "") : [v]), z.array(item));
const collateralList = list(z.enum(COLLATERAL_TYPES));

export const clientId = z.string().regex(CLIENT_ID_PATTERN, "financing:matchingErrors.idInvalid");

export const loanTerms = z.object({
  instrument: z.literal("loan"),
  amount,
  termMonths,
  rateBp,
  upfrontFeeBp: feeBp(0),
  feeAmount,
  collateral: collateralList,
  guaranteeRequired: checkbox.default(false),
  /** The fee the bank expects the enterprise to pay a guarantor, when it quotes one itself. */
  guaranteeFeeBp: feeBp(0),
  conditions: plainText(2000),
});

export const equityTerms = z.object({
  instrument: z.literal("equity"),
  amount,
  preMoneyValuation: amount,
  stakeBp: share(1, 10_000),
  keyTerms: plainText(2000),
});

export const convertibleTerms = z.object({
  instrument: z.literal("convertible"),
  amount,
  termMonths,
  couponBp: rateBp,
  conversionPremiumBp: share(0, 10_000, 0),
  issuanceFeeBp: feeBp(0),
  keyTerms: plainText(2000),
});

export const leasingTerms = z.object({
  instrument: z.literal("leasing"),
  amount,
  termMonths,
  leaseRateBp: rateBp,
  depositBp: share(0, 5_000, 0),
  handlingFeeBp: feeBp(0),
  residualValue: optionalWan(0),
  assetDescription: plainText(500),
});

export const guaranteeTerms = z.object({
  instrument: z.literal("guarantee"),
  amount,
  termMonths,
  feeBp: rateBp,
  coverageBp: share(1, 10_000),
  counterGuarantee: plainText(500),
});

export const offerTerms = z.discriminatedUnion("instrument", [loanTerms, equityTerms, convertibleTerms, leasingTerms, guaranteeTerms]);
export type OfferTerms = z.infer<typeof offerTerms>;

export const submitOfferInput = z.object({ id: clientId, needId: z.string().min(1), validUntil: isoDate, terms: offerTerms });
export type SubmitOfferInput = z.input<typeof submitOfferInput>;

/**
 * The offer form's schema: the service's input plus "validity not in the past" (which the service checks
 * against its clock as well), so the form shows every field error at once rather than one per round trip.
 */
export const offerFormInput = (today: string) =>
  submitOfferInput.extend({ validUntil: isoDate.refine((d) => d >= today, "financing:matchingErrors.validityPast") });

export const reviseOfferInput = z.object({ validUntil: isoDate, terms: offerTerms });
export type ReviseOfferInput = z.input<typeof reviseOfferInput>;

export const declineInput = z.object({ reason: z.enum(DECLINE_REASONS), note: optionalText(1000) });
export type DeclineInput = z.input<typeof declineInput>;

export const outcomeInput = z.object({
  amountObtained: amount,
  allInCostBp: optionalRateBp,
  channel: z.enum(FINANCING_CHANNELS).default("board_offer"),
  obtainedOn: isoDate,
});
export type OutcomeInput = z.input<typeof outcomeInput>;

/**
 * 审批 / 放款 / 未成: what the lender records after acceptance. The id is the client's (a resubmitted form records
 * nothing twice); a disbursement's amount is typed in 万元 like every other amount.
 */
export const offerProgressInput = z.discriminatedUnion("kind", [
  z.object({ id: clientId, kind: z.literal("approved"), happenedOn: isoDate }),
  z.object({ id: clientId, kind: z.literal("disbursed"), happenedOn: isoDate, amount }),
  z.object({
    id: clientId,
    kind: z.literal("failed"),
    happenedOn: isoDate,
    reason: z.string().trim().min(2, "financing:progress.reasonRequired").max(500, "financing:progress.reasonTooLong").refine((v) => !MARKUP.test(v), "financing:matchingErrors.noMarkup"),
  }),
]);
export type OfferProgressInput = z.input<typeof offerProgressInput>;

export const joinGuaranteeInput = z.object({
  coverageBp: share(1, 10_000),
  feeBp: feeBp(),
  conditions: plainText(1000),
});
export type JoinGuaranteeInput = z.input<typeof joinGuaranteeInput>;

/** A relationship manager chosen from the institution's members; the service checks the membership. */
export const accountManagerInput = z.object({
  userId: z.string().min(1).max(64),
  title: optionalText(60),
  phone: optionalText(40),
});

export const institutionProfileInput = z.object({
  summary: optionalText(2000),
  licences: list(z.enum(INSTITUTION_LICENCES)),
  regionsServed: list(z.string().regex(/^\d{4}$/)),
  managers: z.array(accountManagerInput).max(10, "financing:matchingErrors.tooManyManagers").default([]),
});
export type InstitutionProfileInput = z.input<typeof institutionProfileInput>;

export const mandateInput = z
  .object({
    name: text(100).min(1, "financing:matchingErrors.required"),
    instruments: list(z.enum(INSTRUMENTS)),
    minAmount: amount,
    maxAmount: amount,
    industries: list(z.string().regex(/^[A-T]$/)),
    tiers: list(z.enum(TIERS)),
    prefectures: list(z.string().regex(/^\d{4}$/)),
    collateral: collateralList,
    stages: list(z.enum(EQUITY_STAGES)),
    active: checkbox.default(true),
  })
  .refine((m) => m.maxAmount >= m.minAmount, { message: "financing:matchingErrors.rangeInverted", path: ["maxAmount"] });
export type MandateInput = z.input<typeof mandateInput>;

export const eligibilityRules = z.object({
  tiers: list(z.enum(TIERS)).default([]),
  industries: list(z.string().regex(/^[A-T]$/)).default([]),
  prefectures: list(z.string().regex(/^\d{4}$/)).default([]),
  minRevenue: optionalWan(),
  minYearsInBusiness: z.coerce.number().int().min(0).max(100).optional(),
  srdiTitleRequired: checkbox.default(false),
});
export type EligibilityRules = z.infer<typeof eligibilityRules>;

export const creditProductInput = z
  .object({
    name: text(100).min(1, "financing:matchingErrors.required"),
    kind: z.enum(PRODUCT_KINDS),
    summary: optionalText(2000),
    minAmount: amount,
    maxAmount: amount,
    rateMinBp: rateBp,
    rateMaxBp: rateBp,
    termMinMonths: termMonths,
    termMaxMonths: termMonths,
    collateral: collateralList,
    eligibility: eligibilityRules,
  })
  .refine((p) => p.maxAmount >= p.minAmount, { message: "financing:matchingErrors.rangeInverted", path: ["maxAmount"] })
  .refine((p) => p.rateMaxBp >= p.rateMinBp, { message: "financing:matchingErrors.rangeInverted", path: ["rateMaxBp"] })
  .refine((p) => p.termMaxMonths >= p.termMinMonths, { message: "financing:matchingErrors.rangeInverted", path: ["termMaxMonths"] });
export type CreditProductInput = z.input<typeof creditProductInput>;

export const productApplicationInput = z.object({
  id: clientId,
  productId: z.string().min(1),
  amount,
  termMonths,
  purpose: optionalText(1000),
  consent: z.preprocess((v) => v === true || v === "true" || v === "on", z.literal(true, { errorMap: () => ({ message: "financing:matchingErrors.consentRequired" }) })),
});
export type ProductApplicationInput = z.input<typeof productApplicationInput>;

export const approveApplicationInput = z.object({ approvedAmount: amount, approvedRateBp: rateBp });

export const periodInput = z
  .object({ from: isoDate, to: isoDate })
  .refine((p) => p.from <= p.to, { message: "financing:matchingErrors.rangeInverted", path: ["to"] });

/** Which instruments each kind of member may offer (a guarantor joins loans rather than lending). */
export const INSTRUMENTS_BY_INSTITUTION: Record<(typeof INSTITUTION_TYPES)[number], readonly (typeof INSTRUMENTS)[number][]> = {
  bank: ["loan"],
  microloan: ["loan"],
  factoring: ["loan"],
  securities: ["convertible", "equity"],
  pe_vc: ["equity", "convertible"],
  guarantor: ["guarantee"],
  leasing: ["leasing"],
  other: INSTRUMENTS,
};

/**
 * The profile form lists the institution's members, one row each: a ticked box (`managers[i].userId`) makes that
 * member a relationship manager, with the title and phone typed beside it. Unticked rows post no userId.
 */
export const institutionProfileForm = z
  .object({
    summary: optionalText(2000),
    licences: list(z.enum(INSTITUTION_LICENCES)),
    regionsServed: list(z.string().regex(/^\d{4}$/)),
    managers: z.array(z.object({ userId: z.string().max(64).optional(), title: optionalText(60), phone: optionalText(40) })).max(200).default([]),
  })
  .transform(({ managers, ...v }) => ({ ...v, managers: managers.flatMap((m) => (m.userId ? [{ userId: m.userId, title: m.title, phone: m.phone }] : [])) }));
