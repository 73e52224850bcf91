import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

const now = sql`(cast(unixepoch('subsec') * 1000 as integer))`;

/**
 * Every email the product sends goes through this table first, so a mail server that is down
 * loses nothing and exchange admins can read what was sent when no SMTP server is configured.
 */
export const mailOutbox = sqliteTable(
  "mail_outbox",
  {
    id: text("id").primaryKey(),
    to: text("to").notNull(),
    subject: text("subject").notNull(),
    body: text("body").notNull(),
    kind: text("kind").notNull(),
    createdAt: integer("created_at").notNull().default(now),
    sentAt: integer("sent_at"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
  },
  (t) => [index("mail_outbox_pending_idx").on(t.sentAt)],
);

/**
 * Append-only, hash-chained record of every workflow state change and every use of an enterprise's
 * data. Each row stores the previous row's hash, so editing or deleting any row breaks the chain
 * at a point that verification names.
 */
export const auditLog = sqliteTable(
  "audit_log",
  {
    seq: integer("seq").primaryKey(),
    id: text("id").notNull(),
    at: integer("at").notNull(),
    actorUserId: text("actor_user_id"),
    actorOrgId: text("actor_org_id"),
    action: text("action").notNull(),
    subjectType: text("subject_type").notNull(),
    subjectId: text("subject_id").notNull(),
    enterpriseOrgId: text("enterprise_org_id"),
    data: text("data").notNull(),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
  },
  (t) => [index("audit_subject_idx").on(t.subjectType, t.subjectId), index("audit_enterprise_idx").on(t.enterpriseOrgId)],
);

/**
 * How many times each table has changed: one row per table, bumped by an AFTER INSERT/UPDATE/DELETE trigger on that
 * table in the same transaction as the change (the triggers are kept by `ensureDataVersions` in db/client.ts, for every
 * table, after the migrations). A derived read remembered with the versions of the tables it read is still exact while
 * those versions stand (app/utils/cached-read.server.ts, ADR 0931). Written by the triggers only.
 */
export const dataVersions = sqliteTable("data_versions", {
  tableName: text("table_name").primaryKey(),
  version: integer("version").notNull().default(0),
});
