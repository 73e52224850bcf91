import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import {
  MAX_FACET_VALUES,
  MAX_TOTAL_HITS,
  type AnyDocument,
  type BaseDocument,
  type IndexName,
  type SearchEngine,
  type SearchHit,
  type SearchQuery,
  type SearchResult,
} from "../engine";
import { indexedRecord, type IndexDefinition } from "../indexes";
import { indexDefinition } from "../registry";
import { emptyResult, prepareQuery } from "../query";
import { bigrams, ftsString, highlightTerms, highlightText, indexTokens, isHan, parseQuery, type QueryUnit } from "../text";
import { ColumnStore, compareStored, storedValue, type ColumnRow, type RidPredicate, type StoredValue } from "./columns";
import { WordList } from "./words";

/**
 * The embedded engine: SQLite FTS5 over pre-tokenised text (words + Chinese bigrams, see
 * search/text.ts) answers which documents contain the words; filters, facets and sorting run over
 * in-memory columns (./columns.ts) loaded from the docs and value tables. It lives in a file of its
 * own next to the main database (derived data: deleting it only costs a rebuild).
 *
 * Ranking, in order: the user's sort (if any); for each query word, the first headline attribute
 * (title, name, tags) holding it, words found only in the text last; most recently updated. These
 * are sets FTS5 produces without scoring every match, so a query matching a third of a 100k index
 * costs a few milliseconds, not a bm25 score per row.
 *
 * Each index lives in a "generation" of tables; a rebuild fills a new generation and switches the
 * pointer in `fts_meta` in one transaction, so readers in this or another process never see a
 * half-built index.
 */

interface Generation {
  index: IndexName;
  gen: number;
  docs: string;
  body: string;
  vals: string;
  text: string;
  /**
   * The headline attributes again, in one column whose tokens carry their attribute's position
   * ("0锂电" = 锂电 in the first headline attribute): "which headline attribute holds this word"
   * reads only that attribute's postings instead of every match's positions in the text table.
   */
  head: string;
  vocab: string;
}

/** An index's columns and words as loaded for one generation, and what of the file they reflect. */
interface LoadedColumns {
  gen: number;
  dataVersion: number;
  /** The last fts_changes entry they include. */
  changeSeq: number;
  store: ColumnStore;
  words: WordList;
}

/** What a write changed, for the loaded columns and words once its transaction has committed. */
interface Written {
  rows: ColumnRow[];
  tokens: string[];
}

/** A query atom (a Chinese run or a word) with what it matches besides itself. */
interface PlannedAtom {
  atom: string;
  /** Matches as a prefix (the last word typed). */
  prefix: boolean;
  /** Close spellings the index contains, when it lacks the word itself. */
  typos: string[];
}

/** A query unit: it matches if every atom of any variant does. */
type PlannedUnit = PlannedAtom[][];

const META_DDL = `CREATE TABLE IF NOT EXISTS fts_meta (
  index_name TEXT PRIMARY KEY,
  generation INTEGER NOT NULL,
  settings_hash TEXT NOT NULL
)`;

/**
 * Row ids each write changed, so another process's engine can bring its in-memory columns up to
 * date by re-reading those rows instead of the whole index. Pruned to the last `changeLogSize`
 * entries; a reader that fell further behind reloads everything.
 */
const CHANGES_DDL = `CREATE TABLE IF NOT EXISTS fts_changes (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  index_name TEXT NOT NULL,
  generation INTEGER NOT NULL,
  rid INTEGER NOT NULL
)`;

const settingsHash = (def: IndexDefinition): string =>
  crypto.createHash("sha256").update(JSON.stringify({ layout: 6, ...def })).digest("hex").slice(0, 16);

const generationOf = (index: IndexName, gen: number): Generation => {
  const base = `fts_${index}_g${gen}`;
  return { index, gen, docs: `${base}_docs`, body: `${base}_body`, vals: `${base}_vals`, text: `${base}_text`, head: `${base}_head`, vocab: `${base}_vocab` };
};

const sortColumn = (field: string): string => `s_${field}`;
const filterColumn = (field: string): string => `f_${field}`;
/** Single-valued filterable attributes live in columns of the docs table; arrays in the value table. */
const scalarFilters = (def: IndexDefinition): string[] => def.filterable.filter((f) => f !== "id" && !def.arrayFields.includes(f));
const arrayFilters = (def: IndexDefinition): string[] => def.filterable.filter((f) => def.arrayFields.includes(f));
/** The docs table's value columns in the order ColumnRow carries them: sort values, then scalar filters. */
const valueColumns = (def: IndexDefinition): string[] => [...def.sortable.map(sortColumn), ...scalarFilters(def).map(filterColumn)];

/** The (field, value) pairs a document's array attributes contribute to the value table. */
function filterValues(def: IndexDefinition, record: Record<string, unknown>): [string, StoredValue][] {
  const out: [string, StoredValue][] = [];
  const seen = new Set<string>();
  for (const field of arrayFilters(def)) {
    const raw = record[field];
    for (const v of Array.isArray(raw) ? raw : [raw]) {
      const stored = storedValue(v);
      const key = `${field}\u0000${typeof stored === "string" ? stored.toLowerCase() : String(stored)}`;
      if (stored !== null && !seen.has(key)) {
        seen.add(key);
        out.push([field, stored]);
      }
    }
  }
  return out;
}

const textColumns = (count: number): string => Array.from({ length: count }, (_, i) => `c${i}`).join(", ");

/** Headline attributes' tokens, each prefixed with its attribute's position (see Generation.head). */
const headlineTokens = (columns: string[]): string =>
  columns.flatMap((tokens, i) => (tokens ? tokens.split(" ").map((t) => `${i}${t}`) : [])).join(" ");

/**
 * The k first of `rids` in `compare` order. A page needs 20 of maybe 30,000 matches: a bounded
 * insertion pass instead of sorting them all.
 */
function firstInOrder(rids: Int32Array, k: number, compare: (a: number, b: number) => number, fromEnd = false): number[] {
  if (k >= rids.length || k > 500) return Array.from(rids).sort(compare).slice(0, k);
  const best: number[] = [];
  for (let i = 0; i < rids.length; i++) {
    const rid = rids[fromEnd ? rids.length - 1 - i : i]!;
    if (best.length === k && compare(rid, best[k - 1]!) >= 0) continue;
    let lo = 0;
    let hi = best.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compare(best[mid]!, rid) <= 0) lo = mid + 1;
      else hi = mid;
    }
    best.splice(lo, 0, rid);
    if (best.length > k) best.pop();
  }
  return best;
}

export class EmbeddedSearchEngine implements SearchEngine {
  readonly kind = "embedded" as const;
  private readonly statements = new Map<string, Database.Statement>();
  private readonly checked = new Set<IndexName>();
  private readonly loaded = new Map<IndexName, LoadedColumns>();
  /** Per-query work arrays, reused: searches run synchronously, and a 100k index would otherwise allocate ~1 MB per query. */
  private readonly scratch = new Scratch();

  private fullLoads = 0;

  constructor(
    readonly sqlite: Database.Database,
    private readonly ownsConnection = false,
    private readonly options: { changeLogSize?: number } = {},
  ) {
    sqlite.exec(META_DDL);
    sqlite.exec(CHANGES_DDL);
  }

  /** How many times columns were loaded whole (not caught up from the change log): for tests and diagnostics. */
  get columnLoads(): number {
    return this.fullLoads;
  }

  /** Opens (or creates) the engine's own database file; ":memory:" for tests. */
  static open(file: string, options: { changeLogSize?: number } = {}): EmbeddedSearchEngine {
    if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    const sqlite = new Database(file);
    sqlite.pragma("journal_mode = WAL");
    sqlite.pragma("busy_timeout = 5000");
    sqlite.pragma("synchronous = NORMAL");
    // Derived data, rebuilt in bulk: a bigger page cache and in-memory temp b-trees pay off.
    sqlite.pragma("cache_size = -65536");
    sqlite.pragma("temp_store = MEMORY");
    return new EmbeddedSearchEngine(sqlite, true, options);
  }

  private stmt(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.sqlite.prepare(sql);
      if (this.statements.size > 500) this.statements.clear();
      this.statements.set(sql, s);
    }
    return s;
  }

  /** `pragma()` prepares its statement anew on every call; every search asks this once. */
  private dataVersion(): number {
    return this.stmt("PRAGMA data_version").pluck().get() as number;
  }

  private live(index: IndexName): Generation | null {
    const row = this.stmt("SELECT generation FROM fts_meta WHERE index_name = ?").get(index) as { generation: number } | undefined;
    return row ? generationOf(index, row.generation) : null;
  }

  /**
   * The docs table stays narrow (ids, sort and filter columns) and the stored JSON lives in a body
   * table: the column store loads every docs row, and only a page's 20 hits need their JSON.
   * Nothing queries the docs or value tables by value (the columns in memory do), so they carry no
   * secondary indexes.
   */
  private createGeneration(def: IndexDefinition, gen: number): Generation {
    const g = generationOf(def.name, gen);
    const sortCols = def.sortable.map((f) => `, "${sortColumn(f)}"`).join("");
    const filterCols = scalarFilters(def).map((f) => `, "${filterColumn(f)}"`).join("");
    const fts = "content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2'";
    this.sqlite.exec(`
      CREATE TABLE "${g.docs}" (rid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE${sortCols}${filterCols});
      CREATE TABLE "${g.body}" (rid INTEGER PRIMARY KEY, doc TEXT NOT NULL);
      CREATE TABLE "${g.vals}" (rid INTEGER NOT NULL, field TEXT NOT NULL, v NOT NULL, PRIMARY KEY (rid, field, v)) WITHOUT ROWID;
      CREATE VIRTUAL TABLE "${g.text}" USING fts5(${textColumns(def.searchable.length)}, ${fts});
      CREATE VIRTUAL TABLE "${g.head}" USING fts5(t, ${fts});
      CREATE VIRTUAL TABLE "${g.vocab}" USING fts5vocab("${g.text}", 'row');
    `);
    return g;
  }

  private dropGeneration(g: Generation): void {
    this.statements.clear();
    this.sqlite.exec(`
      DROP TABLE IF EXISTS "${g.vocab}";
      DROP TABLE IF EXISTS "${g.head}";
      DROP TABLE IF EXISTS "${g.text}";
      DROP TABLE IF EXISTS "${g.vals}";
      DROP TABLE IF EXISTS "${g.body}";
      DROP TABLE IF EXISTS "${g.docs}";
    `);
  }

  private nextGeneration(index: IndexName): number {
    const rows = this.sqlite
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE ?")
      .all(`fts_${index}_g%_docs`) as { name: string }[];
    const gens = rows.map((r) => Number(/_g(\d+)_docs$/.exec(r.name)?.[1] ?? 0));
    const live = this.live(index)?.gen ?? 0;
    return Math.max(live, ...gens) + 1;
  }

  /** Also loads the index's columns, so the app pays that once at start rather than on a user's first search. */
  async ensureIndex(index: IndexName): Promise<void> {
    this.ensureIndexSync(index);
    this.sqlite.transaction(() => {
      const g = this.live(index);
      if (g) this.columns(indexDefinition(index), g);
    })();
  }

  private ensureIndexSync(index: IndexName): Generation {
    const def = indexDefinition(index);
    const hash = settingsHash(def);
    const row = this.stmt("SELECT generation, settings_hash FROM fts_meta WHERE index_name = ?").get(index) as
      | { generation: number; settings_hash: string }
      | undefined;
    if (row && row.settings_hash === hash) {
      this.checked.add(index);
      return generationOf(index, row.generation);
    }
    // New index, or settings changed: start an empty generation (the indexer bootstraps it).
    return this.sqlite.transaction(() => {
      const old = row ? generationOf(index, row.generation) : null;
      const g = this.createGeneration(def, this.nextGeneration(index));
      this.sqlite
        .prepare("INSERT INTO fts_meta (index_name, generation, settings_hash) VALUES (?, ?, ?) ON CONFLICT (index_name) DO UPDATE SET generation = excluded.generation, settings_hash = excluded.settings_hash")
        .run(index, g.gen, hash);
      if (old) this.dropGeneration(old);
      this.checked.add(index);
      return g;
    })();
  }

  private generation(index: IndexName): Generation {
    if (!this.checked.has(index)) return this.ensureIndexSync(index);
    return this.live(index) ?? this.ensureIndexSync(index);
  }

  /**
   * Writes documents into generation `g` and returns their column rows, which the caller applies to
   * the loaded columns once the transaction has committed. `fresh`: the generation is being
   * bulk-built from distinct documents, so no id can exist yet.
   */
  private writeDocs(def: IndexDefinition, g: Generation, docs: AnyDocument[], fresh = false): Written {
    const findRid = this.stmt(`SELECT rid FROM "${g.docs}" WHERE id = ?`);
    const scalars = scalarFilters(def);
    const valueCols = valueColumns(def).map((c) => `"${c}"`);
    const insertDoc = this.stmt(
      `INSERT INTO "${g.docs}" (id${valueCols.map((c) => `, ${c}`).join("")}) VALUES (?${valueCols.map(() => ", ?").join("")})`,
    );
    const updateDoc = this.stmt(`UPDATE "${g.docs}" SET ${valueCols.map((c) => `${c} = ?`).join(", ")} WHERE rid = ?`);
    const writeBody = this.stmt(`INSERT OR REPLACE INTO "${g.body}" (rid, doc) VALUES (?, ?)`);
    const deleteText = this.stmt(`DELETE FROM "${g.text}" WHERE rowid = ?`);
    const deleteHead = this.stmt(`DELETE FROM "${g.head}" WHERE rowid = ?`);
    const deleteVals = this.stmt(`DELETE FROM "${g.vals}" WHERE rid = ?`);
    const insertText = this.stmt(
      `INSERT INTO "${g.text}" (rowid, ${textColumns(def.searchable.length)}) VALUES (?${def.searchable.map(() => ", ?").join("")})`,
    );
    const insertHead = this.stmt(`INSERT INTO "${g.head}" (rowid, t) VALUES (?, ?)`);
    const insertVal = this.stmt(`INSERT OR IGNORE INTO "${g.vals}" (rid, field, v) VALUES (?, ?, ?)`);
    const written: Written = { rows: [], tokens: [] };
    for (const doc of docs) {
      const record = doc as unknown as Record<string, unknown>;
      const sort = def.sortable.map((f) => storedValue(record[f]));
      const scalarValues = scalars.map((f) => storedValue(record[f]));
      const existing = fresh ? undefined : (findRid.get(doc.id) as { rid: number } | undefined);
      let rid: number;
      if (existing) {
        rid = existing.rid;
        updateDoc.run(...sort, ...scalarValues, rid);
        deleteText.run(rid);
        deleteHead.run(rid);
        deleteVals.run(rid);
      } else {
        rid = Number(insertDoc.run(doc.id, ...sort, ...scalarValues).lastInsertRowid);
      }
      writeBody.run(rid, JSON.stringify(doc));
      const indexed = indexedRecord(def, doc);
      const tokens = def.searchable.map((f) => indexTokens(indexed[f] as string | string[] | null));
      insertText.run(rid, ...tokens);
      insertHead.run(rid, headlineTokens(tokens.slice(0, def.headline.length)));
      const arrays = filterValues(def, record);
      for (const [field, v] of arrays) insertVal.run(rid, field, v);
      written.rows.push({ rid, id: doc.id, sort, scalars: scalarValues, arrays });
      written.tokens.push(...tokens);
    }
    return written;
  }

  /** The loaded columns of `index`, if they describe generation `gen` (writes to other generations need no mirroring). */
  private loadedFor(index: IndexName, gen: number): LoadedColumns | null {
    const loaded = this.loaded.get(index);
    return loaded && loaded.gen === gen ? loaded : null;
  }

  async upsert(index: IndexName, docs: AnyDocument[]): Promise<void> {
    if (docs.length === 0) return;
    const def = indexDefinition(index);
    const g = this.generation(index);
    const written = this.sqlite.transaction(() => {
      const result = this.writeDocs(def, g, docs);
      this.logChanges(g, result.rows.map((r) => r.rid));
      return result;
    })();
    const loaded = this.loadedFor(index, g.gen);
    if (loaded) {
      for (const row of written.rows) loaded.store.put(row);
      for (const tokens of written.tokens) loaded.words.addTokens(tokens);
      this.mirrored(loaded);
    }
  }

  async remove(index: IndexName, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const g = this.generation(index);
    const removed = this.sqlite.transaction(() => {
      const find = this.stmt(`SELECT rid FROM "${g.docs}" WHERE id = ?`);
      const rids: number[] = [];
      for (const id of ids) {
        const row = find.get(id) as { rid: number } | undefined;
        if (!row) continue;
        for (const table of [g.text, g.head]) this.stmt(`DELETE FROM "${table}" WHERE rowid = ?`).run(row.rid);
        for (const table of [g.vals, g.body, g.docs]) this.stmt(`DELETE FROM "${table}" WHERE rid = ?`).run(row.rid);
        rids.push(row.rid);
      }
      this.logChanges(g, rids);
      return rids;
    })();
    const loaded = this.loadedFor(index, g.gen);
    if (loaded) {
      for (const rid of removed) loaded.store.remove(rid);
      this.mirrored(loaded);
    }
  }

  /**
   * After mirroring this connection's own write: if no other connection has committed since the
   * columns were last brought up to date, every change-log entry is one they already have.
   */
  private mirrored(loaded: LoadedColumns): void {
    if (this.dataVersion() === loaded.dataVersion) loaded.changeSeq = this.lastChange();
  }

  private logChanges(g: Generation, rids: number[]): void {
    if (rids.length === 0) return;
    const log = this.stmt("INSERT INTO fts_changes (index_name, generation, rid) VALUES (?, ?, ?)");
    for (const rid of rids) log.run(g.index, g.gen, rid);
    this.stmt("DELETE FROM fts_changes WHERE seq <= (SELECT max(seq) FROM fts_changes) - ?").run(this.options.changeLogSize ?? 100_000);
  }

  async count(index: IndexName): Promise<number> {
    const g = this.generation(index);
    return (this.stmt(`SELECT count(*) AS n FROM "${g.docs}"`).get() as { n: number }).n;
  }

  async rebuild(index: IndexName, batches: AsyncIterable<AnyDocument[]>): Promise<number> {
    const def = indexDefinition(index);
    this.generation(index);
    const g = this.sqlite.transaction(() => this.createGeneration(def, this.nextGeneration(index)))();
    let count = 0;
    const seen = new Set<string>();
    try {
      for await (const batch of batches) {
        // A source may repeat an id; only then does a row need the update path.
        const fresh = batch.every((doc) => !seen.has(doc.id) && seen.add(doc.id));
        this.sqlite.transaction(() => this.writeDocs(def, g, batch, fresh))();
        count += batch.length;
      }
      for (const table of [g.text, g.head]) this.sqlite.exec(`INSERT INTO "${table}" ("${table}") VALUES ('optimize')`);
    } catch (error) {
      this.dropGeneration(g);
      throw error;
    }
    this.sqlite.transaction(() => {
      const old = this.live(index);
      this.sqlite
        .prepare("INSERT INTO fts_meta (index_name, generation, settings_hash) VALUES (?, ?, ?) ON CONFLICT (index_name) DO UPDATE SET generation = excluded.generation, settings_hash = excluded.settings_hash")
        .run(index, g.gen, settingsHash(def));
      if (old && old.gen !== g.gen) this.dropGeneration(old);
    })();
    return count;
  }

  async health(): Promise<boolean> {
    return this.sqlite.open;
  }

  async close(): Promise<void> {
    this.statements.clear();
    this.loaded.clear();
    if (this.ownsConnection && this.sqlite.open) this.sqlite.close();
  }

  // ---- querying -----------------------------------------------------------------------------

  /**
   * The columns of `index` as of generation `g`: loaded on first use, reloaded when a rebuild
   * switched generations or another connection wrote to the file (`data_version` changes only for
   * other connections' commits; this connection's writes are mirrored by upsert/remove).
   */
  private columns(def: IndexDefinition, g: Generation): LoadedColumns {
    const dataVersion = this.dataVersion();
    const loaded = this.loaded.get(def.name);
    if (loaded && loaded.gen === g.gen) {
      if (loaded.dataVersion === dataVersion || this.catchUp(def, g, loaded)) {
        loaded.dataVersion = dataVersion;
        return loaded;
      }
    }
    this.fullLoads++;
    const changeSeq = this.lastChange();
    const scalars = scalarFilters(def);
    const store = new ColumnStore(def, scalars, arrayFilters(def));
    // Each column as one JSON array: a row per document through the driver costs several times more.
    const columnsOf = (table: string, columns: string[]): unknown[][] => {
      const row = this.sqlite
        .prepare(`SELECT ${columns.map((c) => `json_group_array("${c}")`).join(", ")} FROM "${table}"`)
        .raw()
        .get() as string[];
      return row.map((json) => JSON.parse(json) as unknown[]);
    };
    const [rids, ids, ...values] = columnsOf(g.docs, ["rid", "id", ...valueColumns(def)]);
    const [valueRids, fields, arrayValues] = columnsOf(g.vals, ["rid", "field", "v"]);
    store.load({
      rids: rids as number[],
      ids: ids as string[],
      sort: values.slice(0, def.sortable.length) as (StoredValue | null)[][],
      scalars: values.slice(def.sortable.length) as (StoredValue | null)[][],
      arrays: { rids: valueRids as number[], fields: fields as string[], values: arrayValues as StoredValue[] },
    });
    const words = new WordList();
    // Chinese terms sort from U+3400 on; below them are the words (and the run boundary, skipped).
    for (const term of this.sqlite.prepare(`SELECT term FROM "${g.vocab}" WHERE term < '\u3400'`).pluck().iterate() as Iterable<string>) {
      words.add(term);
    }
    const fresh: LoadedColumns = { gen: g.gen, dataVersion, changeSeq, store, words };
    this.loaded.set(def.name, fresh);
    return fresh;
  }

  private lastChange(): number {
    return (this.stmt("SELECT coalesce(max(seq), 0) FROM fts_changes").pluck().get() as number) ?? 0;
  }

  /**
   * Applies other connections' writes to loaded columns by re-reading the rows they changed; false
   * when that is not possible or not worth it (entries pruned, or a large share of the index changed).
   */
  private catchUp(def: IndexDefinition, g: Generation, loaded: LoadedColumns): boolean {
    const oldest = this.stmt("SELECT min(seq) FROM fts_changes").pluck().get() as number | null;
    if (oldest !== null && oldest > loaded.changeSeq + 1) return false;
    const last = this.lastChange();
    const rids = new Set(
      this.stmt("SELECT rid FROM fts_changes WHERE index_name = ? AND generation = ? AND seq > ?")
        .pluck()
        .all(def.name, g.gen, loaded.changeSeq) as number[],
    );
    if (rids.size > 1000 + loaded.store.size / 4) return false;
    const valueCols = valueColumns(def).map((c) => `, "${c}"`).join("");
    const readDoc = this.stmt(`SELECT d.rid, d.id${valueCols}, b.doc FROM "${g.docs}" d JOIN "${g.body}" b ON b.rid = d.rid WHERE d.rid = ?`).raw();
    const readValues = this.stmt(`SELECT field, v FROM "${g.vals}" WHERE rid = ?`).raw();
    const sortCount = def.sortable.length;
    for (const rid of rids) {
      const row = readDoc.get(rid) as [number, string, ...(StoredValue | null)[]] | undefined;
      if (!row) {
        loaded.store.remove(rid);
        continue;
      }
      const values = row.slice(2, row.length - 1) as (StoredValue | null)[];
      loaded.store.put({
        rid,
        id: row[1],
        sort: values.slice(0, sortCount),
        scalars: values.slice(sortCount),
        arrays: readValues.all(rid) as [string, StoredValue][],
      });
      const record = indexedRecord(def, JSON.parse(row[row.length - 1] as string) as AnyDocument);
      for (const field of def.searchable) loaded.words.addTokens(indexTokens(record[field] as string | string[] | null));
    }
    loaded.changeSeq = last;
    return true;
  }

  /**
   * The atoms of a query. The last word of a single-variant unit matches as a prefix (search as you
   * type); Latin words the index lacks also match their close spellings.
   */
  private planUnits(words: WordList, units: QueryUnit[]): PlannedUnit[] {
    return units.map((unit, ui) =>
      unit.variants.map((variant) =>
        variant.map((atom, ai) => {
          const prefix = ui === units.length - 1 && unit.variants.length === 1 && ai === variant.length - 1;
          return { atom, prefix, typos: isHan(atom) ? [] : words.closeTo(atom, prefix) };
        }),
      ),
    );
  }

  /** Row ids matching an FTS5 expression, ascending, into `out`; returns how many. */
  private matchingRids(table: string, expression: string, out: Int32Array): number {
    // One aggregated value instead of a row per match: pulling 30,000 rows through the driver costs
    // more than FTS5 spends finding them.
    const json = this.stmt(`SELECT json_group_array(rowid) FROM "${table}" WHERE "${table}" MATCH ?`).pluck().get(expression) as string;
    return parseRowids(json, out);
  }

  /**
   * Relevance of each matching row as a small number, lower first: each query word costs the
   * position of the first headline attribute holding it (a title before an owner's name before tags),
   * or one more when only the text has it — Meilisearch's "attribute" rule. (Its "typo" rule needs
   * no counterpart: close spellings are only tried for words the index lacks, so every match of such
   * a word is corrected alike.)
   */
  private relevance(g: Generation, units: PlannedUnit[], limit: number, matched: Int32Array): Uint8Array {
    const attributes = indexDefinition(g.index).headline.length;
    const rank = this.scratch.bytes("rank", limit);
    rank.fill(0);
    const best = this.scratch.bytes("best", limit);
    const rids = this.scratch.ints("head", limit);
    for (const unit of units) {
      best.fill(attributes);
      for (let i = attributes - 1; i >= 0; i--) {
        const n = this.matchingRids(g.head, unitExpression(unit, String(i)), rids);
        for (let j = 0; j < n; j++) best[rids[j]!] = i;
      }
      for (let j = 0; j < matched.length; j++) rank[matched[j]!]! += best[matched[j]!]!;
    }
    return rank;
  }

  async search<D extends BaseDocument = BaseDocument>(index: IndexName, query: SearchQuery): Promise<SearchResult<D>> {
    const def = indexDefinition(index);
    const p = prepareQuery(query, def);
    if (p.filter === false) return emptyResult(p);
    this.generation(index);
    const units = p.q ? parseQuery(p.q) : [];
    // One read transaction: the text match, the columns and the page's bodies come from one snapshot.
    return this.sqlite.transaction(() => {
      const g = this.live(index) ?? this.ensureIndexSync(index);
      const { store, words } = this.columns(def, g);
      const accept: RidPredicate | null = p.filter ? store.compile(p.filter) : null;
      const plan = units.length ? this.planUnits(words, units) : null;

      const limit = store.ridLimit;
      const matched = this.scratch.ints("matched", limit);
      // Members-only attributes are left out of the match unless the viewer may read them (FTS5 column filter).
      const columns = p.searchOn.length < def.searchable.length ? `{${p.searchOn.map((a) => `c${def.searchable.indexOf(a)}`).join(" ")}} : ` : "";
      let count: number;
      let missing: Uint8Array | null = null;
      if (plan && p.matching === "most" && plan.length > 1) {
        // Relaxed: documents matching any unit, ranked first by how few units they miss.
        missing = this.scratch.bytes("missing", limit);
        missing.fill(plan.length, 0, limit);
        const unitRids = this.scratch.ints("unit", limit);
        for (const unit of plan) {
          const n = this.matchingRids(g.text, `${columns}${unitExpression(unit)}`, unitRids);
          for (let j = 0; j < n; j++) missing[unitRids[j]!]!--;
        }
        const textRids = this.scratch.ints("text", limit);
        let n = 0;
        for (let rid = 0; rid < limit; rid++) if (missing[rid]! < plan.length) textRids[n++] = rid;
        count = store.select(textRids, n, accept, matched);
      } else if (plan) {
        const textRids = this.scratch.ints("text", limit);
        const n = this.matchingRids(g.text, `${columns}(${plan.map((unit) => unitExpression(unit)).join(" AND ")})`, textRids);
        count = store.select(textRids, n, accept, matched);
      } else {
        count = store.select(null, 0, accept, matched);
      }
      const matches = matched.subarray(0, count);
      const facets = store.facetCounts(p.facets, matches, MAX_FACET_VALUES);

      const offset = (p.page - 1) * p.hitsPerPage;
      const wanted = offset + p.hitsPerPage;
      let ordered: number[];
      if (!plan && p.sort.length === 0) {
        ordered = Array.from(matches.subarray(0, wanted));
      } else {
        const sorts = p.sort.map((s) => ({ values: store.sortColumn(s.field)!, direction: s.direction === "asc" ? 1 : -1 }));
        const rank = plan && count ? this.relevance(g, plan, limit, matches) : null;
        const updated = plan ? store.sortColumn("updatedAt") : undefined;
        const general = (a: number, b: number): number => {
          for (const { values, direction } of sorts) {
            const c = compareNullsLast(values[a] ?? null, values[b] ?? null, direction);
            if (c) return c;
          }
          if (missing) {
            const c = missing[a]! - missing[b]!;
            if (c) return c;
          }
          if (rank) {
            const c = rank[a]! - rank[b]!;
            if (c) return c;
          }
          if (updated) {
            const c = compareNullsLast(updated[a] ?? null, updated[b] ?? null, -1);
            if (c) return c;
          }
          return a - b;
        };
        // The usual page without words ("newest first", "largest amount"): one sort, its numbers compared inline and
        // the general comparison only for a missing or non-number value: the same order, without a loop per match.
        const only = sorts.length === 1 && !missing && !rank && !updated ? sorts[0]! : null;
        const compare = only
          ? (a: number, b: number): number => {
              const x = only.values[a];
              const y = only.values[b];
              if (typeof x === "number" && typeof y === "number") return x === y ? a - b : (x - y) * only.direction;
              return general(a, b);
            }
          : general;
        ordered = firstInOrder(matches, wanted, compare, sorts[0]?.direction === -1);
      }
      const page = ordered.slice(offset, wanted);
      const body = this.stmt(`SELECT doc FROM "${g.body}" WHERE rid = ?`).pluck();

      const terms = units.length ? highlightTerms(units) : [];
      const hits: SearchHit<D>[] = page.map((rid) => {
        const doc = JSON.parse(body.get(rid) as string) as D;
        for (const attr of p.hidden) delete (doc as unknown as Record<string, unknown>)[attr];
        const highlights: SearchHit<D>["highlights"] = {};
        for (const attr of p.highlight) {
          const value = (doc as unknown as Record<string, unknown>)[attr];
          if (typeof value === "string") highlights[attr] = highlightText(value, terms);
        }
        return { id: store.idOf(rid), doc, highlights };
      });
      const total = Math.min(count, MAX_TOTAL_HITS);
      return {
        hits,
        ids: hits.map((h) => h.id),
        total,
        page: p.page,
        hitsPerPage: p.hitsPerPage,
        totalPages: Math.ceil(total / p.hitsPerPage),
        facets,
        query: p.q,
      };
    })();
  }
}

/** Reads json_group_array's "[1,2,3]" into `out` without building an array of numbers. */
function parseRowids(json: string, out: Int32Array): number {
  let n = 0;
  let value = 0;
  let inNumber = false;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      value = value * 10 + (c - 48);
      inNumber = true;
    } else if (inNumber) {
      // Rows past the columns' last row cannot be live; the bound keeps a racing writer harmless.
      if (value < out.length) out[n++] = value;
      value = 0;
      inNumber = false;
    }
  }
  return n;
}

/** Typed work arrays by purpose, grown on demand and never shrunk. */
class Scratch {
  private readonly int32 = new Map<string, Int32Array>();
  private readonly uint8 = new Map<string, Uint8Array>();

  ints(name: string, size: number): Int32Array {
    let a = this.int32.get(name);
    if (!a || a.length < size) this.int32.set(name, (a = new Int32Array(Math.max(size, 1024))));
    return a;
  }

  bytes(name: string, size: number): Uint8Array {
    let a = this.uint8.get(name);
    if (!a || a.length < size) this.uint8.set(name, (a = new Uint8Array(Math.max(size, 1024))));
    return a;
  }
}

/** One atom as FTS5 syntax; user text only ever appears inside quoted strings. `tokenPrefix` addresses a headline attribute. */
function atomExpression({ atom, prefix, typos }: PlannedAtom, tokenPrefix: string): string {
  if (isHan(atom)) {
    const grams = bigrams(atom);
    if (grams.length === 1 && Array.from(atom).length === 1) return `${ftsString(tokenPrefix + atom)}*`;
    return ftsString(grams.map((gram) => tokenPrefix + gram).join(" "));
  }
  const exact = prefix ? `${ftsString(tokenPrefix + atom)}*` : ftsString(tokenPrefix + atom);
  const alternatives = typos.map((t) => ftsString(tokenPrefix + t));
  return alternatives.length ? `(${[exact, ...alternatives].join(" OR ")})` : exact;
}

function unitExpression(unit: PlannedUnit, tokenPrefix = ""): string {
  const variants = unit.map((atoms) => atoms.map((a) => atomExpression(a, tokenPrefix)).join(" AND "));
  return variants.length === 1 ? `(${variants[0]})` : `(${variants.map((v) => `(${v})`).join(" OR ")})`;
}

/** ORDER BY x IS NULL, x ASC|DESC: documents without the value come last either way. */
function compareNullsLast(a: StoredValue | null, b: StoredValue | null, direction: number): number {
  if (a === null || b === null) return a === null ? (b === null ? 0 : 1) : -1;
  return compareStored(a, b) * direction;
}
