import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { organisations, users } from "./identity";
import { SAVED_SEARCH_INDEXES } from "./constants";
export { SAVED_SEARCH_INDEXES, type SavedSearchIndex } from "./constants";

const now = sql`(cast(unixepoch('subsec') * 1000 as integer))`;

/**
 * A member's named query. `query` is the search page's canonical URL query string, so opening a
 * saved search is just following a link, and the alert matcher parses it with the same schema.
 * The organisation is recorded because visibility (directed needs) is decided per organisation:
 * alerts stop if the user leaves it.
 */
export const savedSearches = sqliteTable(
  "saved_searches",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    orgId: text("org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    indexName: text("index_name", { enum: SAVED_SEARCH_INDEXES }).notNull(),
    query: text("query").notNull(),
    alertsEnabled: integer("alerts_enabled", { mode: "boolean" }).notNull().default(true),
    lastAlertAt: integer("last_alert_at"),
    createdAt: integer("created_at").notNull().default(now),
    updatedAt: integer("updated_at").notNull().default(now),
  },
  (t) => [index("saved_searches_user_idx").on(t.userId), index("saved_searches_alert_idx").on(t.indexName, t.alertsEnabled)],
);

/**
 * One alert per (saved search, document, document version): the primary key makes replaying an
 * outbox row, or a second app node applying it, harmless.
 */
export const savedSearchAlerts = sqliteTable(
  "saved_search_alerts",
  {
    savedSearchId: text("saved_search_id")
      .notNull()
      .references(() => savedSearches.id, { onDelete: "cascade" }),
    docId: text("doc_id").notNull(),
    docVersion: integer("doc_version").notNull(),
    notificationId: text("notification_id"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.savedSearchId, t.docId, t.docVersion] })],
);
