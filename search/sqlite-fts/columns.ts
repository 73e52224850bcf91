import type { Filter, FilterValue } from "../engine";
import type { IndexDefinition } from "../indexes";

/**
 * The embedded engine's filter, facet and sort values, held in memory column by column.
 *
 * FTS5 answers "which documents contain these words" quickly (a few milliseconds for a third of a
 * 100k index); everything after that — the viewer's visibility, the user's filters, exact facet
 * counts over every match, sorting — is a pass over typed arrays here instead of a join per
 * matching row in SQL. The columns are derived from the index's docs and value tables: loaded once
 * per generation, kept current by the engine's own writes, and reloaded when another connection
 * changes the file.
 */

export type StoredValue = string | number;

/** How a document value is stored: booleans as "true"/"false" (as filters send them), no NaN. */
export const storedValue = (v: unknown): StoredValue | null => {
  if (typeof v === "string") return v;
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  if (typeof v === "boolean") return v ? "true" : "false";
  return null;
};

const filterParam = (v: FilterValue): StoredValue => (typeof v === "boolean" ? (v ? "true" : "false") : v);

/** Equality as both engines define it: numbers by value, strings case-insensitively, never a number equal to a string. */
const equalityKey = (v: StoredValue): string => (typeof v === "number" ? `#${v}` : `$${v.toLowerCase()}`);

/** Distinct values of one attribute; code 0 means "no value". The first spelling seen is the one facets show. */
class Dictionary {
  private readonly codes = new Map<string, number>();
  /** Codes by exact value (a Map tells 5 from "5"): most values repeat, and folding each costs a string. */
  private readonly exact = new Map<StoredValue, number>();
  readonly values: (StoredValue | undefined)[] = [undefined];

  codeOf(v: StoredValue): number {
    let code = this.exact.get(v);
    if (code !== undefined) return code;
    const key = equalityKey(v);
    code = this.codes.get(key);
    if (code === undefined) {
      code = this.values.length;
      this.codes.set(key, code);
      this.values.push(v);
    }
    this.exact.set(v, code);
    return code;
  }

  find(v: StoredValue): number | undefined {
    return this.codes.get(equalityKey(v));
  }

  get size(): number {
    return this.values.length;
  }
}

interface ScalarColumn {
  kind: "scalar";
  dict: Dictionary;
  codes: Int32Array;
}

interface ArrayColumn {
  kind: "array";
  dict: Dictionary;
  codes: (Int32Array | undefined)[];
}

type Column = ScalarColumn | ArrayColumn;

/** Many documents' values column by column, as a bulk load reads them. */
export interface ColumnBatch {
  rids: number[];
  ids: string[];
  /** Per `def.sortable` entry, a value per row. */
  sort: (StoredValue | null)[][];
  /** Per scalar field, a value per row. */
  scalars: (StoredValue | null)[][];
  /** Array attribute values as (rid, field, value) triples, grouped by rid. */
  arrays: { rids: number[]; fields: string[]; values: StoredValue[] };
}

/** One document's values as the store takes them. */
export interface ColumnRow {
  rid: number;
  id: string;
  /** Per `sortFields()` entry, in order. */
  sort: (StoredValue | null)[];
  /** Per `scalarFields()` entry, in order. */
  scalars: (StoredValue | null)[];
  /** Values of array attributes. */
  arrays: [field: string, value: StoredValue][];
}

export type RidPredicate = (rid: number) => boolean;

/** SQL's ORDER BY on stored values: numbers before text, text by code unit. */
export function compareStored(a: StoredValue, b: StoredValue): number {
  if (typeof a === "number") return typeof b === "number" ? a - b : -1;
  if (typeof b === "number") return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

export class ColumnStore {
  private capacity = 0;
  private alive = new Uint8Array(0);
  private ids: (string | undefined)[] = [];
  private readonly ridById = new Map<string, number>();
  private readonly columns = new Map<string, Column>();
  private readonly scalarColumns: ScalarColumn[];
  private readonly arrayColumns: ArrayColumn[];
  private readonly sortValues: (StoredValue | null)[][];
  private highestRid = 0;
  private liveCount = 0;

  constructor(
    readonly def: IndexDefinition,
    readonly scalarFields: string[],
    readonly arrayFields: string[],
  ) {
    this.scalarColumns = scalarFields.map(() => ({ kind: "scalar", dict: new Dictionary(), codes: new Int32Array(0) }));
    this.arrayColumns = arrayFields.map(() => ({ kind: "array", dict: new Dictionary(), codes: [] }));
    scalarFields.forEach((f, i) => this.columns.set(f, this.scalarColumns[i]!));
    arrayFields.forEach((f, i) => this.columns.set(f, this.arrayColumns[i]!));
    this.sortValues = def.sortable.map(() => []);
  }

  get size(): number {
    return this.liveCount;
  }

  /** One past the highest row id ever stored: the length callers size per-row scratch arrays to. */
  get ridLimit(): number {
    return this.highestRid + 1;
  }

  private grow(rid: number): void {
    if (rid < this.capacity) return;
    const capacity = Math.max(rid + 1, this.capacity * 2, 1024);
    const alive = new Uint8Array(capacity);
    alive.set(this.alive);
    this.alive = alive;
    for (const column of this.scalarColumns) {
      const codes = new Int32Array(capacity);
      codes.set(column.codes);
      column.codes = codes;
    }
    this.capacity = capacity;
  }

  put(row: ColumnRow): void {
    if (this.alive[row.rid] && this.ids[row.rid] !== row.id) this.ridById.delete(this.ids[row.rid]!);
    this.grow(row.rid);
    if (!this.alive[row.rid]) this.liveCount++;
    this.alive[row.rid] = 1;
    this.highestRid = Math.max(this.highestRid, row.rid);
    this.ids[row.rid] = row.id;
    this.ridById.set(row.id, row.rid);
    for (let i = 0; i < this.sortValues.length; i++) this.sortValues[i]![row.rid] = row.sort[i] ?? null;
    for (let i = 0; i < this.scalarColumns.length; i++) {
      const column = this.scalarColumns[i]!;
      const v = row.scalars[i];
      column.codes[row.rid] = v === null || v === undefined ? 0 : column.dict.codeOf(v);
    }
    for (const column of this.arrayColumns) column.codes[row.rid] = undefined;
    if (row.arrays.length === 0) return;
    const perColumn = new Map<ArrayColumn, number[]>();
    for (const [field, v] of row.arrays) {
      const column = this.columns.get(field);
      if (column?.kind !== "array") continue;
      const code = column.dict.codeOf(v);
      const list = perColumn.get(column);
      if (!list) perColumn.set(column, [code]);
      else if (!list.includes(code)) list.push(code);
    }
    for (const [column, list] of perColumn) column.codes[row.rid] = Int32Array.from(list);
  }

  /** Loads a whole generation; `put` per row would fold and look up ~2M values one call at a time. */
  load(batch: ColumnBatch): void {
    const { rids } = batch;
    let highest = this.highestRid;
    for (const rid of rids) if (rid > highest) highest = rid;
    this.grow(highest);
    this.highestRid = highest;
    for (let k = 0; k < rids.length; k++) {
      const rid = rids[k]!;
      if (!this.alive[rid]) this.liveCount++;
      this.alive[rid] = 1;
      this.ids[rid] = batch.ids[k];
      this.ridById.set(batch.ids[k]!, rid);
    }
    batch.sort.forEach((values, i) => {
      const column = this.sortValues[i]!;
      for (let k = 0; k < rids.length; k++) column[rids[k]!] = values[k] ?? null;
    });
    batch.scalars.forEach((values, i) => {
      const { dict, codes } = this.scalarColumns[i]!;
      for (let k = 0; k < rids.length; k++) {
        const v = values[k];
        codes[rids[k]!] = v === null || v === undefined ? 0 : dict.codeOf(v);
      }
    });
    const { rids: valueRids, fields, values } = batch.arrays;
    let start = 0;
    while (start < valueRids.length) {
      const rid = valueRids[start]!;
      const field = fields[start]!;
      let end = start;
      const codes: number[] = [];
      const column = this.columns.get(field);
      while (end < valueRids.length && valueRids[end] === rid && fields[end] === field) {
        if (column?.kind === "array") {
          const code = column.dict.codeOf(values[end]!);
          if (!codes.includes(code)) codes.push(code);
        }
        end++;
      }
      if (column?.kind === "array") column.codes[rid] = Int32Array.from(codes);
      start = end;
    }
  }

  remove(rid: number): void {
    if (!this.alive[rid]) return;
    this.alive[rid] = 0;
    this.liveCount--;
    this.ridById.delete(this.ids[rid]!);
    this.ids[rid] = undefined;
    for (const column of this.scalarColumns) column.codes[rid] = 0;
    for (const column of this.arrayColumns) column.codes[rid] = undefined;
    for (const values of this.sortValues) values[rid] = null;
  }

  /**
   * Writes into `out` the stored row ids among `candidates` (every row when null) that pass
   * `accept`, in the candidates' order; returns how many.
   */
  select(candidates: Int32Array | null, candidateCount: number, accept: RidPredicate | null, out: Int32Array): number {
    const alive = this.alive;
    let n = 0;
    if (candidates) {
      for (let i = 0; i < candidateCount; i++) {
        const rid = candidates[i]!;
        if (alive[rid] === 1 && (!accept || accept(rid))) out[n++] = rid;
      }
    } else {
      const limit = this.highestRid;
      for (let rid = 0; rid <= limit; rid++) {
        if (alive[rid] === 1 && (!accept || accept(rid))) out[n++] = rid;
      }
    }
    return n;
  }

  idOf(rid: number): string {
    return this.ids[rid]!;
  }

  sortColumn(field: string): (StoredValue | null)[] | undefined {
    const i = this.def.sortable.indexOf(field);
    return i < 0 ? undefined : this.sortValues[i];
  }

  /**
   * A filter as a predicate over row ids. Every leaf becomes "which codes of this attribute's
   * dictionary pass" (a byte per distinct value), so testing a row is an array read or two. `not` is
   * the set complement, as in Meilisearch: `NOT x = 1` includes documents without `x`.
   */
  compile(filter: Filter): RidPredicate {
    switch (filter.kind) {
      case "eq":
      case "in": {
        const values = (filter.kind === "eq" ? [filter.value] : filter.values).map(filterParam);
        if (filter.field === "id") {
          const rids = new Set(values.map((v) => (typeof v === "string" ? this.ridById.get(v) : undefined)).filter((r) => r !== undefined));
          return (rid) => rids.has(rid);
        }
        return this.leaf(filter.field, (dict) => {
          const pass = new Uint8Array(dict.size);
          for (const v of values) {
            const code = dict.find(v);
            if (code !== undefined) pass[code] = 1;
          }
          return pass;
        });
      }
      case "range": {
        const { gte, lte, gt, lt } = filter;
        return this.leaf(filter.field, (dict) => {
          const pass = new Uint8Array(dict.size);
          dict.values.forEach((v, code) => {
            if (typeof v !== "number") return;
            const inside =
              (gte === undefined || v >= gte) && (lte === undefined || v <= lte) && (gt === undefined || v > gt) && (lt === undefined || v < lt);
            if (inside) pass[code] = 1;
          });
          return pass;
        });
      }
      case "not": {
        const inner = this.compile(filter.filter);
        return (rid) => !inner(rid);
      }
      case "and": {
        const parts = filter.filters.map((f) => this.compile(f));
        return (rid) => {
          for (let i = 0; i < parts.length; i++) if (!parts[i]!(rid)) return false;
          return true;
        };
      }
      case "or": {
        const parts = filter.filters.map((f) => this.compile(f));
        return (rid) => {
          for (let i = 0; i < parts.length; i++) if (parts[i]!(rid)) return true;
          return false;
        };
      }
    }
  }

  private leaf(field: string, passing: (dict: Dictionary) => Uint8Array): RidPredicate {
    const column = this.columns.get(field);
    if (!column) return () => false;
    const pass = passing(column.dict);
    if (!pass.includes(1)) return () => false;
    if (column.kind === "scalar") {
      const codes = column.codes;
      return (rid) => pass[codes[rid]!] === 1;
    }
    const lists = column.codes;
    return (rid) => {
      const list = lists[rid];
      if (!list) return false;
      for (let i = 0; i < list.length; i++) if (pass[list[i]!] === 1) return true;
      return false;
    };
  }

  /** Exact counts per value of each facet over `rids`, largest first, at most `limit` values each. */
  facetCounts(fields: string[], rids: ArrayLike<number>, limit: number): Record<string, Record<string, number>> {
    const out: Record<string, Record<string, number>> = {};
    for (const field of fields) {
      const column = this.columns.get(field);
      if (!column) {
        out[field] = {};
        continue;
      }
      const counts = new Int32Array(column.dict.size);
      if (column.kind === "scalar") {
        const codes = column.codes;
        for (let i = 0; i < rids.length; i++) counts[codes[rids[i]!]!]!++;
      } else {
        for (let i = 0; i < rids.length; i++) {
          const list = column.codes[rids[i]!];
          if (list) for (let j = 0; j < list.length; j++) counts[list[j]!]!++;
        }
      }
      const present: [string, number][] = [];
      for (let code = 1; code < counts.length; code++) {
        if (counts[code]! > 0) present.push([String(column.dict.values[code]), counts[code]!]);
      }
      present.sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
      out[field] = Object.fromEntries(present.slice(0, limit));
    }
    return out;
  }
}
