import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import * as schema from "./schema/index";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

const migrationsFolder = path.join(path.dirname(new URL(import.meta.url).pathname), "migrations");

/**
 * FULL: every commit is fsynced to the WAL before it returns, so what the app acknowledged (a stored message, an
 * accepted offer) survives power loss and an OS crash, not only a killed process. NORMAL is kept for tools that
 * rebuild data anyway. See docs/decisions/0603-durable-acknowledgements.md.
 */
export type Synchronous = "full" | "normal";

/** Opens the single connection a process uses: WAL for concurrent readers, FKs enforced, waits on locks, durable commits. */
export function openDatabase(file: string, options: { synchronous?: Synchronous } = {}): Db {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma(`synchronous = ${options.synchronous === "normal" ? "NORMAL" : "FULL"}`);
  return drizzle(sqlite, { schema }) as Db;
}

/**
 * Applies committed migrations. Foreign keys are switched off while they run so that a migration
 * which rebuilds a table (SQLite's only way to alter most things) cannot cascade-delete children;
 * afterwards foreign_key_check must come back empty or start-up fails.
 */
export function migrateDatabase(db: Db): void {
  const sqlite = db.$client;
  sqlite.pragma("foreign_keys = OFF");
  try {
    migrate(db, { migrationsFolder });
    const violations = sqlite.pragma("foreign_key_check") as unknown[];
    if (violations.length > 0) {
      throw new Error(`Migration left ${violations.length} foreign-key violations: ${JSON.stringify(violations.slice(0, 5))}`);
    }
  } finally {
    sqlite.pragma("foreign_keys = ON");
  }
}

export { schema };
