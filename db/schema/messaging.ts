import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { organisations, users } from "./identity";
import { CONVERSATION_SUBJECT_TYPES, PARTICIPANT_ROLES, NOTIFICATION_KINDS, ATTACHMENT_MIME_TYPES } from "./constants";
export { CONVERSATION_SUBJECT_TYPES, PARTICIPANT_ROLES, NOTIFICATION_KINDS, ATTACHMENT_MIME_TYPES, type ConversationSubjectType, type ParticipantRole, type NotificationKind, type AttachmentMimeType } from "./constants";

const now = sql`(cast(unixepoch('subsec') * 1000 as integer))`;

/**
 * One conversation per (subject, enterprise, counterpart): starting it again returns the same one.
 * `lastSeq` is the conversation's message counter; bumping it inside the insert's transaction is
 * what makes sequence numbers gap-free and ordered.
 */
export const conversations = sqliteTable(
  "conversations",
  {
    id: text("id").primaryKey(),
    subjectType: text("subject_type", { enum: CONVERSATION_SUBJECT_TYPES }).notNull(),
    /** Empty for 'general' so the uniqueness below still holds (SQLite treats NULLs as distinct). */
    subjectId: text("subject_id").notNull().default(""),
    enterpriseOrgId: text("enterprise_org_id")
      .notNull()
      .references(() => organisations.id),
    memberOrgId: text("member_org_id")
      .notNull()
      .references(() => organisations.id),
    createdBy: text("created_by")
      .notNull()
      .references(() => users.id),
    lastSeq: integer("last_seq").notNull().default(0),
    lastMessageAt: integer("last_message_at"),
    createdAt: integer("created_at").notNull().default(now),
  },
  (t) => [
    uniqueIndex("conversations_subject_pair_unique").on(t.subjectType, t.subjectId, t.enterpriseOrgId, t.memberOrgId),
    index("conversations_enterprise_idx").on(t.enterpriseOrgId),
    index("conversations_member_idx").on(t.memberOrgId),
  ],
);

/** Either an organisation (orgId) or one staff user (userId). */
export const conversationParticipants = sqliteTable(
  "conversation_participants",
  {
    id: text("id").primaryKey(),
    conversationId: text("conversation_id")
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    role: text("role", { enum: PARTICIPANT_ROLES }).notNull(),
    orgId: text("org_id").references(() => organisations.id),
    userId: text("user_id").references(() => users.id),
    addedBy: text("added_by").references(() => users.id),
    createdAt: integer("created_at").notNull().default(now),
  },
  (t) => [
    uniqueIndex("conversation_participants_org_unique").on(t.conversationId, t.orgId),
    uniqueIndex("conversation_participants_user_unique").on(t.conversationId, t.userId),
    // With the conversation: "my conversations" is read from the index alone (the unread summary, the messages list).
    index("conversation_participants_org_idx").on(t.orgId, t.conversationId),
    index("conversation_participants_user_idx").on(t.userId, t.conversationId),
  ],
);

/**
 * The stored message is the truth; sockets only deliver it. (conversation, clientId) is unique so a
 * resend after a lost ack returns the stored row instead of a second copy.
 */
export const messages = sqliteTable(
  "messages",
  {
    id: text("id").primaryKey(),
    conversationId: text("conversation_id")
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    clientId: text("client_id").notNull(),
    senderUserId: text("sender_user_id")
      .notNull()
      .references(() => users.id),
    senderOrgId: text("sender_org_id")
      .notNull()
      .references(() => organisations.id),
    body: text("body").notNull(),
    /** JSON array of attachment ids, in the order the sender attached them. */
    attachmentIds: text("attachment_ids").notNull().default("[]"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    uniqueIndex("messages_conversation_seq_unique").on(t.conversationId, t.seq),
    uniqueIndex("messages_conversation_client_unique").on(t.conversationId, t.clientId),
  ],
);

/** Per user: the highest sequence delivered to and read by them (drives ✓✓ and unread counts). */
export const readReceipts = sqliteTable(
  "message_read_receipts",
  {
    conversationId: text("conversation_id")
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    orgId: text("org_id").notNull(),
    lastDeliveredSeq: integer("last_delivered_seq").notNull().default(0),
    lastReadSeq: integer("last_read_seq").notNull().default(0),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.conversationId, t.userId] })],
);

/** Files are checked by their bytes, stored under dataDir/uploads with a random name, never by the uploader's name. */
export const messageAttachments = sqliteTable(
  "message_attachments",
  {
    id: text("id").primaryKey(),
    conversationId: text("conversation_id")
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    uploaderUserId: text("uploader_user_id")
      .notNull()
      .references(() => users.id),
    messageId: text("message_id").references(() => messages.id),
    fileName: text("file_name").notNull(),
    mimeType: text("mime_type", { enum: ATTACHMENT_MIME_TYPES }).notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    sha256: text("sha256").notNull(),
    storageKey: text("storage_key").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("message_attachments_conversation_idx").on(t.conversationId), uniqueIndex("message_attachments_storage_unique").on(t.storageKey)],
);

export const notifications = sqliteTable(
  "notifications",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: NOTIFICATION_KINDS }).notNull(),
    /** JSON: an i18n key with values and a link, so the text is rendered in the reader's language. */
    payload: text("payload").notNull(),
    /** Groups repeats (e.g. several messages in one conversation) into one unread row. */
    groupKey: text("group_key"),
    readAt: integer("read_at"),
    emailedAt: integer("emailed_at"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("notifications_user_unread_idx").on(t.userId, t.readAt), index("notifications_user_group_idx").on(t.userId, t.groupKey)],
);

/** Absent row = defaults (in-app on, daily digest on). */
export const notificationPreferences = sqliteTable(
  "notification_preferences",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: NOTIFICATION_KINDS }).notNull(),
    inApp: integer("in_app", { mode: "boolean" }).notNull().default(true),
    emailDigest: integer("email_digest", { mode: "boolean" }).notNull().default(true),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.kind] })],
);

/** One digest per user per Shanghai day: the primary key is what makes a rerun of the job harmless. */
export const notificationDigestRuns = sqliteTable(
  "notification_digest_runs",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    day: text("day").notNull(),
    mailId: text("mail_id"),
    notificationCount: integer("notification_count").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.day] })],
);
