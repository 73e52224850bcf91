import { sql } from "drizzle-orm";
import { blob, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { organisations, users } from "./identity";
import { AUDIENCES, PROFILE_SECTIONS, ACCESS_REQUEST_STATES, DISCLOSURE_FREQUENCIES, DISCLOSURE_DUTY_SOURCES, INSTRUMENTS, type ProfileSection } from "./constants";
export { AUDIENCES, PROFILE_SECTIONS, ACCESS_REQUEST_STATES, DISCLOSURE_FREQUENCIES, DISCLOSURE_DUTY_SOURCES, type Audience, type ProfileSection, type AccessRequestState, type DisclosureFrequency, type DisclosureDutySource } from "./constants";

const now = sql`(cast(unixepoch('subsec') * 1000 as integer))`;

export const enterpriseProfiles = sqliteTable("enterprise_profiles", {
  orgId: text("org_id")
    .primaryKey()
    .references(() => organisations.id, { onDelete: "cascade" }),
  summary: text("summary").notNull().default(""),
  mainBusiness: text("main_business").notNull().default(""),
  products: text("products").notNull().default(""),
  /** JSON array of SRDI titles (e.g. "专精特新中小企业 2024"). */
  srdiTitles: text("srdi_titles", { mode: "json" }).$type<string[]>().notNull().default([]),
  team: text("team").notNull().default(""),
  employees: integer("employees"),
  foundedYear: integer("founded_year"),
  patents: integer("patents").notNull().default(0),
  softwareCopyrights: integer("software_copyrights").notNull().default(0),
  certifications: text("certifications").notNull().default(""),
  address: text("address").notNull().default(""),
  website: text("website"),
  logo: blob("logo", { mode: "buffer" }),
  logoMime: text("logo_mime"),
  logoUpdatedAt: integer("logo_updated_at"),
  updatedAt: integer("updated_at").notNull().default(now),
});

/** One row per section whose audience the enterprise chose; a missing row means "members". */
export const profileSectionAudiences = sqliteTable(
  "enterprise_section_audiences",
  {
    orgId: text("org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    section: text("section", { enum: PROFILE_SECTIONS }).notNull(),
    audience: text("audience", { enum: AUDIENCES }).notNull(),
    /** For `directed`: JSON array of organisation ids. */
    directedOrgIds: text("directed_org_ids", { mode: "json" }).$type<string[]>().notNull().default([]),
    updatedAt: integer("updated_at").notNull().default(now),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.section] })],
);

/** Yearly statements, integer yuan. Shown (with the trend chart) under the `financials` section's audience. */
export const financialStatements = sqliteTable(
  "enterprise_financial_statements",
  {
    orgId: text("org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    fiscalYear: integer("fiscal_year").notNull(),
    revenue: integer("revenue").notNull(),
    netProfit: integer("net_profit").notNull(),
    netAssets: integer("net_assets").notNull(),
    totalAssets: integer("total_assets").notNull(),
    liabilities: integer("liabilities").notNull(),
    rdExpense: integer("rd_expense").notNull(),
    operatingCashFlow: integer("operating_cash_flow").notNull(),
    /** 股本总额 at the year end (the NEEQ innovation-layer standards test it); null where not given. */
    shareCapital: integer("share_capital"),
    audited: integer("audited", { mode: "boolean" }).notNull().default(false),
    updatedAt: integer("updated_at").notNull().default(now),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.fiscalYear] })],
);

/**
 * Data authorisation: a member asks for non-public sections; the enterprise grants (scope = sections,
 * with an expiry), refuses, or later revokes. A granted, unexpired, unrevoked row is a live grant.
 */
export const dataAccessRequests = sqliteTable(
  "enterprise_data_access_requests",
  {
    id: text("id").primaryKey(),
    enterpriseOrgId: text("enterprise_org_id")
      .notNull()
      .references(() => organisations.id),
    requesterOrgId: text("requester_org_id")
      .notNull()
      .references(() => organisations.id),
    requesterUserId: text("requester_user_id").references(() => users.id),
    /** JSON array of sections asked for. */
    requestedSections: text("requested_sections", { mode: "json" }).$type<ProfileSection[]>().notNull(),
    purpose: text("purpose").notNull(),
    state: text("state", { enum: ACCESS_REQUEST_STATES }).notNull().default("pending"),
    /** JSON array: the scope actually granted (may be narrower than asked). */
    grantedSections: text("granted_sections", { mode: "json" }).$type<ProfileSection[]>().notNull().default([]),
    expiresAt: integer("expires_at"),
    decidedBy: text("decided_by").references(() => users.id),
    decidedAt: integer("decided_at"),
    decisionNote: text("decision_note"),
    revokedAt: integer("revoked_at"),
    createdAt: integer("created_at").notNull().default(now),
  },
  (t) => [
    index("enterprise_dar_enterprise_idx").on(t.enterpriseOrgId, t.state),
    index("enterprise_dar_requester_idx").on(t.requesterOrgId, t.state),
  ],
);

/**
 * 定向披露: an enterprise that took equity or debt financing reports periodically to the investors entitled
 * to it. One obligation per (enterprise, investor); its periods are generated from the schedule.
 */
export const disclosureObligations = sqliteTable(
  "enterprise_disclosure_obligations",
  {
    id: text("id").primaryKey(),
    enterpriseOrgId: text("enterprise_org_id")
      .notNull()
      .references(() => organisations.id),
    recipientOrgId: text("recipient_org_id")
      .notNull()
      .references(() => organisations.id),
    frequency: text("frequency", { enum: DISCLOSURE_FREQUENCIES }).notNull(),
    /** 'YYYY-MM-DD' (Shanghai): the first period starts here. */
    startsOn: text("starts_on").notNull(),
    /** What financing created it (a financing need id), for the record. */
    sourceNeedId: text("source_need_id"),
    endedAt: integer("ended_at"),
    createdAt: integer("created_at").notNull().default(now),
  },
  (t) => [
    uniqueIndex("enterprise_disclosure_obligation_unique").on(t.enterpriseOrgId, t.recipientOrgId),
    index("enterprise_disclosure_recipient_idx").on(t.recipientOrgId),
  ],
);

/**
 * One financing the enterprise has, and the directed-disclosure duty it creates: the investor (when it is on the board)
 * and the three regulators receive periodic reports at the frequency the financing's terms set (quarterly for equity,
 * half-yearly for debt) unless the exchange set another, with who set it and why. The obligations per recipient are
 * derived from these rows (the most frequent duty to a recipient sets its schedule).
 */
export const disclosureDuties = sqliteTable(
  "enterprise_disclosure_duties",
  {
    id: text("id").primaryKey(),
    enterpriseOrgId: text("enterprise_org_id")
      .notNull()
      .references(() => organisations.id),
    sourceKind: text("source_kind", { enum: DISCLOSURE_DUTY_SOURCES }).notNull(),
    /** The source's own key: the outcome or need id; for declared financing, enterprise + round + closing date (or fund name). */
    sourceRef: text("source_ref").notNull(),
    instrument: text("instrument", { enum: INSTRUMENTS }).notNull(),
    /** The investor when it is an organisation on the board; declared investors are often not. */
    investorOrgId: text("investor_org_id").references(() => organisations.id),
    investorName: text("investor_name").notNull(),
    amount: integer("amount"),
    /** 'YYYY-MM-DD': when the financing closed, as declared or recorded. */
    financedOn: text("financed_on"),
    frequency: text("frequency", { enum: DISCLOSURE_FREQUENCIES }).notNull(),
    /** Set when the exchange changed the frequency the terms gave, with its reason. */
    frequencySetBy: text("frequency_set_by").references(() => users.id),
    frequencySetAt: integer("frequency_set_at"),
    frequencyReason: text("frequency_reason"),
    /** 'YYYY-MM-DD' (Shanghai): the day the duty was recorded; its periods count from here. */
    startsOn: text("starts_on").notNull(),
    createdAt: integer("created_at").notNull().default(now),
  },
  (t) => [uniqueIndex("enterprise_disclosure_duty_source_unique").on(t.sourceKind, t.sourceRef), index("enterprise_disclosure_duty_enterprise_idx").on(t.enterpriseOrgId)],
);

export const disclosurePeriods = sqliteTable(
  "enterprise_disclosure_periods",
  {
    id: text("id").primaryKey(),
    obligationId: text("obligation_id")
      .notNull()
      .references(() => disclosureObligations.id, { onDelete: "cascade" }),
    /** e.g. "2026-Q1", "2026-H1", "2026". */
    period: text("period").notNull(),
    dueOn: text("due_on").notNull(),
    remindedAt: integer("reminded_at"),
    submittedAt: integer("submitted_at"),
    submittedBy: text("submitted_by").references(() => users.id),
    report: text("report"),
    revenue: integer("revenue"),
    netProfit: integer("net_profit"),
  },
  (t) => [uniqueIndex("enterprise_disclosure_period_unique").on(t.obligationId, t.period), index("enterprise_disclosure_due_idx").on(t.dueOn)],
);
