import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

const now = sql`(cast(unixepoch('subsec') * 1000 as integer))`;

/**
 * The search indexes are derived data: a write that changes searchable data adds a row here in the
 * same transaction, and the indexer applies it to the engine afterwards. Rows are kept for a while
 * after processing so that a rebuild can replay what changed while it ran.
 */
export const searchOutbox = sqliteTable(
  "search_outbox",
  {
    seq: integer("seq").primaryKey({ autoIncrement: true }),
    indexName: text("index_name").notNull(),
    docId: text("doc_id").notNull(),
    op: text("op", { enum: ["upsert", "delete"] }).notNull(),
    createdAt: integer("created_at").notNull().default(now),
    processedAt: integer("processed_at"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: integer("next_attempt_at").notNull().default(0),
    lastError: text("last_error"),
    /**
     * The indexer process applying the row, until `leaseExpiresAt`: two app processes sharing the
     * database never apply (and announce) the same change twice, and a crashed holder's rows are
     * taken over when the lease runs out.
     */
    leaseOwner: text("lease_owner"),
    leaseExpiresAt: integer("lease_expires_at"),
  },
  (t) => [
    index("search_outbox_pending_idx").on(t.processedAt, t.nextAttemptAt, t.seq),
    index("search_outbox_index_seq_idx").on(t.indexName, t.seq),
  ],
);
