/**
 * Every enum and constant list of the schema, without drizzle: routes and components import these (through
 * `@db/schema/constants`) so the browser bundle never carries drizzle's column classes. The schema files import
 * them for their column enums and re-export them, so server code may keep importing from `@db/schema`.
 */

// identity

export const ORG_KINDS = ["enterprise", "institution", "bureau", "regulator", "exchange"] as const;

export const INSTITUTION_TYPES = [
  "bank",
  "securities",
  "pe_vc",
  "guarantor",
  "leasing",
  "microloan",
  "factoring",
  "other",
] as const;

/** The three regulators that jointly approve the tier plan (notice §二(二)4). */
export const REGULATOR_CODES = ["miit_xj", "finance_xj", "csrc_xj"] as const;

export const ROLES = [
  "org_admin",
  "member",
  "reviewer",
  "service_specialist",
  "roadshow_scheduler",
  "exchange_admin",
] as const;

export type OrgKind = (typeof ORG_KINDS)[number];

export type InstitutionType = (typeof INSTITUTION_TYPES)[number];

export type RegulatorCode = (typeof REGULATOR_CODES)[number];

export type Role = (typeof ROLES)[number];

/** Roles that only exist inside the exchange center. */
export const EXCHANGE_ROLES: readonly Role[] = ["reviewer", "service_specialist", "roadshow_scheduler", "exchange_admin"];

// board

export const ROUND_STATES = ["open", "under_review", "in_approval", "on_notice", "closed"] as const;

export const APPLICATION_CHANNELS = ["self", "bureau", "sponsor"] as const;

export const APPLICATION_STATES = [
  "draft",
  "submitted",
  "returned",
  "forwarded",
  "checked",
  "in_plan",
  "approved",
  "on_notice",
  "admitted",
  "rejected",
  "withdrawn",
] as const;

/** Notice §二(一)1: what the industry authorities have recognised the enterprise as. */
export const SRDI_STATUSES = ["none", "innovative_sme", "srdi_sme", "little_giant"] as const;

/** PE/VC rounds in market order; the tier rule compares positions ("A-round or later"). */
export const PE_ROUNDS = ["seed", "angel", "pre_a", "a", "a_plus", "pre_b", "b", "b_plus", "c", "d", "e_or_later", "pre_ipo"] as const;

/** Attachment 1 §(三): the sponsor is the enterprise's PE manager (invested), lending bank (lent), or a firm that served it (advised). */
export const SPONSOR_RELATIONS = ["invested", "lent", "advised"] as const;

/** Enterprise size under 《中小企业划型标准规定》: a PE/VC-invested enterprise qualifies only as an SME (notice §二(一)2). */
export const SME_SIZES = ["micro", "small", "medium", "large"] as const;

/** What kind of breach: a disclosure failure, false information, a regulator's penalty, or another breach. */
export const VIOLATION_KINDS = ["disclosure_failure", "false_information", "regulatory_penalty", "other"] as const;
/** Recorded by exchange staff; confirmed (or dismissed, with a reason) by a reviewer. */
export const VIOLATION_STATES = ["recorded", "confirmed", "dismissed"] as const;
/** A fact update filed for re-tiering: waiting for, or given, the exchange's review. */
export const FACT_UPDATE_STATES = ["submitted", "confirmed", "rejected"] as const;

export const NEEQ_STATUSES = ["never", "listed", "delisted"] as const;

export const LISTING_MARKETS = ["bse", "star", "chinext", "main", "neeq"] as const;

export const TIERS = ["incubation", "standardisation", "cultivation"] as const;

export const CONTACT_ROLES = ["legal_rep", "contact", "finance"] as const;

export const REVIEW_ACTIONS = [
  "submit",
  "confirm_sponsor",
  "return",
  "forward",
  "check",
  "reject",
  "withdraw",
  "comment",
  "flag_listing_potential",
] as const;

export const THRESHOLD_METRICS = [
  "marketCap",
  "revenue",
  "netProfit",
  "netAssets",
  "operatingCashFlow",
  "rdExpense",
  "rdRatio",
  "weightedRoe",
  "revenueGrowth",
  "shareCapital",
] as const;

/** current: the estimate now; last: latest year; each: every one of the last N years; total/avg over N years; growth: compound over N years. */
export const THRESHOLD_AGGREGATIONS = ["current", "last", "each", "total", "avg", "growth"] as const;

export const THRESHOLD_OPS = ["gte", "gt"] as const;

export const THRESHOLD_UNITS = ["yuan", "bp"] as const;

export const PE_ROUND_MINIMUMS = ["a", "b"] as const;

export const NOTICE_DAY_KINDS = ["working", "calendar"] as const;

export const RETIERING_STATES = ["draft", "in_approval", "applied"] as const;

export const DECISION_ACTIONS = ["admit", "keep", "move", "remove"] as const;

export const REMOVAL_REASONS = ["no_longer_eligible", "violation"] as const;

/** admission and retiering plans list many enterprises; a removal plan proposes one removal for a violation, at any time. */
export const PLAN_KINDS = ["admission", "retiering", "removal"] as const;

export const PLAN_STATES = ["draft", "submitted", "returned", "approved"] as const;

export const APPROVAL_DECISIONS = ["approved", "returned"] as const;

export const OBJECTION_STATES = ["lodged", "upheld", "dismissed"] as const;

export const MEMBERSHIP_STATUSES = ["listed", "removed"] as const;

export const APPLICATION_FILE_KINDS = ["srdi_certificate", "financial_statements", "due_diligence", "audit_report", "business_licence", "other"] as const;

export const IMPORT_JOB_STATES = ["validating", "validated", "importing", "imported", "failed"] as const;

export type RoundState = (typeof ROUND_STATES)[number];

export type ApplicationChannel = (typeof APPLICATION_CHANNELS)[number];

export type ApplicationState = (typeof APPLICATION_STATES)[number];

export type SrdiStatus = (typeof SRDI_STATUSES)[number];

export type PeRound = (typeof PE_ROUNDS)[number];

export type NeeqStatus = (typeof NEEQ_STATUSES)[number];

export type ListingMarket = (typeof LISTING_MARKETS)[number];

export type Tier = (typeof TIERS)[number];

export type ThresholdMetric = (typeof THRESHOLD_METRICS)[number];

export type ThresholdAggregation = (typeof THRESHOLD_AGGREGATIONS)[number];

export type NoticeDayKind = (typeof NOTICE_DAY_KINDS)[number];

export type ApplicationFileKind = (typeof APPLICATION_FILE_KINDS)[number];

export type ImportJobState = (typeof IMPORT_JOB_STATES)[number];
export type SponsorRelation = (typeof SPONSOR_RELATIONS)[number];
export type SmeSize = (typeof SME_SIZES)[number];
export type ViolationKind = (typeof VIOLATION_KINDS)[number];
export type ViolationState = (typeof VIOLATION_STATES)[number];
export type FactUpdateState = (typeof FACT_UPDATE_STATES)[number];

// messaging

/** What a conversation is about; other areas register who may talk about their subjects. */
export const CONVERSATION_SUBJECT_TYPES = ["need", "offer", "product_application", "profile", "general"] as const;

/** Org-level parties see everything of their side; staff are individual exchange users added later. */
export const PARTICIPANT_ROLES = ["enterprise", "member", "staff"] as const;

/** Kinds a user can switch on or off; other areas notify under their own kind. */
export const NOTIFICATION_KINDS = ["message", "conversation", "offer", "product_application", "need", "follow", "board", "roadshow", "system"] as const;

export const ATTACHMENT_MIME_TYPES = ["application/pdf", "image/png", "image/jpeg", "image/webp"] as const;

export type ConversationSubjectType = (typeof CONVERSATION_SUBJECT_TYPES)[number];

export type ParticipantRole = (typeof PARTICIPANT_ROLES)[number];

export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export type AttachmentMimeType = (typeof ATTACHMENT_MIME_TYPES)[number];

// enterprises

/**
 * Who may see a piece of an enterprise's data ("非必要不披露"): everyone, all alliance members, named
 * organisations only, or the regulators only. The owner, exchange staff and regulators always see it.
 */
export const AUDIENCES = ["public", "members", "directed", "regulators"] as const;

/** Profile sections that carry their own audience. The identity card (name, region, industry, tier) is always public. */
export const PROFILE_SECTIONS = ["business", "team", "ip", "contact", "financials"] as const;

export const ACCESS_REQUEST_STATES = ["pending", "granted", "refused", "revoked"] as const;

export const DISCLOSURE_FREQUENCIES = ["quarterly", "semiannual", "annual"] as const;

/**
 * Where a directed-disclosure duty comes from (Attachment 1 §(七): every enterprise that took equity or debt financing):
 * a PE/VC round or a government fund the enterprise declared (application or confirmed fact update), an outcome
 * recorded on the platform (accepted offer, approved credit product), or a need the enterprise marked as matched or
 * closed as funded elsewhere (off the platform).
 */
export const DISCLOSURE_DUTY_SOURCES = ["declared_pe_round", "declared_gov_fund", "financing_outcome", "need_matched", "need_funded_elsewhere", "offer_disbursed"] as const;
export type DisclosureDutySource = (typeof DISCLOSURE_DUTY_SOURCES)[number];

export type Audience = (typeof AUDIENCES)[number];

export type ProfileSection = (typeof PROFILE_SECTIONS)[number];

export type AccessRequestState = (typeof ACCESS_REQUEST_STATES)[number];

export type DisclosureFrequency = (typeof DISCLOSURE_FREQUENCIES)[number];

// financing

export const INSTRUMENTS = ["equity", "convertible", "loan", "guarantee", "leasing"] as const;

export const NEED_STATES = ["draft", "published", "paused", "matched", "closed", "expired"] as const;

/** Needs are never regulators-only: they exist to be seen by funders. */
export const NEED_AUDIENCES = ["public", "members", "directed"] as const;

export const COLLATERAL_TYPES = ["equity_pledge", "ip", "receivables", "orders", "equipment", "real_estate", "credit"] as const;

export const EQUITY_STAGES = ["seed", "angel", "a", "b", "c", "pre_ipo"] as const;

export const CLOSE_OUTCOMES = ["funded_elsewhere", "no_longer_needed", "withdrawn", "other"] as const;

export type Instrument = (typeof INSTRUMENTS)[number];

export type NeedState = (typeof NEED_STATES)[number];

export type NeedAudience = (typeof NEED_AUDIENCES)[number];

export type CollateralType = (typeof COLLATERAL_TYPES)[number];

// marketplace

export const INSTITUTION_LICENCES = [
  "banking",
  "securities_brokerage",
  "sponsorship",
  "private_fund_manager",
  "financing_guarantee",
  "financial_leasing",
  "microloan",
  "commercial_factoring",
] as const;

export const FOLLOW_TARGETS = ["enterprise", "need"] as const;

export const OFFER_STATES = ["submitted", "revised", "withdrawn", "shortlisted", "accepted", "declined", "closed"] as const;

export const DECLINE_REASONS = ["rate", "amount", "collateral", "timing", "chose_another", "other"] as const;

/** 融资渠道 as the regulators count them. */
/** What the lender of an accepted offer records after acceptance: credit approval, each disbursement, or that it fell through. */
export const OFFER_PROGRESS_KINDS = ["approved", "disbursed", "failed"] as const;
export type OfferProgressKind = (typeof OFFER_PROGRESS_KINDS)[number];
export const FINANCING_CHANNELS = ["board_offer", "credit_product", "roadshow", "bank_enterprise_meeting", "direct", "other"] as const;

/**
 * proposed: a guarantor offered to back the loan; joined: the lender agreed (the offer's cost counts it);
 * declined: the lender said no; withdrawn: the guarantor left. Every write sets the state explicitly.
 */
export const GUARANTEE_STATES = ["proposed", "joined", "declined", "withdrawn"] as const;

export const PRODUCT_KINDS = ["ip_pledge", "receivables", "order_loan", "equipment_leasing", "equity_pledge", "credit_loan", "tech_loan"] as const;

export const PRODUCT_STATES = ["draft", "published", "retired"] as const;

export const PRODUCT_APPLICATION_STATES = ["submitted", "reviewing", "approved", "declined", "withdrawn", "closed"] as const;

export const OUTCOME_SUBJECTS = ["offer", "product_application"] as const;

export type InstitutionLicence = (typeof INSTITUTION_LICENCES)[number];

export type FollowTarget = (typeof FOLLOW_TARGETS)[number];

export type OfferState = (typeof OFFER_STATES)[number];

export type DeclineReason = (typeof DECLINE_REASONS)[number];

export type FinancingChannel = (typeof FINANCING_CHANNELS)[number];

export type ProductKind = (typeof PRODUCT_KINDS)[number];

export type ProductState = (typeof PRODUCT_STATES)[number];

export type ProductApplicationState = (typeof PRODUCT_APPLICATION_STATES)[number];

// saved-searches

export const SAVED_SEARCH_INDEXES = ["enterprises", "financing_needs", "credit_products"] as const;

export type SavedSearchIndex = (typeof SAVED_SEARCH_INDEXES)[number];

// jobs

export const JOB_RUN_STATUSES = ["ok", "skipped", "failed"] as const;

export type JobRunStatus = (typeof JOB_RUN_STATUSES)[number];

// roadshows

export const VENUE_KINDS = ["hall", "szse_base", "online"] as const;
export type VenueKind = (typeof VENUE_KINDS)[number];
export const EVENT_FORMATS = ["online", "onsite", "hybrid"] as const;
export type EventFormat = (typeof EVENT_FORMATS)[number];
/** public: anyone (the live room needs a login); members: every signed-in board user; invited: the invited institutions. */
export const EVENT_AUDIENCES = ["public", "members", "invited"] as const;
export type EventAudience = (typeof EVENT_AUDIENCES)[number];
export const EVENT_STATES = ["scheduled", "cancelled"] as const;
export type EventState = (typeof EVENT_STATES)[number];
export const REQUEST_STATES = ["waiting", "proposed", "accepted", "declined", "withdrawn"] as const;
export type RequestState = (typeof REQUEST_STATES)[number];
export const REGISTRATION_STATES = ["registered", "waitlisted", "cancelled"] as const;
export type RegistrationState = (typeof REGISTRATION_STATES)[number];
export const QUESTION_STATES = ["pending", "approved", "hidden", "merged"] as const;
export type QuestionState = (typeof QUESTION_STATES)[number];
export const REMINDER_KINDS = ["24h", "1h"] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

// staff

/** What a reminder waiting for the daily digest is about: custody, a disclosure, or an overdue service request. */
export const REMINDER_SOURCES = ["custody", "disclosure", "service_request"] as const;
export type ReminderSource = (typeof REMINDER_SOURCES)[number];
export const SERVICE_REQUEST_KINDS = ["financing", "listing_advice", "training", "policy", "roadshow", "other"] as const;
export type ServiceRequestKind = (typeof SERVICE_REQUEST_KINDS)[number];
export const SERVICE_REQUEST_STATES = ["open", "in_progress", "resolved", "closed"] as const;
export type ServiceRequestState = (typeof SERVICE_REQUEST_STATES)[number];
export const SERVICE_REQUEST_EVENT_KINDS = ["opened", "started", "resolved", "closed", "reopened", "escalated", "rated", "commented"] as const;
export type ServiceRequestEventKind = (typeof SERVICE_REQUEST_EVENT_KINDS)[number];
export const VISIT_KINDS = ["visit", "survey"] as const;
export type VisitKind = (typeof VISIT_KINDS)[number];
/** 上市培育: the stages an enterprise passes on its way to a listing (Attachment 2 §二(三)). */
export const CULTIVATION_STAGES = ["shareholding_reform", "tutoring_filing", "filing", "listed"] as const;
export type CultivationStage = (typeof CULTIVATION_STAGES)[number];
export const REPORT_PERIOD_KINDS = ["month", "quarter", "year"] as const;
export type ReportPeriodKind = (typeof REPORT_PERIOD_KINDS)[number];
export const POLICY_CATEGORIES = ["financing", "subsidy", "tax", "listing", "talent", "other"] as const;
export type PolicyCategory = (typeof POLICY_CATEGORIES)[number];
export const ESOP_KINDS = ["stock_option", "restricted_stock", "employee_shareholding"] as const;
export const ESOP_ENTRY_KINDS = ["grant", "vest", "transfer", "forfeit"] as const;
export type EsopEntryKind = (typeof ESOP_ENTRY_KINDS)[number];
export const ESOP_AUDIENCES = ["participants", "shareholders", "participants_and_shareholders"] as const;
