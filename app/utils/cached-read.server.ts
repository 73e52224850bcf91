import type Database from "better-sqlite3";
import { recordingReads, recordReads } from "@db/client";
import type { AppContext } from "./context.server";
import { todayOf } from "./dates";
import { recentlyUsedOf, type RecentlyUsed } from "./sql.server";

/**
 * A derived read (a member's recommended needs, a user's unread count) remembered per process and given again while
 * nothing it read has changed — exactly, not for a while: every table has a change counter bumped in the writing
 * transaction (`data_versions`, kept by triggers, db/client.ts), the statements the computation ran name the tables it
 * read, and a remembered result is given only while all of those tables' counters stand where they stood before it was
 * computed. A write to any of them, by this process or another, makes the next read compute afresh. ADR 0931.
 *
 * The computation must be a function of the database, of `key` and of the day only:
 * - `key` names every other input (who asks, the limit); the result is shared by every call with the same key;
 * - it gets a context whose clock stands at the start of today in Shanghai, so a computation that counts dates
 *   (validity, years in business) is right all day and one that needs the hour cannot be cached by mistake;
 * - it must be synchronous (better-sqlite3 is), and must not change what it returns: outside production the result
 *   is frozen, so a caller that mutates it fails in the tests;
 * - it must read the database through statements, not through something kept in memory from an earlier read (a
 *   per-process or per-request memo): only what its statements name is watched.
 * Nothing is remembered inside a transaction (its writes may yet roll back) or inside another derived read (which then
 * depends on what this one reads), nor for a computation that ran a statement that may write or SQL the recording
 * cannot see (exec, pragma), nor one that read a table without a counter.
 */
export function cachedRead<T>(ctx: Pick<AppContext, "db" | "clock">, name: string, key: string, compute: (day: Pick<AppContext, "db" | "clock">) => T, kept = 500): T {
  const today = todayOf(ctx);
  const startOfDay = Date.parse(`${today}T00:00:00+08:00`);
  const day = { db: ctx.db, clock: { now: () => startOfDay } };
  const sqlite = ctx.db.$client;
  // Inside another derived read this one computes, so that the outer one records what it reads.
  if (sqlite.inTransaction || recordingReads()) return compute(day);
  const memo = recentlyUsedOf(memos, sqlite, name, kept);
  const fullKey = `${today}\n${key}`;
  // Counts read before computing: a write landing during the computation only makes the next read compute again.
  const counts = versionsNow(sqlite);
  const known = memo.get(fullKey);
  if (known?.versions.every(([table, version]) => counts.get(table) === version)) return known.value as T;
  const { value, sources, opaque } = recordReads(sqlite, () => compute(day));
  if (value instanceof Promise) throw new Error(`cachedRead(${name}): the computation must be synchronous`);
  const read = opaque ? null : tablesRead(sqlite, sources);
  if (read) {
    if (process.env.NODE_ENV !== "production") deepFreeze(value);
    memo.set(fullKey, { versions: read.map((table) => [table, counts.get(table)!] as const), value });
  } else memo.delete(fullKey);
  return value;
}

type Remembered = { versions: (readonly [table: string, version: number])[]; value: unknown };
const memos = new WeakMap<object, Map<string, RecentlyUsed<Remembered>>>();

type Versions = { dataVersion: number; changes: number; byTable: Map<string, number> };
const versionSnapshots = new WeakMap<Database.Database, Versions>();
/**
 * Every table's change count. Read again only when the database may have changed since the last read: another
 * connection committed (`data_version`) or this one changed rows (`total_changes()`, which a rolled-back change moves
 * too), so a page's remembered reads are checked against the counts without reading them per read.
 */
function versionsNow(sqlite: Database.Database): Map<string, number> {
  const mark = sqlite.prepare("select data_version as dataVersion, total_changes() as changes from pragma_data_version").get() as { dataVersion: number; changes: number };
  const known = versionSnapshots.get(sqlite);
  if (known && known.dataVersion === mark.dataVersion && known.changes === mark.changes) return known.byTable;
  const rows = sqlite.prepare("select table_name as name, version from data_versions").all() as { name: string; version: number }[];
  const byTable = new Map(rows.map((r) => [r.name, r.version]));
  // Counts read after the mark: a commit between the two only makes the next read take them again.
  versionSnapshots.set(sqlite, { ...mark, byTable });
  return byTable;
}

/**
 * The tables a computation's statements read, or null when one of them names a table or view without a change counter.
 * Every identifier of a statement's SQL that is a table's name counts (over-counting — a column named like a table —
 * only makes the result forgotten more often), so no table a statement reads can be missed.
 */
function tablesRead(sqlite: Database.Database, sources: Set<string>): string[] | null {
  const schema = schemaOf(sqlite);
  const read = new Set<string>();
  for (const source of sources) {
    let names = schema.namesIn.get(source);
    if (!names) {
      names = [...new Set([...source.matchAll(IDENTIFIER)].map((m) => (m[1] ?? m[2] ?? m[3] ?? m[4]!).replaceAll('""', '"').toLowerCase()))].filter((n) => schema.relations.has(n));
      if (schema.namesIn.size >= 2000) schema.namesIn.clear();
      schema.namesIn.set(source, names);
    }
    for (const name of names) {
      const table = schema.counted.get(name);
      if (!table) return null;
      read.add(table);
    }
  }
  return [...read].sort();
}

// "quoted", `quoted`, [quoted] or bare identifiers; words inside string literals count too, which only over-counts.
const IDENTIFIER = /"((?:[^"]|"")+)"|`([^`]+)`|\[([^\]]+)\]|([A-Za-z_][A-Za-z0-9_$]*)/g;

type Schema = { version: number; relations: Set<string>; counted: Map<string, string>; namesIn: Map<string, string[]> };
const schemas = new WeakMap<Database.Database, Schema>();
/**
 * The connection's tables and views (lower-cased, as SQLite compares names) and, of those, the tables whose changes are
 * counted — a row in data_versions and its three triggers on that very table — mapped to their names as stored. Read
 * again when the schema changes.
 */
function schemaOf(sqlite: Database.Database): Schema {
  const version = (sqlite.prepare("select schema_version from pragma_schema_version").get() as { schema_version: number }).schema_version;
  const known = schemas.get(sqlite);
  if (known && known.version === version) return known;
  const objects = sqlite.prepare("select type, name, tbl_name as tableName from sqlite_schema where type in ('table', 'view', 'trigger')").all() as { type: string; name: string; tableName: string }[];
  const triggers = new Set(objects.filter((o) => o.type === "trigger").map((o) => `${o.tableName}\n${o.name}`));
  const rows = new Set((sqlite.prepare("select table_name as name from data_versions").all() as { name: string }[]).map((r) => r.name));
  const counted = new Map<string, string>();
  for (const { type, name } of objects) {
    if (type === "table" && rows.has(name) && ["insert", "update", "delete"].every((event) => triggers.has(`${name}\ndata_version_${name}_${event}`))) counted.set(name.toLowerCase(), name);
  }
  const relations = new Set(objects.filter((o) => o.type !== "trigger").map((o) => o.name.toLowerCase()));
  const schema = { version, relations, counted, namesIn: new Map<string, string[]>() };
  schemas.set(sqlite, schema);
  return schema;
}

function deepFreeze(value: unknown): void {
  if (value === null || typeof value !== "object" || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const inner of Object.values(value)) deepFreeze(inner);
}
