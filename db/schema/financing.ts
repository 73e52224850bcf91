import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { organisations, users } from "./identity";
import { INSTRUMENTS, NEED_STATES, NEED_AUDIENCES, CLOSE_OUTCOMES, FOLLOW_TARGETS, OFFER_STATES, DECLINE_REASONS, FINANCING_CHANNELS, GUARANTEE_STATES, PRODUCT_KINDS, PRODUCT_STATES, PRODUCT_APPLICATION_STATES, OUTCOME_SUBJECTS, OFFER_PROGRESS_KINDS } from "./constants";
export { INSTRUMENTS, NEED_STATES, NEED_AUDIENCES, COLLATERAL_TYPES, EQUITY_STAGES, CLOSE_OUTCOMES, type Instrument, type NeedState, type NeedAudience, type CollateralType, INSTITUTION_LICENCES, FOLLOW_TARGETS, OFFER_STATES, DECLINE_REASONS, FINANCING_CHANNELS, GUARANTEE_STATES, PRODUCT_KINDS, PRODUCT_STATES, PRODUCT_APPLICATION_STATES, OUTCOME_SUBJECTS, OFFER_PROGRESS_KINDS, type OfferProgressKind, type InstitutionLicence, type FollowTarget, type OfferState, type DeclineReason, type FinancingChannel, type ProductKind, type ProductState, type ProductApplicationState } from "./constants";

const now = sql`(cast(unixepoch('subsec') * 1000 as integer))`;

/**
 * 融资需求. `amount` is the headline figure every instrument has (integer yuan); the instrument's own
 * fields live in `details` (JSON, validated by the zod schema of that instrument).
 */
export const financingNeeds = sqliteTable(
  "financing_needs",
  {
    id: text("id").primaryKey(),
    enterpriseOrgId: text("enterprise_org_id")
      .notNull()
      .references(() => organisations.id),
    instrument: text("instrument", { enum: INSTRUMENTS }).notNull(),
    title: text("title").notNull(),
    summary: text("summary").notNull().default(""),
    amount: integer("amount").notNull(),
    details: text("details").notNull().default("{}"),
    state: text("state", { enum: NEED_STATES }).notNull().default("draft"),
    audience: text("audience", { enum: NEED_AUDIENCES }).notNull().default("members"),
    /** 'YYYY-MM-DD' (Shanghai): the need expires at the end of that day. */
    expiresOn: text("expires_on").notNull(),
    matchedOrgId: text("matched_org_id").references(() => organisations.id),
    matchedAmount: integer("matched_amount"),
    closeOutcome: text("close_outcome", { enum: CLOSE_OUTCOMES }),
    outcomeNote: text("outcome_note"),
    version: integer("version").notNull().default(1),
    /** The enterprise takes several funders for this need (a syndicate): several offers may be accepted, up to the amount. */
    syndicated: integer("syndicated", { mode: "boolean" }).notNull().default(false),
    publishedAt: integer("published_at"),
    endedAt: integer("ended_at"),
    createdBy: text("created_by").references(() => users.id),
    createdAt: integer("created_at").notNull().default(now),
    updatedAt: integer("updated_at").notNull().default(now),
  },
  (t) => [
    index("financing_needs_enterprise_idx").on(t.enterpriseOrgId, t.state),
    index("financing_needs_state_idx").on(t.state, t.audience, t.publishedAt),
    // An institution's recommendations: the needs in its mandates' and products' instrument and amount ranges, read
    // from the index alone (every column the candidate query reads; ADR 0920).
    index("financing_needs_match_idx").on(t.instrument, t.amount, t.state, t.audience, t.publishedAt, t.enterpriseOrgId, t.id),
    check("financing_needs_amount", sql`${t.amount} > 0`),
  ],
);

/** The institutions a `directed` need is shown to. */
export const financingNeedAudienceOrgs = sqliteTable(
  "financing_need_audience_orgs",
  {
    needId: text("need_id")
      .notNull()
      .references(() => financingNeeds.id, { onDelete: "cascade" }),
    orgId: text("org_id")
      .notNull()
      .references(() => organisations.id),
  },
  (t) => [primaryKey({ columns: [t.needId, t.orgId] }), index("financing_need_audience_org_idx").on(t.orgId)],
);

/** Edit history: a full snapshot after every change, with what kind of change it was. */
export const financingNeedRevisions = sqliteTable(
  "financing_need_revisions",
  {
    id: text("id").primaryKey(),
    needId: text("need_id")
      .notNull()
      .references(() => financingNeeds.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    change: text("change").notNull(),
    snapshot: text("snapshot").notNull(),
    editedBy: text("edited_by").references(() => users.id),
    editedAt: integer("edited_at").notNull(),
  },
  (t) => [index("financing_need_revisions_need_idx").on(t.needId, t.version)],
);

export const financingNeedViews = sqliteTable(
  "financing_need_views",
  {
    id: text("id").primaryKey(),
    needId: text("need_id")
      .notNull()
      .references(() => financingNeeds.id, { onDelete: "cascade" }),
    viewerOrgId: text("viewer_org_id").references(() => organisations.id),
    viewerUserId: text("viewer_user_id").references(() => users.id),
    at: integer("at").notNull(),
  },
  (t) => [index("financing_need_views_need_idx").on(t.needId, t.at)],
);

/** 意向: an institution says it is interested; one per organisation per need. */
export const financingNeedInterests = sqliteTable(
  "financing_need_interests",
  {
    needId: text("need_id")
      .notNull()
      .references(() => financingNeeds.id, { onDelete: "cascade" }),
    orgId: text("org_id")
      .notNull()
      .references(() => organisations.id),
    userId: text("user_id").references(() => users.id),
    note: text("note").notNull().default(""),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.needId, t.orgId] })],
);

// The alliance side of financing: what members fund (mandates), what they follow, the offers they
// make on needs, the credit products they publish and the applications to them, and the outcomes that
// feed the regulators' "financing obtained" figures. Money is integer yuan, rates and fees basis points.


/**
 * One relationship manager (客户经理) on an institution's card: a member of the institution (`userId`), with the
 * name and e-mail of their account as of saving and the title and phone the institution gives them. Entries saved
 * before managers were chosen from members and matching none of them carry no `userId` until the card is saved.
 */
export type InstitutionContact = { userId?: string; name: string; title: string; phone: string; email: string };

/** An alliance member's public card: licences, where it works, who to talk to. JSON columns hold arrays. */
export const institutionProfiles = sqliteTable("market_institution_profiles", {
  orgId: text("org_id")
    .primaryKey()
    .references(() => organisations.id, { onDelete: "cascade" }),
  summary: text("summary").notNull().default(""),
  licences: text("licences", { mode: "json" }).$type<string[]>().notNull().default([]),
  /** Prefecture codes; an empty list means the whole region. */
  regionsServed: text("regions_served", { mode: "json" }).$type<string[]>().notNull().default([]),
  /** [{ userId, name, title, phone, email }] */
  contacts: text("contacts", { mode: "json" }).$type<InstitutionContact[]>().notNull().default([]),
  updatedAt: integer("updated_at").notNull().default(now),
});

/**
 * 投资/授信偏好: what a member funds. Empty lists mean "any"; the amount range is inclusive.
 * Mandates drive recommendations and alerts for newly published needs.
 */
export const mandates = sqliteTable(
  "market_mandates",
  {
    id: text("id").primaryKey(),
    institutionOrgId: text("institution_org_id")
      .notNull()
      .references(() => organisations.id),
    name: text("name").notNull(),
    instruments: text("instruments", { mode: "json" }).$type<string[]>().notNull().default([]),
    minAmount: integer("min_amount").notNull(),
    maxAmount: integer("max_amount").notNull(),
    industries: text("industries", { mode: "json" }).$type<string[]>().notNull().default([]),
    tiers: text("tiers", { mode: "json" }).$type<string[]>().notNull().default([]),
    prefectures: text("prefectures", { mode: "json" }).$type<string[]>().notNull().default([]),
    collateral: text("collateral", { mode: "json" }).$type<string[]>().notNull().default([]),
    stages: text("stages", { mode: "json" }).$type<string[]>().notNull().default([]),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    createdBy: text("created_by").references(() => users.id),
    createdAt: integer("created_at").notNull().default(now),
    updatedAt: integer("updated_at").notNull().default(now),
  },
  (t) => [
    index("market_mandates_org_idx").on(t.institutionOrgId, t.active),
    check("market_mandates_amounts", sql`${t.minAmount} > 0 and ${t.maxAmount} >= ${t.minAmount}`),
  ],
);

/** A member's organisation follows an enterprise or a need; the feed reads what followed enterprises publish. */
export const follows = sqliteTable(
  "market_follows",
  {
    id: text("id").primaryKey(),
    followerOrgId: text("follower_org_id")
      .notNull()
      .references(() => organisations.id),
    followerUserId: text("follower_user_id").references(() => users.id),
    targetType: text("target_type", { enum: FOLLOW_TARGETS }).notNull(),
    targetId: text("target_id").notNull(),
    /** The enterprise behind the target (the need's owner for a need), for the feed. */
    enterpriseOrgId: text("enterprise_org_id")
      .notNull()
      .references(() => organisations.id),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    uniqueIndex("market_follows_unique").on(t.followerOrgId, t.targetType, t.targetId),
    index("market_follows_enterprise_idx").on(t.enterpriseOrgId),
  ],
);

/** The enterprise's "answer by" date for a need ('YYYY-MM-DD', Shanghai, end of day); offers after it are late. */
export const needResponseDeadlines = sqliteTable("market_need_deadlines", {
  needId: text("need_id")
    .primaryKey()
    .references(() => financingNeeds.id, { onDelete: "cascade" }),
  respondBy: text("respond_by").notNull(),
  setBy: text("set_by").references(() => users.id),
  updatedAt: integer("updated_at").notNull(),
});

/**
 * 报价. The id is generated by the client so that a resubmitted form never creates a second offer.
 * `terms` holds the instrument's own fields (validated by its zod schema); the columns beside it are the
 * figures every comparison and summary needs, copied out when the offer is written.
 */
export const offers = sqliteTable(
  "market_offers",
  {
    id: text("id").primaryKey(),
    needId: text("need_id")
      .notNull()
      .references(() => financingNeeds.id),
    institutionOrgId: text("institution_org_id")
      .notNull()
      .references(() => organisations.id),
    enterpriseOrgId: text("enterprise_org_id")
      .notNull()
      .references(() => organisations.id),
    instrument: text("instrument", { enum: INSTRUMENTS }).notNull(),
    state: text("state", { enum: OFFER_STATES }).notNull().default("submitted"),
    version: integer("version").notNull().default(1),
    amount: integer("amount").notNull(),
    termMonths: integer("term_months"),
    /** The headline annual rate (loan rate, lease rate, coupon, guarantee fee). */
    rateBp: integer("rate_bp"),
    /** Rate + annualised fees + guarantee fee (own and joined guarantors'); null for equity. */
    allInCostBp: integer("all_in_cost_bp"),
    terms: text("terms").notNull(),
    validUntil: text("valid_until").notNull(),
    late: integer("late", { mode: "boolean" }).notNull().default(false),
    declineReason: text("decline_reason", { enum: DECLINE_REASONS }),
    declineNote: text("decline_note"),
    submittedBy: text("submitted_by").references(() => users.id),
    submittedAt: integer("submitted_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
    decidedAt: integer("decided_at"),
  },
  (t) => [
    index("market_offers_need_idx").on(t.needId, t.state),
    index("market_offers_institution_idx").on(t.institutionOrgId, t.state),
    check("market_offers_amount", sql`${t.amount} > 0`),
  ],
);

/** Every version of an offer as it stood, so the enterprise can see what changed. */
export const offerRevisions = sqliteTable(
  "market_offer_revisions",
  {
    id: text("id").primaryKey(),
    offerId: text("offer_id")
      .notNull()
      .references(() => offers.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    change: text("change").notNull(),
    snapshot: text("snapshot").notNull(),
    byUserId: text("by_user_id").references(() => users.id),
    at: integer("at").notNull(),
  },
  (t) => [uniqueIndex("market_offer_revisions_unique").on(t.offerId, t.version, t.change)],
);

/** 投担联动: a guarantor backs a bank's loan offer; the combined cost adds its annual fee. */
export const offerGuarantees = sqliteTable(
  "market_offer_guarantees",
  {
    id: text("id").primaryKey(),
    offerId: text("offer_id")
      .notNull()
      .references(() => offers.id),
    guarantorOrgId: text("guarantor_org_id")
      .notNull()
      .references(() => organisations.id),
    /** Share of the loan guaranteed. */
    coverageBp: integer("coverage_bp").notNull(),
    /** Annual guarantee fee on the guaranteed amount. */
    feeBp: integer("fee_bp").notNull(),
    conditions: text("conditions").notNull().default(""),
    state: text("state", { enum: GUARANTEE_STATES }).notNull().default("joined"),
    joinedBy: text("joined_by").references(() => users.id),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [uniqueIndex("market_offer_guarantees_unique").on(t.offerId, t.guarantorOrgId)],
);

/**
 * 助贷产品. `eligibility` is structured (JSON): { tiers, industries, prefectures, minRevenue,
 * minYearsInBusiness, srdiTitleRequired } — each rule can be explained as met or missed.
 */
export const creditProducts = sqliteTable(
  "market_credit_products",
  {
    id: text("id").primaryKey(),
    institutionOrgId: text("institution_org_id")
      .notNull()
      .references(() => organisations.id),
    name: text("name").notNull(),
    kind: text("kind", { enum: PRODUCT_KINDS }).notNull(),
    summary: text("summary").notNull().default(""),
    minAmount: integer("min_amount").notNull(),
    maxAmount: integer("max_amount").notNull(),
    rateMinBp: integer("rate_min_bp").notNull(),
    rateMaxBp: integer("rate_max_bp").notNull(),
    termMinMonths: integer("term_min_months").notNull(),
    termMaxMonths: integer("term_max_months").notNull(),
    collateral: text("collateral", { mode: "json" }).$type<string[]>().notNull().default([]),
    eligibility: text("eligibility", { mode: "json" }).$type<Record<string, unknown>>().notNull().default({}),
    state: text("state", { enum: PRODUCT_STATES }).notNull().default("draft"),
    publishedAt: integer("published_at"),
    createdBy: text("created_by").references(() => users.id),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    index("market_credit_products_org_idx").on(t.institutionOrgId, t.state),
    index("market_credit_products_state_idx").on(t.state),
    check("market_credit_products_ranges", sql`${t.minAmount} > 0 and ${t.maxAmount} >= ${t.minAmount} and ${t.rateMaxBp} >= ${t.rateMinBp} and ${t.termMinMonths} > 0 and ${t.termMaxMonths} >= ${t.termMinMonths}`),
  ],
);

/** An enterprise's one-click application to a credit product, with the profile data it consented to share. */
export const productApplications = sqliteTable(
  "market_product_applications",
  {
    id: text("id").primaryKey(),
    productId: text("product_id")
      .notNull()
      .references(() => creditProducts.id),
    enterpriseOrgId: text("enterprise_org_id")
      .notNull()
      .references(() => organisations.id),
    institutionOrgId: text("institution_org_id")
      .notNull()
      .references(() => organisations.id),
    amount: integer("amount").notNull(),
    termMonths: integer("term_months").notNull(),
    purpose: text("purpose").notNull().default(""),
    /** What the enterprise shared (profile, latest financials, tier) at the time it applied. */
    profileSnapshot: text("profile_snapshot").notNull(),
    state: text("state", { enum: PRODUCT_APPLICATION_STATES }).notNull().default("submitted"),
    approvedAmount: integer("approved_amount"),
    approvedRateBp: integer("approved_rate_bp"),
    declineReason: text("decline_reason", { enum: DECLINE_REASONS }),
    declineNote: text("decline_note"),
    submittedBy: text("submitted_by").references(() => users.id),
    submittedAt: integer("submitted_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    index("market_product_applications_inst_idx").on(t.institutionOrgId, t.state),
    index("market_product_applications_ent_idx").on(t.enterpriseOrgId),
    check("market_product_applications_amount", sql`${t.amount} > 0 and ${t.termMonths} > 0`),
  ],
);

/**
 * 融资结果: what was actually obtained. Prefecture, industry and tier are copied at recording time so that
 * the regulators' figures for a period do not shift when an enterprise later moves tier.
 */
export const financingOutcomes = sqliteTable(
  "market_financing_outcomes",
  {
    id: text("id").primaryKey(),
    subjectType: text("subject_type", { enum: OUTCOME_SUBJECTS }).notNull(),
    subjectId: text("subject_id").notNull(),
    enterpriseOrgId: text("enterprise_org_id")
      .notNull()
      .references(() => organisations.id),
    institutionOrgId: text("institution_org_id")
      .notNull()
      .references(() => organisations.id),
    instrument: text("instrument", { enum: INSTRUMENTS }).notNull(),
    amountObtained: integer("amount_obtained").notNull(),
    /** Null for equity (no annual cost). */
    allInCostBp: integer("all_in_cost_bp"),
    channel: text("channel", { enum: FINANCING_CHANNELS }).notNull(),
    obtainedOn: text("obtained_on").notNull(),
    prefectureCode: text("prefecture_code"),
    industrySection: text("industry_section"),
    tier: text("tier"),
    recordedBy: text("recorded_by").references(() => users.id),
    recordedAt: integer("recorded_at").notNull(),
  },
  (t) => [
    uniqueIndex("market_outcomes_subject_unique").on(t.subjectType, t.subjectId),
    index("market_outcomes_date_idx").on(t.obtainedOn),
    check("market_outcomes_amount", sql`${t.amountObtained} > 0`),
  ],
);

/**
 * 审批 / 放款: what happened after the enterprise accepted an offer, as its lender records it — credit approval (once),
 * each disbursement (several may add up to the offer's amount), or that the financing fell through (once, with the
 * reason). The id is the client's, so a resubmitted form records nothing twice.
 */
export const offerProgress = sqliteTable(
  "market_offer_progress",
  {
    id: text("id").primaryKey(),
    offerId: text("offer_id")
      .notNull()
      .references(() => offers.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: OFFER_PROGRESS_KINDS }).notNull(),
    /** The day it happened (Shanghai date), as the lender states it. */
    happenedOn: text("happened_on").notNull(),
    /** 元, for a disbursement. */
    amount: integer("amount"),
    reason: text("reason"),
    recordedBy: text("recorded_by").references(() => users.id),
    recordedAt: integer("recorded_at").notNull(),
  },
  (t) => [
    index("market_offer_progress_offer_idx").on(t.offerId, t.happenedOn),
    uniqueIndex("market_offer_progress_once").on(t.offerId, t.kind).where(sql`${t.kind} in ('approved', 'failed')`),
    check("market_offer_progress_amount", sql`(${t.kind} = 'disbursed') = (${t.amount} is not null and ${t.amount} > 0)`),
  ],
);

/** Alerts already sent for (mandate, need), so re-publishing a need does not alert twice. */
export const mandateAlerts = sqliteTable(
  "market_mandate_alerts",
  {
    mandateId: text("mandate_id")
      .notNull()
      .references(() => mandates.id, { onDelete: "cascade" }),
    needId: text("need_id")
      .notNull()
      .references(() => financingNeeds.id, { onDelete: "cascade" }),
    at: integer("at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.mandateId, t.needId] })],
);
