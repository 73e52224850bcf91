import { sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";

/** A parameterised `col LIKE %text%` in which the user's % and _ are literal characters, not wildcards. */
export function containsText(column: SQLiteColumn, text: string): SQL {
  const escaped = text.replace(/[\\%_]/g, (c) => `\\${c}`);
  return sql`${column} LIKE ${`%${escaped}%`} ESCAPE '\\'`;
}

/**
 * A drizzle query built once per database connection and run with placeholders (`sql.placeholder("name")`).
 *
 * drizzle builds a query's SQL and its result mapping from the schema objects every time it runs; for the queries
 * every signed-in page runs (the session's actor) that building cost more than SQLite answering (ADR 0905). A
 * prepared query is kept per connection object: a transaction's handle gets its own.
 */
const preparedQueries = new WeakMap<object, Map<string, unknown>>();
export function preparedQuery<D extends object, Q>(db: D, name: string, build: (db: D) => Q): Q {
  let queries = preparedQueries.get(db);
  if (!queries) {
    queries = new Map();
    preparedQueries.set(db, queries);
  }
  let query = queries.get(name) as Q | undefined;
  if (query === undefined) {
    query = build(db);
    queries.set(name, query);
  }
  return query;
}

/**
 * The last `kept` entries used, the one used longest ago forgotten first (a Map keeps insertion order: an entry used
 * is moved to the end). For what is kept per connection and name: keptQuery's statements, cachedRead's results.
 */
export class RecentlyUsed<V> {
  private readonly entries = new Map<string, V>();
  constructor(private readonly kept: number) {}

  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) this.set(key, value);
    return value;
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.kept) this.entries.delete(this.entries.keys().next().value!);
  }

  delete(key: string): void {
    this.entries.delete(key);
  }
}

/** The RecentlyUsed kept in `registry` for `owner` (a connection) and `name`, made with room for `kept` on first use. */
export function recentlyUsedOf<V>(registry: WeakMap<object, Map<string, RecentlyUsed<V>>>, owner: object, name: string, kept: number): RecentlyUsed<V> {
  let byName = registry.get(owner);
  if (!byName) registry.set(owner, (byName = new Map()));
  let recent = byName.get(name);
  if (!recent) byName.set(name, (recent = new RecentlyUsed<V>(kept)));
  return recent;
}

/**
 * A prepared query whose SQL depends on more than its placeholders (who reads, which sources rank), built once per
 * connection and `key` (a string naming everything the build reads) and kept for the last `kept` keys used. Only the
 * statement is kept, never a result: the key must name every input the build reads, or a reader gets another's SQL.
 */
const keptQueries = new WeakMap<object, Map<string, RecentlyUsed<unknown>>>();
export function keptQuery<D extends object, Q>(db: D, name: string, key: string, build: (db: D) => Q, kept = 256): Q {
  const queries = recentlyUsedOf(keptQueries, db, name, kept);
  let query = queries.get(key) as Q | undefined;
  if (query === undefined) {
    query = build(db);
    queries.set(key, query);
  }
  return query;
}

/**
 * `column IN (the values)` with the values as one JSON parameter (`json_each`), so the SQL text is the same whatever
 * their number: drizzle's `inArray` builds a parameter per value and a new statement text per list length, which for
 * hundreds of ids cost more than SQLite answering (ADR 0906). SQLite still searches the column's index per value.
 * Also takes a placeholder (`sql.placeholder`) for a prepared query, bound to `JSON.stringify` of the values.
 */
export function inJsonList(column: SQLiteColumn, values: readonly string[] | ReturnType<typeof sql.placeholder>): SQL {
  return sql`${column} in (select value from json_each(${Array.isArray(values) ? JSON.stringify(values) : values}))`;
}
