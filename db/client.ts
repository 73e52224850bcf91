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
  return connect(new Database(file), options);
}

/**
 * An in-memory database that starts as a copy of a serialized one (`db.$client.serialize()`), configured exactly as
 * `openDatabase` configures a connection. The tests open every fresh database from one image migrated at the start
 * of the run (test/global-setup.ts) instead of running all migrations again for each (ADR 0025).
 */
export function openDatabaseImage(image: Buffer, options: { synchronous?: Synchronous } = {}): Db {
  return connect(new Database(image), options);
}

function connect(sqlite: Database.Database, options: { synchronous?: Synchronous }): Db {
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma(`synchronous = ${options.synchronous === "normal" ? "NORMAL" : "FULL"}`);
  cachePreparedStatements(sqlite);
  return drizzle(sqlite, { schema }) as Db;
}

const STATEMENT_CACHE_SIZE = 500;

/**
 * drizzle prepares every query it runs, and compiling the SQL was the largest single cost of a page's database work
 * (profiled on the dashboards, ADR 0901). The connection keeps the last 500 statements by SQL text and hands a
 * cached one back in its default mode (not raw, not plucked, not expanded), so a caller sees exactly what a fresh
 * `prepare` would give it. A statement another caller is still iterating is never handed out twice.
 */
export function cachePreparedStatements(sqlite: Database.Database): void {
  const prepare = sqlite.prepare.bind(sqlite);
  const cache = new Map<string, Database.Statement>();
  sqlite.prepare = ((source: string) => {
    const cached = cache.get(source);
    if (cached && !cached.busy) {
      cache.delete(source); // re-insert: the map's order is the recency order
      cache.set(source, cached);
      if (cached.reader) cached.raw(false).pluck(false).expand(false);
      return cached;
    }
    const statement = prepare(source);
    if (!cached) {
      cache.set(source, statement);
      if (cache.size > STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
    }
    return statement;
  }) as Database.Database["prepare"];
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
