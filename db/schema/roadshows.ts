import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { decks } from "./decks";
import { organisations, users } from "./identity";

const now = sql`(cast(unixepoch('subsec') * 1000 as integer))`;

import { EVENT_AUDIENCES, EVENT_FORMATS, EVENT_STATES, QUESTION_STATES, REGISTRATION_STATES, REMINDER_KINDS, REQUEST_STATES, VENUE_KINDS } from "./constants";
export {
  EVENT_AUDIENCES,
  EVENT_FORMATS,
  EVENT_STATES,
  QUESTION_STATES,
  REGISTRATION_STATES,
  REMINDER_KINDS,
  REQUEST_STATES,
  VENUE_KINDS,
  type EventAudience,
  type EventFormat,
  type EventState,
  type QuestionState,
  type RegistrationState,
  type ReminderKind,
  type RequestState,
  type VenueKind,
} from "./constants";

/** 路演厅: exchange halls, the SZSE Xinjiang base, or the online-only channel (which never blocks a booking). */
export const roadshowVenues = sqliteTable("roadshow_venues", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  kind: text("kind", { enum: VENUE_KINDS }).notNull(),
  address: text("address"),
  capacity: integer("capacity").notNull(),
  archivedAt: integer("archived_at"),
  createdAt: integer("created_at").notNull().default(now),
});

/** A roadshow (single or 集中路演): times are unix ms UTC, shown in Asia/Shanghai. */
export const roadshowEvents = sqliteTable(
  "roadshow_events",
  {
    id: text("id").primaryKey(),
    title: text("title").notNull(),
    description: text("description"),
    format: text("format", { enum: EVENT_FORMATS }).notNull(),
    venueId: text("venue_id")
      .notNull()
      .references(() => roadshowVenues.id),
    startsAt: integer("starts_at").notNull(),
    endsAt: integer("ends_at").notNull(),
    audience: text("audience", { enum: EVENT_AUDIENCES }).notNull(),
    capacity: integer("capacity").notNull(),
    registrationDeadline: integer("registration_deadline").notNull(),
    streamUrl: text("stream_url"),
    recordingUrl: text("recording_url"),
    state: text("state", { enum: EVENT_STATES }).notNull().default("scheduled"),
    cancelReason: text("cancel_reason"),
    /** The slide every viewer is sent to; stored so a restart and late joiners resume it. */
    currentDeckId: text("current_deck_id").references(() => decks.id),
    currentPage: integer("current_page").notNull().default(1),
    chatLastSeq: integer("chat_last_seq").notNull().default(0),
    slowModeSeconds: integer("slow_mode_seconds").notNull().default(0),
    /** Set when answered questions were published as the enterprise's DD Q&A (once, after the end). */
    qaPublishedAt: integer("qa_published_at"),
    createdBy: text("created_by").references(() => users.id),
    createdAt: integer("created_at").notNull().default(now),
    updatedAt: integer("updated_at").notNull().default(now),
  },
  (t) => [index("roadshow_events_time_idx").on(t.startsAt), index("roadshow_events_venue_idx").on(t.venueId, t.startsAt)],
);

/** The presenting enterprises in their order (a joint roadshow has several slots), each with the deck it shows. */
export const roadshowSlots = sqliteTable(
  "roadshow_slots",
  {
    eventId: text("event_id")
      .notNull()
      .references(() => roadshowEvents.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    enterpriseOrgId: text("enterprise_org_id")
      .notNull()
      .references(() => organisations.id),
    deckId: text("deck_id").references(() => decks.id),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.position] }), uniqueIndex("roadshow_slots_enterprise_unique").on(t.eventId, t.enterpriseOrgId), index("roadshow_slots_org_idx").on(t.enterpriseOrgId)],
);

export const roadshowModerators = sqliteTable(
  "roadshow_moderators",
  {
    eventId: text("event_id")
      .notNull()
      .references(() => roadshowEvents.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.userId] }), index("roadshow_moderators_user_idx").on(t.userId)],
);

export const roadshowInvitedOrgs = sqliteTable(
  "roadshow_invited_orgs",
  {
    eventId: text("event_id")
      .notNull()
      .references(() => roadshowEvents.id, { onDelete: "cascade" }),
    orgId: text("org_id")
      .notNull()
      .references(() => organisations.id),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.orgId] })],
);

/** An enterprise asks for a roadshow; the scheduler accepts it into an event, proposes another time or declines. */
export const roadshowRequests = sqliteTable(
  "roadshow_requests",
  {
    id: text("id").primaryKey(),
    enterpriseOrgId: text("enterprise_org_id")
      .notNull()
      .references(() => organisations.id),
    requestedBy: text("requested_by")
      .notNull()
      .references(() => users.id),
    /** JSON array of YYYY-MM-DD (Shanghai) dates, first choice first. */
    preferredDates: text("preferred_dates").notNull(),
    audience: text("audience", { enum: EVENT_AUDIENCES }).notNull(),
    deckId: text("deck_id").references(() => decks.id),
    note: text("note"),
    state: text("state", { enum: REQUEST_STATES }).notNull().default("waiting"),
    eventId: text("event_id").references(() => roadshowEvents.id),
    proposedStartsAt: integer("proposed_starts_at"),
    reason: text("reason"),
    decidedBy: text("decided_by").references(() => users.id),
    decidedAt: integer("decided_at"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("roadshow_requests_org_idx").on(t.enterpriseOrgId), index("roadshow_requests_state_idx").on(t.state)],
);

/** One person's place at an event; the waitlist is ordered by createdAt and promoted when a seat frees. */
export const roadshowRegistrations = sqliteTable(
  "roadshow_registrations",
  {
    id: text("id").primaryKey(),
    eventId: text("event_id")
      .notNull()
      .references(() => roadshowEvents.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    orgId: text("org_id")
      .notNull()
      .references(() => organisations.id),
    state: text("state", { enum: REGISTRATION_STATES }).notNull(),
    /** Waitlist order: when the current (waitlisted or registered) state began. */
    queuedAt: integer("queued_at").notNull(),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [uniqueIndex("roadshow_registrations_unique").on(t.eventId, t.userId), index("roadshow_registrations_user_idx").on(t.userId)],
);

/** Reminders sent: one row per (event, person, kind, start time), so each goes out once and a reschedule earns new ones. */
export const roadshowReminders = sqliteTable(
  "roadshow_reminders",
  {
    eventId: text("event_id")
      .notNull()
      .references(() => roadshowEvents.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    kind: text("kind", { enum: REMINDER_KINDS }).notNull(),
    startsAt: integer("starts_at").notNull(),
    sentAt: integer("sent_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.userId, t.kind, t.startsAt] })],
);

/** A private calendar feed per user; only the token's hash is stored. */
export const roadshowCalendarFeeds = sqliteTable(
  "roadshow_calendar_feeds",
  {
    userId: text("user_id")
      .primaryKey()
      .references(() => users.id),
    tokenHash: text("token_hash").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [uniqueIndex("roadshow_calendar_feeds_token_unique").on(t.tokenHash)],
);

/** Live-room chat: stored before it is acknowledged; (event, clientId) is unique, seq is the room's order. */
export const roadshowChatMessages = sqliteTable(
  "roadshow_chat_messages",
  {
    id: text("id").primaryKey(),
    eventId: text("event_id")
      .notNull()
      .references(() => roadshowEvents.id, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    clientId: text("client_id").notNull(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    orgId: text("org_id")
      .notNull()
      .references(() => organisations.id),
    body: text("body").notNull(),
    deletedAt: integer("deleted_at"),
    deletedBy: text("deleted_by").references(() => users.id),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    uniqueIndex("roadshow_chat_client_unique").on(t.eventId, t.clientId),
    uniqueIndex("roadshow_chat_seq_unique").on(t.eventId, t.seq),
    index("roadshow_chat_user_idx").on(t.eventId, t.userId, t.createdAt),
  ],
);

export const roadshowChatMutes = sqliteTable(
  "roadshow_chat_mutes",
  {
    eventId: text("event_id")
      .notNull()
      .references(() => roadshowEvents.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    mutedBy: text("muted_by")
      .notNull()
      .references(() => users.id),
    mutedAt: integer("muted_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.userId] })],
);

/** Q&A: hidden from the audience until a moderator approves; anonymous to other viewers when the asker chooses. */
export const roadshowQuestions = sqliteTable(
  "roadshow_questions",
  {
    id: text("id").primaryKey(),
    eventId: text("event_id")
      .notNull()
      .references(() => roadshowEvents.id, { onDelete: "cascade" }),
    clientId: text("client_id").notNull(),
    askerUserId: text("asker_user_id")
      .notNull()
      .references(() => users.id),
    askerOrgId: text("asker_org_id")
      .notNull()
      .references(() => organisations.id),
    /** The presenting enterprise the question is for (the slot's enterprise); null = the whole event. */
    enterpriseOrgId: text("enterprise_org_id").references(() => organisations.id),
    body: text("body").notNull(),
    anonymous: integer("anonymous", { mode: "boolean" }).notNull().default(false),
    state: text("state", { enum: QUESTION_STATES }).notNull().default("pending"),
    mergedIntoId: text("merged_into_id"),
    votes: integer("votes").notNull().default(0),
    answeringNow: integer("answering_now", { mode: "boolean" }).notNull().default(false),
    answerText: text("answer_text"),
    answeredLive: integer("answered_live", { mode: "boolean" }).notNull().default(false),
    answeredAt: integer("answered_at"),
    answeredBy: text("answered_by").references(() => users.id),
    moderatedBy: text("moderated_by").references(() => users.id),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [uniqueIndex("roadshow_questions_client_unique").on(t.eventId, t.clientId), index("roadshow_questions_event_idx").on(t.eventId, t.state)],
);

export const roadshowQuestionVotes = sqliteTable(
  "roadshow_question_votes",
  {
    questionId: text("question_id")
      .notNull()
      .references(() => roadshowQuestions.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    at: integer("at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.questionId, t.userId] })],
);

/** One stay in the live room (a socket's join to leave); `consent` lets the presenting enterprise see the name. */
export const roadshowAttendance = sqliteTable(
  "roadshow_attendance",
  {
    id: text("id").primaryKey(),
    eventId: text("event_id")
      .notNull()
      .references(() => roadshowEvents.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    orgId: text("org_id")
      .notNull()
      .references(() => organisations.id),
    consent: integer("consent", { mode: "boolean" }).notNull().default(false),
    joinedAt: integer("joined_at").notNull(),
    leftAt: integer("left_at"),
  },
  (t) => [index("roadshow_attendance_event_idx").on(t.eventId, t.userId)],
);

export const roadshowPagesSeen = sqliteTable(
  "roadshow_pages_seen",
  {
    eventId: text("event_id")
      .notNull()
      .references(() => roadshowEvents.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    deckId: text("deck_id")
      .notNull()
      .references(() => decks.id),
    page: integer("page").notNull(),
    firstSeenAt: integer("first_seen_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.userId, t.deckId, t.page] })],
);

/** Every page the presenter set, for the replay timeline. */
export const roadshowSlideChanges = sqliteTable(
  "roadshow_slide_changes",
  {
    id: text("id").primaryKey(),
    eventId: text("event_id")
      .notNull()
      .references(() => roadshowEvents.id, { onDelete: "cascade" }),
    deckId: text("deck_id")
      .notNull()
      .references(() => decks.id),
    page: integer("page").notNull(),
    byUserId: text("by_user_id")
      .notNull()
      .references(() => users.id),
    at: integer("at").notNull(),
  },
  (t) => [index("roadshow_slide_changes_event_idx").on(t.eventId, t.at)],
);

/**
 * An answered roadshow question the presenting enterprise published as an FAQ on its profile. One row per question
 * (publishing again is the same row); `answerText` is the enterprise's edited wording (null = the answer as given in
 * the room, which stays unchanged in roadshow_questions); unpublished rows keep their wording and place.
 */
export const roadshowFaqEntries = sqliteTable(
  "roadshow_faq_entries",
  {
    questionId: text("question_id")
      .primaryKey()
      .references(() => roadshowQuestions.id, { onDelete: "cascade" }),
    enterpriseOrgId: text("enterprise_org_id")
      .notNull()
      .references(() => organisations.id),
    answerText: text("answer_text"),
    position: integer("position").notNull(),
    published: integer("published", { mode: "boolean" }).notNull().default(true),
    publishedAt: integer("published_at").notNull(),
    updatedBy: text("updated_by")
      .notNull()
      .references(() => users.id),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("roadshow_faq_entries_org_idx").on(t.enterpriseOrgId, t.published, t.position)],
);
