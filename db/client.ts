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
    ensureDataVersions(sqlite);
  } finally {
    sqlite.pragma("foreign_keys = ON");
  }
}

/** Tables no change counter is kept for: SQLite's own, drizzle's migration log and the counters themselves. */
const UNCOUNTED = new Set(["__drizzle_migrations", "data_versions"]);
const quoteName = (name: string) => `"${name.replaceAll('"', '""')}"`;
const quoteText = (text: string) => `'${text.replaceAll("'", "''")}'`;

/**
 * Gives every table a row in `data_versions` and three triggers that bump it on each inserted, updated or deleted row,
 * inside the writing statement's transaction. Kept here rather than in a migration so that a table a later migration
 * adds, or rebuilds (which drops its triggers), is counted again on the next start without anyone remembering to.
 * Only the missing pieces are created, in one transaction.
 */
export function ensureDataVersions(sqlite: Database.Database): void {
  const tables = (sqlite.prepare("select name from sqlite_schema where type = 'table' and name not like 'sqlite\\_%' escape '\\' and sql not like 'create virtual%'").all() as { name: string }[])
    .map((t) => t.name)
    .filter((name) => !UNCOUNTED.has(name));
  const triggerTable = new Map((sqlite.prepare("select name, tbl_name as tableName from sqlite_schema where type = 'trigger'").all() as { name: string; tableName: string }[]).map((t) => [t.name, t.tableName]));
  sqlite.transaction(() => {
    const counted = sqlite.prepare("insert into data_versions (table_name, version) values (?, 0) on conflict do nothing");
    for (const table of tables) {
      counted.run(table);
      for (const event of ["insert", "update", "delete"] as const) {
        const name = `data_version_${table}_${event}`;
        const on = triggerTable.get(name);
        if (on === table) continue;
        // A renamed table keeps its triggers and their names: the name may be held by another table's trigger.
        if (on !== undefined) sqlite.exec(`drop trigger ${quoteName(name)}`);
        sqlite.exec(`create trigger ${quoteName(name)} after ${event} on ${quoteName(table)} begin update data_versions set version = version + 1 where table_name = ${quoteText(table)}; end`);
      }
    }
  })();
}

/**
 * What a computation ran on one connection: the SQL of every statement, and whether it ran any that may write or SQL
 * that cannot be told (exec, pragma) — such a computation is "opaque".
 */
export type ReadRecord = { sources: Set<string>; opaque: boolean };
let recording: (ReadRecord & { sqlite: Database.Database }) | null = null;

/**
 * Runs `compute` and notes every statement it runs on `sqlite` (for cached-read.server.ts, which remembers a derived read
 * under the versions of the tables it read). Statements prepared long before and kept (drizzle's prepared queries)
 * are noted too: the note is taken when a statement runs, not when it is prepared. A recording inside another records
 * into the outer one (and reports itself opaque), so the outer read depends on everything the inner one read.
 */
export function recordReads<T>(sqlite: Database.Database, compute: () => T): { value: T } & ReadRecord {
  if (recording) return { value: compute(), sources: new Set(), opaque: true };
  noteStatementRuns(sqlite);
  const record = { sqlite, sources: new Set<string>(), opaque: false };
  recording = record;
  try {
    return { value: compute(), sources: record.sources, opaque: record.opaque };
  } finally {
    recording = null;
  }
}

/** Whether a recording is under way: a derived read inside another must run its statements, not recall a result. */
export const recordingReads = (): boolean => recording !== null;

let noting = false;
/** Wraps the statement class's run methods once per process: while nothing is recorded they only test one variable. */
function noteStatementRuns(sqlite: Database.Database): void {
  if (noting) return;
  noting = true;
  const statement = Object.getPrototypeOf(sqlite.prepare("select 1")) as Record<"run" | "get" | "all" | "iterate", (...args: unknown[]) => unknown>;
  for (const method of ["run", "get", "all", "iterate"] as const) {
    const run = statement[method];
    statement[method] = function (this: Database.Statement, ...args: unknown[]) {
      if (recording && this.database === recording.sqlite) {
        recording.sources.add(this.source);
        if (!this.reader) recording.opaque = true;
      }
      return run.apply(this, args);
    };
  }
  // exec and pragma run SQL without a statement object: a recording that sees one cannot tell what it read.
  const database = Database.prototype as unknown as Record<"exec" | "pragma", (...args: unknown[]) => unknown>;
  for (const method of ["exec", "pragma"] as const) {
    const run = database[method];
    database[method] = function (this: Database.Database, ...args: unknown[]) {
      if (recording && this === recording.sqlite) recording.opaque = true;
      return run.apply(this, args);
    };
  }
}

export { schema };
