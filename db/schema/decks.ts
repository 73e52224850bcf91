import { sql } from "drizzle-orm";
import { blob, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { AUDIENCES } from "./enterprises";
import { financingNeeds } from "./financing";
import { organisations, users } from "./identity";

const now = sql`(cast(unixepoch('subsec') * 1000 as integer))`;

/** 路演材料: a deck with versions; the audience rules are those of profile sections. */
export const decks = sqliteTable(
  "roadshow_decks",
  {
    id: text("id").primaryKey(),
    enterpriseOrgId: text("enterprise_org_id")
      .notNull()
      .references(() => organisations.id),
    needId: text("need_id").references(() => financingNeeds.id),
    title: text("title").notNull(),
    audience: text("audience", { enum: AUDIENCES }).notNull().default("members"),
    /** Off by default: viewers get watermarked page images, not the file. */
    allowDownload: integer("allow_download", { mode: "boolean" }).notNull().default(false),
    ndaText: text("nda_text"),
    currentVersionId: text("current_version_id"),
    archivedAt: integer("archived_at"),
    createdBy: text("created_by").references(() => users.id),
    createdAt: integer("created_at").notNull().default(now),
    updatedAt: integer("updated_at").notNull().default(now),
  },
  (t) => [index("roadshow_decks_enterprise_idx").on(t.enterpriseOrgId), index("roadshow_decks_need_idx").on(t.needId)],
);

export const deckAudienceOrgs = sqliteTable(
  "roadshow_deck_audience_orgs",
  {
    deckId: text("deck_id")
      .notNull()
      .references(() => decks.id, { onDelete: "cascade" }),
    orgId: text("org_id")
      .notNull()
      .references(() => organisations.id),
  },
  (t) => [primaryKey({ columns: [t.deckId, t.orgId] }), index("roadshow_deck_audience_org_idx").on(t.orgId)],
);

export const deckVersions = sqliteTable(
  "roadshow_deck_versions",
  {
    id: text("id").primaryKey(),
    deckId: text("deck_id")
      .notNull()
      .references(() => decks.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    fileName: text("file_name").notNull(),
    byteSize: integer("byte_size").notNull(),
    pageCount: integer("page_count").notNull(),
    sha256: text("sha256").notNull(),
    uploadedBy: text("uploaded_by").references(() => users.id),
    uploadedAt: integer("uploaded_at").notNull(),
  },
  (t) => [uniqueIndex("roadshow_deck_versions_unique").on(t.deckId, t.version)],
);

/** The PDF bytes, apart from the metadata so listing versions never loads them. */
export const deckFiles = sqliteTable("roadshow_deck_files", {
  versionId: text("version_id")
    .primaryKey()
    .references(() => deckVersions.id, { onDelete: "cascade" }),
  bytes: blob("bytes", { mode: "buffer" }).notNull(),
});

export const deckShareLinks = sqliteTable(
  "roadshow_deck_share_links",
  {
    id: text("id").primaryKey(),
    deckId: text("deck_id")
      .notNull()
      .references(() => decks.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull(),
    label: text("label").notNull(),
    expiresAt: integer("expires_at").notNull(),
    revokedAt: integer("revoked_at"),
    createdBy: text("created_by").references(() => users.id),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [uniqueIndex("roadshow_deck_share_links_token_unique").on(t.tokenHash)],
);

/** NDA click-through, per viewer (user, or share link for outside viewers). */
export const deckNdaAcceptances = sqliteTable(
  "roadshow_deck_nda_acceptances",
  {
    deckId: text("deck_id")
      .notNull()
      .references(() => decks.id, { onDelete: "cascade" }),
    viewerKey: text("viewer_key").notNull(),
    acceptedAt: integer("accepted_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.deckId, t.viewerKey] })],
);

/**
 * One opening of the viewer. `analyticsConsent` is the viewer's choice; without it the enterprise only
 * sees aggregates that this session contributes to.
 */
export const deckViewSessions = sqliteTable(
  "roadshow_deck_view_sessions",
  {
    id: text("id").primaryKey(),
    deckId: text("deck_id")
      .notNull()
      .references(() => decks.id, { onDelete: "cascade" }),
    versionId: text("version_id")
      .notNull()
      .references(() => deckVersions.id, { onDelete: "cascade" }),
    /** "user:<id>" or "link:<id>". */
    viewerKey: text("viewer_key").notNull(),
    viewerUserId: text("viewer_user_id").references(() => users.id),
    viewerOrgId: text("viewer_org_id").references(() => organisations.id),
    shareLinkId: text("share_link_id").references(() => deckShareLinks.id),
    analyticsConsent: integer("analytics_consent", { mode: "boolean" }).notNull().default(false),
    startedAt: integer("started_at").notNull(),
    lastSeenAt: integer("last_seen_at").notNull(),
  },
  (t) => [index("roadshow_deck_view_sessions_deck_idx").on(t.deckId, t.startedAt), index("roadshow_deck_view_sessions_viewer_idx").on(t.deckId, t.viewerKey)],
);

export const deckPageTimes = sqliteTable(
  "roadshow_deck_page_times",
  {
    sessionId: text("session_id")
      .notNull()
      .references(() => deckViewSessions.id, { onDelete: "cascade" }),
    page: integer("page").notNull(),
    ms: integer("ms").notNull(),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.page] })],
);
