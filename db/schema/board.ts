import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { organisations, prefectures, REGULATOR_CODES, users } from "./identity";
import { ROUND_STATES, APPLICATION_CHANNELS, APPLICATION_STATES, SRDI_STATUSES, PE_ROUNDS, NEEQ_STATUSES, LISTING_MARKETS, TIERS, CONTACT_ROLES, REVIEW_ACTIONS, THRESHOLD_METRICS, THRESHOLD_AGGREGATIONS, THRESHOLD_OPS, THRESHOLD_UNITS, PE_ROUND_MINIMUMS, NOTICE_DAY_KINDS, RETIERING_STATES, DECISION_ACTIONS, REMOVAL_REASONS, PLAN_KINDS, PLAN_STATES, APPROVAL_DECISIONS, OBJECTION_STATES, MEMBERSHIP_STATUSES, APPLICATION_FILE_KINDS, IMPORT_JOB_STATES, SPONSOR_RELATIONS, SME_SIZES, VIOLATION_KINDS, VIOLATION_STATES, FACT_UPDATE_STATES } from "./constants";
export { ROUND_STATES, APPLICATION_CHANNELS, APPLICATION_STATES, SRDI_STATUSES, PE_ROUNDS, NEEQ_STATUSES, LISTING_MARKETS, TIERS, CONTACT_ROLES, REVIEW_ACTIONS, THRESHOLD_METRICS, THRESHOLD_AGGREGATIONS, THRESHOLD_OPS, THRESHOLD_UNITS, PE_ROUND_MINIMUMS, NOTICE_DAY_KINDS, RETIERING_STATES, DECISION_ACTIONS, REMOVAL_REASONS, PLAN_KINDS, PLAN_STATES, APPROVAL_DECISIONS, OBJECTION_STATES, MEMBERSHIP_STATUSES, APPLICATION_FILE_KINDS, IMPORT_JOB_STATES, type RoundState, type ApplicationChannel, type ApplicationState, type SrdiStatus, type PeRound, type NeeqStatus, type ListingMarket, type Tier, type ThresholdMetric, type ThresholdAggregation, type NoticeDayKind, type ApplicationFileKind, type ImportJobState, SPONSOR_RELATIONS, SME_SIZES, VIOLATION_KINDS, VIOLATION_STATES, FACT_UPDATE_STATES, type SponsorRelation, type SmeSize, type ViolationKind, type ViolationState, type FactUpdateState } from "./constants";

// Calendar dates that rules count in (deadlines, entry dates, notice periods, custody) are stored as
// 'YYYY-MM-DD' text in Asia/Shanghai: working days are whole Shanghai days, and an instant would
// invite off-by-one-day errors at midnight UTC. Instants (who did what when) are unix ms.

const now = sql`(cast(unixepoch('subsec') * 1000 as integer))`;

/** 批次: one call for applications with the bureaus' and the exchange's deadlines (notice §四). */
export const boardRounds = sqliteTable(
  "board_rounds",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    bureauDeadline: text("bureau_deadline").notNull(),
    planDeadline: text("plan_deadline").notNull(),
    state: text("state", { enum: ROUND_STATES }).notNull().default("open"),
    createdBy: text("created_by").references(() => users.id),
    createdAt: integer("created_at").notNull().default(now),
    updatedAt: integer("updated_at").notNull().default(now),
  },
  (t) => [index("board_rounds_state_idx").on(t.state), check("board_rounds_deadlines", sql`${t.bureauDeadline} <= ${t.planDeadline}`)],
);

/** 入板申请表. Scalar answers live here; repeated answers (contacts, PE rounds, financial years) in child tables. */
export const boardApplications = sqliteTable(
  "board_applications",
  {
    id: text("id").primaryKey(),
    roundId: text("round_id")
      .notNull()
      .references(() => boardRounds.id),
    enterpriseOrgId: text("enterprise_org_id")
      .notNull()
      .references(() => organisations.id),
    /** Routing snapshot: the bureau queue this application sits in, fixed when it is created. */
    prefectureCode: text("prefecture_code").references(() => prefectures.code),
    channel: text("channel", { enum: APPLICATION_CHANNELS }).notNull(),
    sponsorOrgId: text("sponsor_org_id").references(() => organisations.id),
    /** How the sponsor knows the enterprise; a sponsored application without one is refused at submission. */
    sponsorRelation: text("sponsor_relation", { enum: SPONSOR_RELATIONS }),
    /** A sponsored application counts only once the enterprise confirms it (Attachment 1 §(三)). */
    sponsorConfirmedAt: integer("sponsor_confirmed_at"),
    state: text("state", { enum: APPLICATION_STATES }).notNull().default("draft"),
    industrySection: text("industry_section"),
    industryDivision: text("industry_division"),
    mainBusiness: text("main_business"),
    srdiStatus: text("srdi_status", { enum: SRDI_STATUSES }).notNull().default("none"),
    /** Declared size class; null where not given (older applications). */
    smeSize: text("sme_size", { enum: SME_SIZES }),
    srdiCertificateNo: text("srdi_certificate_no"),
    srdiCertificateIssuer: text("srdi_certificate_issuer"),
    srdiCertificateYear: integer("srdi_certificate_year"),
    govFundInvested: integer("gov_fund_invested", { mode: "boolean" }).notNull().default(false),
    govFundName: text("gov_fund_name"),
    govFundAmount: integer("gov_fund_amount"),
    listingReserve: integer("listing_reserve", { mode: "boolean" }).notNull().default(false),
    listingReserveYear: integer("listing_reserve_year"),
    ipoTutoring: integer("ipo_tutoring", { mode: "boolean" }).notNull().default(false),
    ipoTutoringBroker: text("ipo_tutoring_broker"),
    ipoTutoringFiledOn: text("ipo_tutoring_filed_on"),
    neeqStatus: text("neeq_status", { enum: NEEQ_STATUSES }).notNull().default("never"),
    neeqDelistedOn: text("neeq_delisted_on"),
    plansIpo: integer("plans_ipo", { mode: "boolean" }).notNull().default(false),
    listingPlanMarket: text("listing_plan_market", { enum: LISTING_MARKETS }),
    listingPlanYear: integer("listing_plan_year"),
    /** Latest valuation-based market cap estimate (预计市值) the listing standards test; integer yuan. */
    marketCapEstimate: integer("market_cap_estimate"),
    marketCapBasis: text("market_cap_basis"),
    createdBy: text("created_by").references(() => users.id),
    createdAt: integer("created_at").notNull().default(now),
    updatedAt: integer("updated_at").notNull().default(now),
    submittedAt: integer("submitted_at"),
    forwardedAt: integer("forwarded_at"),
  },
  (t) => [
    uniqueIndex("board_applications_round_enterprise_unique").on(t.roundId, t.enterpriseOrgId),
    index("board_applications_state_idx").on(t.roundId, t.state),
    index("board_applications_prefecture_idx").on(t.prefectureCode, t.state),
    index("board_applications_enterprise_idx").on(t.enterpriseOrgId),
    check("board_applications_sponsor", sql`(${t.channel} = 'sponsor') = (${t.sponsorOrgId} is not null)`),
  ],
);

export const boardApplicationContacts = sqliteTable(
  "board_application_contacts",
  {
    id: text("id").primaryKey(),
    applicationId: text("application_id")
      .notNull()
      .references(() => boardApplications.id, { onDelete: "cascade" }),
    role: text("role", { enum: CONTACT_ROLES }).notNull(),
    name: text("name").notNull(),
    title: text("title"),
    phone: text("phone"),
    email: text("email"),
    sortOrder: integer("sort_order").notNull().default(0),
  },
  (t) => [index("board_application_contacts_app_idx").on(t.applicationId)],
);

/** PE/VC financing history: one row per round. */
export const boardApplicationPeRounds = sqliteTable(
  "board_application_pe_rounds",
  {
    id: text("id").primaryKey(),
    applicationId: text("application_id")
      .notNull()
      .references(() => boardApplications.id, { onDelete: "cascade" }),
    round: text("round", { enum: PE_ROUNDS }).notNull(),
    investors: text("investors").notNull(),
    amount: integer("amount").notNull(),
    closedOn: text("closed_on").notNull(),
    /** Whether a government investment fund took part (notice §二(一)2 counts either). */
    govFund: integer("gov_fund", { mode: "boolean" }).notNull().default(false),
  },
  (t) => [index("board_application_pe_rounds_app_idx").on(t.applicationId), check("pe_round_amount", sql`${t.amount} >= 0`)],
);

/**
 * Key financials per fiscal year (up to three). Money in integer yuan; ROE in basis points.
 * `netProfitDeducted` is profit after non-recurring items: listing rules test the lower of the two.
 */
export const boardApplicationFinancials = sqliteTable(
  "board_application_financials",
  {
    applicationId: text("application_id")
      .notNull()
      .references(() => boardApplications.id, { onDelete: "cascade" }),
    fiscalYear: integer("fiscal_year").notNull(),
    revenue: integer("revenue").notNull(),
    netProfit: integer("net_profit").notNull(),
    netProfitDeducted: integer("net_profit_deducted"),
    netAssets: integer("net_assets").notNull(),
    rdExpense: integer("rd_expense").notNull(),
    operatingCashFlow: integer("operating_cash_flow").notNull(),
    totalShares: integer("total_shares").notNull(),
    shareCapital: integer("share_capital"),
    weightedRoeBp: integer("weighted_roe_bp"),
    audited: integer("audited", { mode: "boolean" }).notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.applicationId, t.fiscalYear] })],
);

/** Every step an application takes, with who took it and why (returns and rejections carry reasons). */
export const boardApplicationReviews = sqliteTable(
  "board_application_reviews",
  {
    id: text("id").primaryKey(),
    applicationId: text("application_id")
      .notNull()
      .references(() => boardApplications.id, { onDelete: "cascade" }),
    action: text("action", { enum: REVIEW_ACTIONS }).notNull(),
    fromState: text("from_state", { enum: APPLICATION_STATES }),
    toState: text("to_state", { enum: APPLICATION_STATES }),
    comment: text("comment"),
    actorUserId: text("actor_user_id").references(() => users.id),
    actorOrgId: text("actor_org_id").references(() => organisations.id),
    at: integer("at").notNull().default(now),
  },
  (t) => [index("board_application_reviews_app_idx").on(t.applicationId, t.at)],
);

/**
 * Reviewer judgements the rules need but the form cannot assert (主营业务明确, 持续经营能力, 上市潜力,
 * and the written case for "other enterprises with potential"). One row per application, replaced on edit.
 */
export const boardApplicationAssessments = sqliteTable("board_application_assessments", {
  applicationId: text("application_id")
    .primaryKey()
    .references(() => boardApplications.id, { onDelete: "cascade" }),
  mainBusinessClear: integer("main_business_clear", { mode: "boolean" }).notNull().default(false),
  goingConcern: integer("going_concern", { mode: "boolean" }).notNull().default(false),
  listingPotential: integer("listing_potential", { mode: "boolean" }).notNull().default(false),
  potentialJustification: text("potential_justification"),
  assessedBy: text("assessed_by").references(() => users.id),
  assessedAt: integer("assessed_at").notNull().default(now),
});

// ---------------------------------------------------------------------------------------------
// Listing thresholds: versioned data. A version is never edited once a decision cites it; admins
// copy it into a new version instead. A standard is met when every criterion of any one of its
// clauses is met; criteria with clause '*' belong to every clause of that standard.

export const thresholdVersions = sqliteTable("board_threshold_versions", {
  id: text("id").primaryKey(),
  label: text("label").notNull(),
  effectiveFrom: text("effective_from").notNull(),
  note: text("note"),
  /** Drafts are editable; the newest published version is the one the rules engine uses. */
  publishedAt: integer("published_at"),
  createdBy: text("created_by").references(() => users.id),
  createdAt: integer("created_at").notNull().default(now),
});

export const thresholdStandards = sqliteTable(
  "board_threshold_standards",
  {
    id: text("id").primaryKey(),
    versionId: text("version_id")
      .notNull()
      .references(() => thresholdVersions.id, { onDelete: "cascade" }),
    code: text("code").notNull(),
    market: text("market", { enum: LISTING_MARKETS }).notNull(),
    /** The standard's wording as its source states it, and where (rules, article). */
    ruleText: text("rule_text"),
    source: text("source"),
    sortOrder: integer("sort_order").notNull().default(0),
  },
  (t) => [uniqueIndex("board_threshold_standards_unique").on(t.versionId, t.code)],
);

export const thresholdCriteria = sqliteTable(
  "board_threshold_criteria",
  {
    id: text("id").primaryKey(),
    standardId: text("standard_id")
      .notNull()
      .references(() => thresholdStandards.id, { onDelete: "cascade" }),
    clause: text("clause").notNull(),
    metric: text("metric", { enum: THRESHOLD_METRICS }).notNull(),
    aggregation: text("aggregation", { enum: THRESHOLD_AGGREGATIONS }).notNull(),
    years: integer("years").notNull().default(1),
    op: text("op", { enum: THRESHOLD_OPS }).notNull().default("gte"),
    value: integer("value").notNull(),
    unit: text("unit", { enum: THRESHOLD_UNITS }).notNull(),
    sortOrder: integer("sort_order").notNull().default(0),
  },
  (t) => [index("board_threshold_criteria_standard_idx").on(t.standardId), check("threshold_years", sql`${t.years} between 1 and 3`)],
);

/**
 * Board-wide policy. A single row (id = 'board'). Xinjiang's Attachment 2 is the default
 * (A-round); the national guidance's B-round rule is the alternative. Whether ratio thresholds are
 * halved by the 50% rule is a policy choice the text leaves open.
 */
export const boardSettings = sqliteTable("board_settings", {
  id: text("id").primaryKey(),
  minPeRound: text("min_pe_round", { enum: PE_ROUND_MINIMUMS }).notNull().default("a"),
  halveRatios: integer("halve_ratios", { mode: "boolean" }).notNull().default(false),
  custodyWorkingDays: integer("custody_working_days").notNull().default(60),
  custodyRatioBp: integer("custody_ratio_bp").notNull().default(7500),
  custodyRatioCultivationBp: integer("custody_ratio_cultivation_bp").notNull().default(8000),
  /** 公示期: how long a notice stays open for objections, counted in working or calendar days. */
  noticeDays: integer("notice_days").notNull().default(5),
  noticeDayKind: text("notice_day_kind", { enum: NOTICE_DAY_KINDS }).notNull().default("working"),
  /** The yearly re-tiering (每年调整) starts on this day of each year, 'MM-DD' (Shanghai). */
  retieringOn: text("retiering_on").notNull().default("04-30"),
  updatedBy: text("updated_by").references(() => users.id),
  updatedAt: integer("updated_at").notNull().default(now),
});

// ---------------------------------------------------------------------------------------------
// Violations (Attachment 1 §(五): 及时清退…存在违法违规行为的企业).

/** What kind of breach: a disclosure failure, false information, a regulator's penalty, or another breach. */
/** Recorded by exchange staff; confirmed (or dismissed, with a reason) by a reviewer; resolved once a removal citing it applies. */

/**
 * A violation of a listed enterprise, as its own record: a confirmed, unresolved one is grounds for removal
 * (清退) whatever the tier, proposed at any time or by the yearly re-tiering, always citing it.
 */
export const boardViolations = sqliteTable(
  "board_violations",
  {
    id: text("id").primaryKey(),
    enterpriseOrgId: text("enterprise_org_id")
      .notNull()
      .references(() => organisations.id),
    kind: text("kind", { enum: VIOLATION_KINDS }).notNull(),
    /** Where it comes from: the authority or document (e.g. 新疆证监局行政处罚决定书〔2026〕3号). */
    source: text("source").notNull(),
    /** The date of the breach or of the decision establishing it, 'YYYY-MM-DD' (Shanghai). */
    occurredOn: text("occurred_on").notNull(),
    description: text("description").notNull(),
    /** The evidence relied on: document numbers, links, what staff saw. */
    evidence: text("evidence").notNull(),
    state: text("state", { enum: VIOLATION_STATES }).notNull().default("recorded"),
    recordedBy: text("recorded_by")
      .notNull()
      .references(() => users.id),
    recordedAt: integer("recorded_at").notNull(),
    decidedBy: text("decided_by").references(() => users.id),
    decidedAt: integer("decided_at"),
    dismissalReason: text("dismissal_reason"),
    /** Set when a removal citing this violation was applied. */
    resolvedAt: integer("resolved_at"),
  },
  (t) => [
    index("board_violations_enterprise_idx").on(t.enterpriseOrgId, t.state),
    check("violation_text", sql`length(trim(${t.source})) > 0 and length(trim(${t.evidence})) > 0`),
    check("violation_dismissal", sql`${t.state} <> 'dismissed' or length(trim(coalesce(${t.dismissalReason}, ''))) > 0`),
  ],
);

// ---------------------------------------------------------------------------------------------
// Tier decisions, plans and approvals.

/** 年度调层: one yearly pass re-applying the current rules to every listed enterprise. */
export const retieringRuns = sqliteTable(
  "board_retiering_runs",
  {
    id: text("id").primaryKey(),
    year: integer("year").notNull(),
    thresholdVersionId: text("threshold_version_id")
      .notNull()
      .references(() => thresholdVersions.id),
    state: text("state", { enum: RETIERING_STATES }).notNull().default("draft"),
    startedBy: text("started_by").references(() => users.id),
    startedAt: integer("started_at").notNull().default(now),
    appliedAt: integer("applied_at"),
  },
  (t) => [uniqueIndex("board_retiering_runs_year_unique").on(t.year)],
);

/**
 * What the rules proposed and what the reviewer decided, with the evidence and the threshold
 * version and settings used, so a decision can be explained years later even after rules change.
 */
export const tierDecisions = sqliteTable(
  "board_tier_decisions",
  {
    id: text("id").primaryKey(),
    enterpriseOrgId: text("enterprise_org_id")
      .notNull()
      .references(() => organisations.id),
    applicationId: text("application_id").references(() => boardApplications.id),
    retieringRunId: text("retiering_run_id").references(() => retieringRuns.id),
    action: text("action", { enum: DECISION_ACTIONS }).notNull().default("admit"),
    proposedTier: text("proposed_tier", { enum: TIERS }).notNull(),
    ruleMatched: text("rule_matched").notNull(),
    /** The engine's full result (every rule with met/missed and structured evidence). */
    evidence: text("evidence", { mode: "json" }).notNull(),
    /** The evidence rendered in zh-CN at decision time, as the record shows it. */
    evidenceText: text("evidence_text").notNull(),
    thresholdVersionId: text("threshold_version_id")
      .notNull()
      .references(() => thresholdVersions.id),
    settingsSnapshot: text("settings_snapshot", { mode: "json" }).notNull(),
    finalTier: text("final_tier", { enum: TIERS }),
    overrideReason: text("override_reason"),
    removalReason: text("removal_reason", { enum: REMOVAL_REASONS }),
    /** The violation a removal for a violation cites. */
    violationId: text("violation_id").references(() => boardViolations.id),
    decidedBy: text("decided_by")
      .notNull()
      .references(() => users.id),
    decidedAt: integer("decided_at").notNull(),
    supersededAt: integer("superseded_at"),
  },
  (t) => [
    index("board_tier_decisions_app_idx").on(t.applicationId),
    index("board_tier_decisions_run_idx").on(t.retieringRunId),
    index("board_tier_decisions_enterprise_idx").on(t.enterpriseOrgId),
    check("tier_decision_source", sql`${t.applicationId} is not null or ${t.retieringRunId} is not null or ${t.violationId} is not null`),
    check(
      "tier_decision_override_reason",
      sql`${t.finalTier} is null or ${t.finalTier} = ${t.proposedTier} or length(trim(coalesce(${t.overrideReason}, ''))) > 0`,
    ),
    check("tier_decision_removal", sql`(${t.action} = 'remove') = (${t.removalReason} is not null)`),
  ],
);

/** 分层方案: what goes to the three regulators for joint approval. */
export const tierPlans = sqliteTable(
  "board_tier_plans",
  {
    id: text("id").primaryKey(),
    kind: text("kind", { enum: PLAN_KINDS }).notNull(),
    roundId: text("round_id").references(() => boardRounds.id),
    retieringRunId: text("retiering_run_id").references(() => retieringRuns.id),
    violationId: text("violation_id").references(() => boardViolations.id),
    state: text("state", { enum: PLAN_STATES }).notNull().default("draft"),
    /** Bumped on each (re)submission so approvals given to an earlier version do not count. */
    submission: integer("submission").notNull().default(0),
    createdBy: text("created_by").references(() => users.id),
    createdAt: integer("created_at").notNull().default(now),
    submittedAt: integer("submitted_at"),
    approvedAt: integer("approved_at"),
    /** An admission plan submitted after its round's plan deadline (notice §四(三)) carries the exchange's reason. */
    lateReason: text("late_reason"),
  },
  (t) => [
    index("board_tier_plans_round_idx").on(t.roundId),
    check(
      "tier_plan_source",
      sql`(${t.kind} = 'admission' and ${t.roundId} is not null) or (${t.kind} = 'retiering' and ${t.retieringRunId} is not null) or (${t.kind} = 'removal' and ${t.violationId} is not null)`,
    ),
  ],
);

export const tierPlanItems = sqliteTable(
  "board_tier_plan_items",
  {
    id: text("id").primaryKey(),
    planId: text("plan_id")
      .notNull()
      .references(() => tierPlans.id, { onDelete: "cascade" }),
    tierDecisionId: text("tier_decision_id")
      .notNull()
      .references(() => tierDecisions.id),
    enterpriseOrgId: text("enterprise_org_id")
      .notNull()
      .references(() => organisations.id),
    sortOrder: integer("sort_order").notNull().default(0),
  },
  (t) => [uniqueIndex("board_tier_plan_items_unique").on(t.planId, t.enterpriseOrgId)],
);

/** One sign-off (or return) per regulator per submission; the plan is approved when all three approve. */
export const tierPlanApprovals = sqliteTable(
  "board_tier_plan_approvals",
  {
    id: text("id").primaryKey(),
    planId: text("plan_id")
      .notNull()
      .references(() => tierPlans.id, { onDelete: "cascade" }),
    submission: integer("submission").notNull(),
    regulatorCode: text("regulator_code", { enum: REGULATOR_CODES }).notNull(),
    regulatorOrgId: text("regulator_org_id")
      .notNull()
      .references(() => organisations.id),
    decision: text("decision", { enum: APPROVAL_DECISIONS }).notNull(),
    comment: text("comment"),
    decidedBy: text("decided_by")
      .notNull()
      .references(() => users.id),
    decidedAt: integer("decided_at").notNull(),
  },
  (t) => [
    uniqueIndex("board_tier_plan_approvals_unique").on(t.planId, t.submission, t.regulatorCode),
    check("approval_return_comment", sql`${t.decision} = 'approved' or length(trim(coalesce(${t.comment}, ''))) > 0`),
  ],
);

/** A regulator may approve the plan while excluding named enterprises, each with a reason. */
export const tierPlanExclusions = sqliteTable(
  "board_tier_plan_exclusions",
  {
    id: text("id").primaryKey(),
    approvalId: text("approval_id")
      .notNull()
      .references(() => tierPlanApprovals.id, { onDelete: "cascade" }),
    planItemId: text("plan_item_id")
      .notNull()
      .references(() => tierPlanItems.id, { onDelete: "cascade" }),
    reason: text("reason").notNull(),
  },
  (t) => [uniqueIndex("board_tier_plan_exclusions_unique").on(t.approvalId, t.planItemId), check("exclusion_reason", sql`length(trim(${t.reason})) > 0`)],
);

/** 公示: the public list after approval, open for objections between the two dates (inclusive). */
export const publicNotices = sqliteTable(
  "board_public_notices",
  {
    id: text("id").primaryKey(),
    planId: text("plan_id")
      .notNull()
      .references(() => tierPlans.id),
    title: text("title").notNull(),
    startsOn: text("starts_on").notNull(),
    endsOn: text("ends_on").notNull(),
    publishedBy: text("published_by").references(() => users.id),
    publishedAt: integer("published_at").notNull(),
    closedAt: integer("closed_at"),
    /** An exchange admin may end the period early (no open objections), with a written reason. */
    endedEarlyAt: integer("ended_early_at"),
    endedEarlyBy: text("ended_early_by").references(() => users.id),
    endedEarlyReason: text("ended_early_reason"),
  },
  (t) => [uniqueIndex("board_public_notices_plan_unique").on(t.planId), check("notice_period", sql`${t.startsOn} <= ${t.endsOn}`)],
);

export const noticeObjections = sqliteTable(
  "board_notice_objections",
  {
    id: text("id").primaryKey(),
    noticeId: text("notice_id")
      .notNull()
      .references(() => publicNotices.id),
    planItemId: text("plan_item_id")
      .notNull()
      .references(() => tierPlanItems.id),
    objectorName: text("objector_name").notNull(),
    objectorIdNumber: text("objector_id_number").notNull(),
    objectorPhone: text("objector_phone").notNull(),
    objectorOrganisation: text("objector_organisation"),
    reasons: text("reasons").notNull(),
    /** Storage keys of the uploaded attachments. */
    attachments: text("attachments", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    state: text("state", { enum: OBJECTION_STATES }).notNull().default("lodged"),
    reviewComment: text("review_comment"),
    reviewedBy: text("reviewed_by").references(() => users.id),
    reviewedAt: integer("reviewed_at"),
    lodgedAt: integer("lodged_at").notNull(),
  },
  (t) => [index("board_notice_objections_notice_idx").on(t.noticeId, t.state)],
);

/** An enterprise on the board: its tier, entry date and dedicated service person (专人服务). */
export const boardMemberships = sqliteTable(
  "board_memberships",
  {
    id: text("id").primaryKey(),
    enterpriseOrgId: text("enterprise_org_id")
      .notNull()
      .references(() => organisations.id),
    tier: text("tier", { enum: TIERS }).notNull(),
    entryDate: text("entry_date").notNull(),
    servicePersonUserId: text("service_person_user_id").references(() => users.id),
    status: text("status", { enum: MEMBERSHIP_STATUSES }).notNull().default("listed"),
    admittedByPlanItemId: text("admitted_by_plan_item_id").references(() => tierPlanItems.id),
    removedAt: integer("removed_at"),
    removalReason: text("removal_reason", { enum: REMOVAL_REASONS }),
    /** The approved decision that removed it (its violation, if any, is the cited reason). */
    removalDecisionId: text("removal_decision_id").references(() => tierDecisions.id),
    createdAt: integer("created_at").notNull().default(now),
    updatedAt: integer("updated_at").notNull().default(now),
  },
  (t) => [
    // An enterprise can re-enter after removal, but is listed at most once at a time.
    uniqueIndex("board_memberships_listed_unique").on(t.enterpriseOrgId).where(sql`${t.status} = 'listed'`),
    index("board_memberships_tier_idx").on(t.status, t.tier),
  ],
);


/**
 * A listed enterprise's (or its service person's) update of the facts the tier rules read — titles, PE rounds,
 * tutoring, listing status — with evidence, numbered per enterprise and reviewed by the exchange. The yearly
 * re-tiering reads the latest confirmed version over the admitted application.
 */
export const boardFactUpdates = sqliteTable(
  "board_fact_updates",
  {
    id: text("id").primaryKey(),
    enterpriseOrgId: text("enterprise_org_id")
      .notNull()
      .references(() => organisations.id),
    version: integer("version").notNull(),
    /** The full fact set as of this version (JSON, see FactSet in fact-updates.server.ts). */
    facts: text("facts", { mode: "json" }).notNull(),
    evidence: text("evidence").notNull(),
    state: text("state", { enum: FACT_UPDATE_STATES }).notNull().default("submitted"),
    submittedBy: text("submitted_by")
      .notNull()
      .references(() => users.id),
    submittedAt: integer("submitted_at").notNull(),
    reviewedBy: text("reviewed_by").references(() => users.id),
    reviewedAt: integer("reviewed_at"),
    reviewComment: text("review_comment"),
  },
  (t) => [
    uniqueIndex("board_fact_updates_version_unique").on(t.enterpriseOrgId, t.version),
    check("fact_update_evidence", sql`length(trim(${t.evidence})) > 0`),
    check("fact_update_rejection", sql`${t.state} <> 'rejected' or length(trim(coalesce(${t.reviewComment}, ''))) > 0`),
  ],
);

/** 登记托管: the deadline (60 working days from entry) and the share a cultivation enterprise must reach. */
export const custodyRecords = sqliteTable(
  "board_custody_records",
  {
    id: text("id").primaryKey(),
    membershipId: text("membership_id")
      .notNull()
      .references(() => boardMemberships.id),
    entryDate: text("entry_date").notNull(),
    deadlineDate: text("deadline_date").notNull(),
    requiredRatioBp: integer("required_ratio_bp").notNull(),
    totalShares: integer("total_shares").notNull(),
    /** Account that holds the shares not yet confirmed (未确权部分的托管专户). */
    custodyAccountNo: text("custody_account_no"),
    createdAt: integer("created_at").notNull().default(now),
  },
  (t) => [uniqueIndex("board_custody_records_membership_unique").on(t.membershipId), check("custody_total_shares", sql`${t.totalShares} > 0`)],
);

/** Each entry states the cumulative confirmed shares as of a date; the latest entry is the position. */
export const custodyConfirmations = sqliteTable(
  "board_custody_confirmations",
  {
    id: text("id").primaryKey(),
    custodyId: text("custody_id")
      .notNull()
      .references(() => custodyRecords.id, { onDelete: "cascade" }),
    asOf: text("as_of").notNull(),
    confirmedShares: integer("confirmed_shares").notNull(),
    totalShares: integer("total_shares").notNull(),
    /** Attachment 1 §(六): the account holding the shares not yet confirmed, and who answers for them (required while any are unconfirmed). */
    unconfirmedAccountNo: text("unconfirmed_account_no"),
    responsibleParty: text("responsible_party"),
    note: text("note"),
    recordedBy: text("recorded_by").references(() => users.id),
    recordedAt: integer("recorded_at").notNull(),
  },
  (t) => [
    index("board_custody_confirmations_custody_idx").on(t.custodyId, t.recordedAt),
    check("custody_confirmed_range", sql`${t.confirmedShares} >= 0 and ${t.confirmedShares} <= ${t.totalShares}`),
  ],
);

/** Staff corrections and additions to the official calendar (chinese-days has no data after 2026). */
export const workingDayOverrides = sqliteTable("board_working_day_overrides", {
  date: text("date").primaryKey(),
  isWorkday: integer("is_workday", { mode: "boolean" }).notNull(),
  note: text("note"),
  updatedBy: text("updated_by").references(() => users.id),
  updatedAt: integer("updated_at").notNull().default(now),
});

/** Supporting files of an application; the type is what the bytes say (PDF/PNG/JPEG), never the name. */
export const boardApplicationFiles = sqliteTable(
  "board_application_files",
  {
    id: text("id").primaryKey(),
    applicationId: text("application_id")
      .notNull()
      .references(() => boardApplications.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: APPLICATION_FILE_KINDS }).notNull(),
    fileName: text("file_name").notNull(),
    mimeType: text("mime_type").notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    sha256: text("sha256").notNull(),
    storageKey: text("storage_key").notNull(),
    uploadedBy: text("uploaded_by").references(() => users.id),
    uploadedByOrgId: text("uploaded_by_org_id").references(() => organisations.id),
    uploadedAt: integer("uploaded_at").notNull(),
  },
  (t) => [index("board_application_files_app_idx").on(t.applicationId), uniqueIndex("board_application_files_key_unique").on(t.storageKey)],
);

/** Evidence of a violation as files (PDF/PNG/JPEG, checked by content), besides the written evidence. */
export const boardViolationFiles = sqliteTable(
  "board_violation_files",
  {
    id: text("id").primaryKey(),
    violationId: text("violation_id")
      .notNull()
      .references(() => boardViolations.id),
    fileName: text("file_name").notNull(),
    mimeType: text("mime_type").notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    sha256: text("sha256").notNull(),
    storageKey: text("storage_key").notNull(),
    uploadedBy: text("uploaded_by")
      .notNull()
      .references(() => users.id),
    uploadedAt: integer("uploaded_at").notNull(),
  },
  (t) => [index("board_violation_files_violation_idx").on(t.violationId), uniqueIndex("board_violation_files_key_unique").on(t.storageKey)],
);

/** Custody reminders already sent, so each level (20/10/5 working days, overdue) goes out once. */
export const custodyReminders = sqliteTable(
  "board_custody_reminders",
  {
    custodyId: text("custody_id")
      .notNull()
      .references(() => custodyRecords.id, { onDelete: "cascade" }),
    level: text("level").notNull(),
    sentAt: integer("sent_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.custodyId, t.level] })],
);

/**
 * A bureau's XLSX list import as a job in the database, so its progress survives a restart and any
 * app process can show it. The parsed rows wait here between validation and the explicit import;
 * `heartbeat_at` moves while a process works on the job, so one left running by a crashed process is
 * recognisable (and shown as failed — the import itself is one transaction, so nothing half-lands).
 */
export const boardImportJobs = sqliteTable(
  "board_import_jobs",
  {
    id: text("id").primaryKey(),
    createdBy: text("created_by")
      .notNull()
      .references(() => users.id),
    bureauOrgId: text("bureau_org_id")
      .notNull()
      .references(() => organisations.id),
    roundId: text("round_id")
      .notNull()
      .references(() => boardRounds.id, { onDelete: "cascade" }),
    fileName: text("file_name").notNull(),
    status: text("status", { enum: IMPORT_JOB_STATES }).notNull(),
    progressPhase: text("progress_phase", { enum: ["validate", "import"] }),
    progressDone: integer("progress_done").notNull().default(0),
    progressTotal: integer("progress_total").notNull().default(0),
    totalRows: integer("total_rows").notNull().default(0),
    validCount: integer("valid_count").notNull().default(0),
    errorCount: integer("error_count").notNull().default(0),
    /** ImportError[] as JSON: row, column, field, message key and values. */
    errors: text("errors", { mode: "json" }).$type<unknown[]>().notNull().default(sql`'[]'`),
    /** ImportRow[] as JSON: the rows that passed, imported only when the user asks. */
    validRows: text("valid_rows", { mode: "json" }).$type<unknown[]>().notNull().default(sql`'[]'`),
    imported: integer("imported"),
    failureKey: text("failure_key"),
    failureValues: text("failure_values", { mode: "json" }).$type<Record<string, string | number>>(),
    heartbeatAt: integer("heartbeat_at").notNull(),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
  },
  (t) => [index("board_import_jobs_owner_idx").on(t.createdBy, t.createdAt), index("board_import_jobs_expires_idx").on(t.expiresAt)],
);
