import { sql } from "drizzle-orm";
import { blob, check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { boardMemberships } from "./board";
import { organisations, users } from "./identity";
import { REMINDER_SOURCES, SERVICE_REQUEST_KINDS, SERVICE_REQUEST_STATES, SERVICE_REQUEST_EVENT_KINDS, VISIT_KINDS, CULTIVATION_STAGES, REPORT_PERIOD_KINDS, POLICY_CATEGORIES, ESOP_KINDS, ESOP_ENTRY_KINDS, ESOP_AUDIENCES } from "./constants";
export { REMINDER_SOURCES, SERVICE_REQUEST_KINDS, SERVICE_REQUEST_STATES, SERVICE_REQUEST_EVENT_KINDS, VISIT_KINDS, CULTIVATION_STAGES, REPORT_PERIOD_KINDS, POLICY_CATEGORIES, ESOP_KINDS, ESOP_ENTRY_KINDS, ESOP_AUDIENCES, type ReminderSource, type ServiceRequestKind, type ServiceRequestState, type ServiceRequestEventKind, type VisitKind, type CultivationStage, type ReportPeriodKind, type PolicyCategory, type EsopEntryKind } from "./constants";

// The exchange's service desk (Attachment 2 §二(一)): dedicated service persons, the needs they collect
// (service requests with an SLA in working days), visits and surveys, reminder digests, and the periodic
// report packs the three regulators receive (§二(六), Attachment 1 §(二十三)).

const now = sql`(cast(unixepoch('subsec') * 1000 as integer))`;

/**
 * Reminders (custody, disclosure, overdue service requests) wait here and reach a person as one digest
 * notification a day, never twenty separate notices. `day` is the Shanghai date the reminder fell due.
 */
export const staffReminderItems = sqliteTable(
  "staff_reminder_items",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    day: text("day").notNull(),
    source: text("source", { enum: REMINDER_SOURCES }).notNull(),
    /** i18n key and values, rendered in the reader's language. */
    key: text("key").notNull(),
    values: text("values", { mode: "json" }).$type<Record<string, string | number>>().notNull(),
    href: text("href").notNull(),
    createdAt: integer("created_at").notNull(),
    /** The digest notification that carried it; null until the digest job has run. */
    notificationId: text("notification_id"),
  },
  (t) => [index("staff_reminder_items_pending_idx").on(t.notificationId, t.userId), index("staff_reminder_items_user_day_idx").on(t.userId, t.day)],
);

/** One digest notification per person per Shanghai day: the primary key makes a second one impossible. */
export const staffReminderDigests = sqliteTable(
  "staff_reminder_digests",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    day: text("day").notNull(),
    notificationId: text("notification_id").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.day] })],
);

/** Who served an enterprise when: the admission's pick, then every reassignment (专人服务 with history). */
export const serviceAssignments = sqliteTable(
  "staff_service_assignments",
  {
    id: text("id").primaryKey(),
    membershipId: text("membership_id")
      .notNull()
      .references(() => boardMemberships.id),
    enterpriseOrgId: text("enterprise_org_id")
      .notNull()
      .references(() => organisations.id),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    startedAt: integer("started_at").notNull(),
    endedAt: integer("ended_at"),
    assignedBy: text("assigned_by").references(() => users.id),
    reason: text("reason"),
  },
  (t) => [index("staff_service_assignments_enterprise_idx").on(t.enterpriseOrgId, t.startedAt), index("staff_service_assignments_user_idx").on(t.userId, t.endedAt)],
);

/** 需求收集: a need an enterprise (or its service person on its behalf) raised, routed to its service person. */
export const serviceRequests = sqliteTable(
  "staff_service_requests",
  {
    /** Client-generated, so a resubmitted form does not raise the request twice. */
    id: text("id").primaryKey(),
    enterpriseOrgId: text("enterprise_org_id")
      .notNull()
      .references(() => organisations.id),
    raisedByUserId: text("raised_by_user_id")
      .notNull()
      .references(() => users.id),
    raisedByOrgId: text("raised_by_org_id")
      .notNull()
      .references(() => organisations.id),
    kind: text("kind", { enum: SERVICE_REQUEST_KINDS }).notNull(),
    title: text("title").notNull(),
    body: text("body").notNull(),
    state: text("state", { enum: SERVICE_REQUEST_STATES }).notNull().default("open"),
    assigneeUserId: text("assignee_user_id").references(() => users.id),
    /** Shanghai dates: raised on, and due by (slaWorkingDays working days later). */
    openedOn: text("opened_on").notNull(),
    dueOn: text("due_on").notNull(),
    slaWorkingDays: integer("sla_working_days").notNull(),
    startedAt: integer("started_at"),
    resolvedAt: integer("resolved_at"),
    resolvedOn: text("resolved_on"),
    resolution: text("resolution"),
    closedAt: integer("closed_at"),
    escalatedAt: integer("escalated_at"),
    rating: integer("rating"),
    ratingComment: text("rating_comment"),
    ratedAt: integer("rated_at"),
    /** The visit follow-up it came from, if any. */
    fromFollowUpId: text("from_follow_up_id"),
    createdAt: integer("created_at").notNull().default(now),
    updatedAt: integer("updated_at").notNull().default(now),
  },
  (t) => [
    index("staff_service_requests_enterprise_idx").on(t.enterpriseOrgId, t.createdAt),
    index("staff_service_requests_assignee_idx").on(t.assigneeUserId, t.state),
    index("staff_service_requests_due_idx").on(t.state, t.dueOn),
    check("staff_service_request_rating", sql`${t.rating} is null or (${t.rating} between 1 and 5)`),
  ],
);

export const serviceRequestEvents = sqliteTable(
  "staff_service_request_events",
  {
    id: text("id").primaryKey(),
    requestId: text("request_id")
      .notNull()
      .references(() => serviceRequests.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: SERVICE_REQUEST_EVENT_KINDS }).notNull(),
    actorUserId: text("actor_user_id").references(() => users.id),
    note: text("note"),
    at: integer("at").notNull(),
  },
  (t) => [index("staff_service_request_events_request_idx").on(t.requestId, t.at)],
);

/** Files of a request or a visit; the type is what the bytes say. */
export const serviceFiles = sqliteTable(
  "staff_service_files",
  {
    id: text("id").primaryKey(),
    requestId: text("request_id").references(() => serviceRequests.id, { onDelete: "cascade" }),
    visitId: text("visit_id").references(() => serviceVisits.id, { onDelete: "cascade" }),
    /** Evidence of a listing-cultivation stage (the board's approval of a reform, a CSRC filing receipt…). */
    cultivationStageId: text("cultivation_stage_id").references(() => cultivationStages.id, { onDelete: "cascade" }),
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
  (t) => [
    index("staff_service_files_request_idx").on(t.requestId),
    index("staff_service_files_visit_idx").on(t.visitId),
    index("staff_service_files_stage_idx").on(t.cultivationStageId),
    uniqueIndex("staff_service_files_key_unique").on(t.storageKey),
  ],
);

/** 调研走访: what the service person learned on site; it feeds the enterprise's record. */
export const serviceVisits = sqliteTable(
  "staff_service_visits",
  {
    id: text("id").primaryKey(),
    enterpriseOrgId: text("enterprise_org_id")
      .notNull()
      .references(() => organisations.id),
    kind: text("kind", { enum: VISIT_KINDS }).notNull(),
    visitedOn: text("visited_on").notNull(),
    participants: text("participants", { mode: "json" }).$type<string[]>().notNull(),
    findings: text("findings").notNull(),
    recordedBy: text("recorded_by")
      .notNull()
      .references(() => users.id),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("staff_service_visits_enterprise_idx").on(t.enterpriseOrgId, t.visitedOn)],
);

export const visitFollowUps = sqliteTable(
  "staff_visit_follow_ups",
  {
    id: text("id").primaryKey(),
    visitId: text("visit_id")
      .notNull()
      .references(() => serviceVisits.id, { onDelete: "cascade" }),
    text: text("text").notNull(),
    kind: text("kind", { enum: SERVICE_REQUEST_KINDS }).notNull(),
    serviceRequestId: text("service_request_id").references(() => serviceRequests.id),
  },
  (t) => [index("staff_visit_follow_ups_visit_idx").on(t.visitId)],
);

export const cultivationStages = sqliteTable(
  "staff_cultivation_stages",
  {
    id: text("id").primaryKey(),
    enterpriseOrgId: text("enterprise_org_id")
      .notNull()
      .references(() => organisations.id),
    stage: text("stage", { enum: CULTIVATION_STAGES }).notNull(),
    reachedOn: text("reached_on").notNull(),
    note: text("note"),
    recordedBy: text("recorded_by")
      .notNull()
      .references(() => users.id),
    recordedAt: integer("recorded_at").notNull(),
  },
  (t) => [uniqueIndex("staff_cultivation_stage_unique").on(t.enterpriseOrgId, t.stage), index("staff_cultivation_stage_idx").on(t.stage, t.reachedOn)],
);

/** A generated report pack for the three regulators: kept with its period and the hash of its numbers. */
export const reportPacks = sqliteTable(
  "staff_report_packs",
  {
    id: text("id").primaryKey(),
    periodKind: text("period_kind", { enum: REPORT_PERIOD_KINDS }).notNull(),
    /** 2026-03, 2026-Q1, 2026 */
    period: text("period").notNull(),
    periodStart: text("period_start").notNull(),
    periodEnd: text("period_end").notNull(),
    /** sha256 of the canonical metrics JSON: the same data gives the same hash. */
    metricsHash: text("metrics_hash").notNull(),
    metrics: text("metrics").notNull(),
    xlsx: blob("xlsx", { mode: "buffer" }).notNull(),
    xlsxSha256: text("xlsx_sha256").notNull(),
    pdf: blob("pdf", { mode: "buffer" }).notNull(),
    pdfSha256: text("pdf_sha256").notNull(),
    trigger: text("trigger", { enum: ["job", "on_demand", "seed"] }).notNull(),
    generatedBy: text("generated_by").references(() => users.id),
    generatedAt: integer("generated_at").notNull(),
  },
  (t) => [index("staff_report_packs_period_idx").on(t.periodKind, t.period, t.generatedAt)],
);

/**
 * 政策宣传: a policy the exchange publishes, with who it is for. An empty eligibility list means "any"; an
 * enterprise fits when it matches every non-empty list. Publishing notifies the fitting board enterprises.
 */
export const policyPosts = sqliteTable(
  "staff_policy_posts",
  {
    /** Client-generated, so a resubmitted form does not publish twice. */
    id: text("id").primaryKey(),
    title: text("title").notNull(),
    body: text("body").notNull(),
    category: text("category", { enum: POLICY_CATEGORIES }).notNull(),
    sourceDocument: text("source_document").notNull(),
    tiers: text("tiers", { mode: "json" }).$type<string[]>().notNull(),
    prefectures: text("prefectures", { mode: "json" }).$type<string[]>().notNull(),
    industries: text("industries", { mode: "json" }).$type<string[]>().notNull(),
    srdiStatuses: text("srdi_statuses", { mode: "json" }).$type<string[]>().notNull(),
    /** How many enterprises fitted when it was published (and were notified). */
    audienceCount: integer("audience_count").notNull(),
    publishedBy: text("published_by")
      .notNull()
      .references(() => users.id),
    publishedAt: integer("published_at").notNull(),
  },
  (t) => [index("staff_policy_posts_published_idx").on(t.publishedAt)],
);

/**
 * 股权激励服务: an equity-incentive or employee-shareholding plan registered and held in custody at the exchange
 * (Attachment 2 §二(四)), with its pool of incentive shares and the audience its disclosures go to.
 */
export const esopPlans = sqliteTable(
  "staff_esop_plans",
  {
    id: text("id").primaryKey(),
    enterpriseOrgId: text("enterprise_org_id")
      .notNull()
      .references(() => organisations.id),
    name: text("name").notNull(),
    kind: text("kind", { enum: ESOP_KINDS }).notNull(),
    poolShares: integer("pool_shares").notNull(),
    approvedOn: text("approved_on").notNull(),
    /** The custody account at the exchange holding the plan's shares. */
    custodyAccountNo: text("custody_account_no"),
    audience: text("audience", { enum: ESOP_AUDIENCES }).notNull(),
    createdBy: text("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("staff_esop_plans_enterprise_idx").on(t.enterpriseOrgId), check("staff_esop_pool", sql`${t.poolShares} > 0`)],
);

/** The plan's participants who use the platform (users of the enterprise): disclosures marked for sending reach them. */
export const esopParticipants = sqliteTable(
  "staff_esop_participants",
  {
    planId: text("plan_id")
      .notNull()
      .references(() => esopPlans.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    /** The holder name in the register this person is (shown beside their account). */
    holderName: text("holder_name").notNull(),
    addedBy: text("added_by")
      .notNull()
      .references(() => users.id),
    addedAt: integer("added_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.planId, t.userId] })],
);

/** The register: grants, vesting, transfers and forfeitures per holder, each disclosed to the plan's audience. */
export const esopEntries = sqliteTable(
  "staff_esop_entries",
  {
    id: text("id").primaryKey(),
    planId: text("plan_id")
      .notNull()
      .references(() => esopPlans.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ESOP_ENTRY_KINDS }).notNull(),
    holderName: text("holder_name").notNull(),
    /** For a transfer: who received the shares. */
    toHolderName: text("to_holder_name"),
    shares: integer("shares").notNull(),
    effectiveOn: text("effective_on").notNull(),
    /** What was disclosed to the plan's audience about this entry, and when. */
    disclosure: text("disclosure").notNull(),
    disclosedAt: integer("disclosed_at").notNull(),
    /** When the disclosure was sent to the plan's participants (once), and to how many people. */
    sentAt: integer("sent_at"),
    sentTo: integer("sent_to"),
    recordedBy: text("recorded_by")
      .notNull()
      .references(() => users.id),
  },
  (t) => [index("staff_esop_entries_plan_idx").on(t.planId, t.effectiveOn), check("staff_esop_entry_shares", sql`${t.shares} > 0`)],
);
