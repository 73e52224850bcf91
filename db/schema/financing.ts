import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { organisations, users } from "./identity";
import { INSTRUMENTS, NEED_STATES, NEED_AUDIENCES, CLOSE_OUTCOMES } from "./constants";
export { INSTRUMENTS, NEED_STATES, NEED_AUDIENCES, COLLATERAL_TYPES, EQUITY_STAGES, CLOSE_OUTCOMES, type Instrument, type NeedState, type NeedAudience, type CollateralType } from "./constants";

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
