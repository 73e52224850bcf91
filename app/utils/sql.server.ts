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
 * A prepared query whose SQL depends on more than its placeholders (who reads, which sources rank), built once per
 * connection and `key` (a string naming everything the build reads) and kept for the last `kept` keys used. Only the
 * statement is kept, never a result: the key must name every input the build reads, or a reader gets another's SQL.
 */
const keptQueries = new WeakMap<object, Map<string, Map<string, unknown>>>();
export function keptQuery<D extends object, Q>(db: D, name: string, key: string, build: (db: D) => Q, kept = 256): Q {
  let byName = keptQueries.get(db);
  if (!byName) keptQueries.set(db, (byName = new Map()));
  let queries = byName.get(name);
  if (!queries) byName.set(name, (queries = new Map()));
  let query = queries.get(key) as Q | undefined;
  if (query !== undefined) queries.delete(key); // re-inserted below: the map's order is the order of last use
  else query = build(db);
  queries.set(key, query);
  if (queries.size > kept) queries.delete(queries.keys().next().value!);
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
