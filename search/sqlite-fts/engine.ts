import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import {
  MAX_FACET_VALUES,
  MAX_TOTAL_HITS,
  type AnyDocument,
  type DocumentOf,
  type Filter,
  type FilterValue,
  type IndexName,
  type SearchEngine,
  type SearchHit,
  type SearchQuery,
  type SearchResult,
} from "../engine";
import { INDEX_DEFINITIONS, type IndexDefinition } from "../indexes";
import { emptyResult, prepareQuery } from "../query";
import {
  bigrams,
  editDistance,
  ftsString,
  highlightTerms,
  highlightText,
  indexTokens,
  isHan,
  isSingleHanWord,
  parseQuery,
  typoBudget,
  type QueryUnit,
} from "../text";

/**
 * The embedded engine: SQLite FTS5 over pre-tokenised text (words + Chinese bigrams, see
 * search/text.ts), with filters and facets from a value table, in a file of its own next to the
 * main database (derived data: deleting it only costs a rebuild).
 *
 * Each index lives in a "generation" of tables; a rebuild fills a new generation and switches the
 * pointer in `fts_meta` in one transaction, so readers in this or another process never see a
 * half-built index.
 */

type Sql = { sql: string; params: unknown[] };

interface Generation {
  gen: number;
  docs: string;
  body: string;
  vals: string;
  text: string;
  vocab: string;
}

const META_DDL = `CREATE TABLE IF NOT EXISTS fts_meta (
  index_name TEXT PRIMARY KEY,
  generation INTEGER NOT NULL,
  settings_hash TEXT NOT NULL
)`;

const settingsHash = (def: IndexDefinition): string =>
  crypto.createHash("sha256").update(JSON.stringify({ layout: 4, ...def })).digest("hex").slice(0, 16);

const generationOf = (index: IndexName, gen: number): Generation => {
  const base = `fts_${index}_g${gen}`;
  return { gen, docs: `${base}_docs`, body: `${base}_body`, vals: `${base}_vals`, text: `${base}_text`, vocab: `${base}_vocab` };
};

const sortColumn = (field: string): string => `s_${field}`;
const filterColumn = (field: string): string => `f_${field}`;
/** Single-valued filterable attributes live in columns of the docs table; arrays in the value table. */
const scalarFilters = (def: IndexDefinition): string[] => def.filterable.filter((f) => f !== "id" && !def.arrayFields.includes(f));
const arrayFilters = (def: IndexDefinition): string[] => def.filterable.filter((f) => def.arrayFields.includes(f));

/** Earlier searchable attributes weigh more, as with Meilisearch's "attribute" rule. */
const columnWeights = (def: IndexDefinition): number[] => def.searchable.map((_, i) => Math.max(1, 2 ** (def.searchable.length - 1 - i)));

const storedValue = (v: unknown): string | number | null => {
  if (typeof v === "string") return v;
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  if (typeof v === "boolean") return v ? "true" : "false";
  return null;
};

/** The (field, value) pairs a document's array attributes contribute to the value table. */
function filterValues(def: IndexDefinition, record: Record<string, unknown>): [string, string | number][] {
  const out: [string, string | number][] = [];
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

/** A field name as an SQL string literal (field names are checked identifiers, see search/query.ts). */
const sqlString = (text: string): string => `'${text.replaceAll("'", "''")}'`;

const filterParam = (v: FilterValue): string | number => (typeof v === "boolean" ? (v ? "true" : "false") : v);

export class EmbeddedSearchEngine implements SearchEngine {
  readonly kind = "embedded" as const;
  private readonly statements = new Map<string, Database.Statement>();
  private readonly checked = new Set<IndexName>();

  constructor(
    readonly sqlite: Database.Database,
    private readonly ownsConnection = false,
  ) {
    sqlite.exec(META_DDL);
  }

  /** Opens (or creates) the engine's own database file; ":memory:" for tests. */
  static open(file: string): EmbeddedSearchEngine {
    if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    const sqlite = new Database(file);
    sqlite.pragma("journal_mode = WAL");
    sqlite.pragma("busy_timeout = 5000");
    sqlite.pragma("synchronous = NORMAL");
    // Derived data, rebuilt in bulk: a bigger page cache and in-memory temp b-trees pay off.
    sqlite.pragma("cache_size = -65536");
    sqlite.pragma("temp_store = MEMORY");
    return new EmbeddedSearchEngine(sqlite, true);
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

  private live(index: IndexName): Generation | null {
    const row = this.stmt("SELECT generation FROM fts_meta WHERE index_name = ?").get(index) as { generation: number } | undefined;
    return row ? generationOf(index, row.generation) : null;
  }

  /**
   * The docs table stays narrow (ids, sort and filter columns) and the stored JSON lives in a body
   * table: counting and faceting scan every matching docs row, and with the JSON inline those scans
   * read ~6x the pages.
   */
  private createGeneration(def: IndexDefinition, gen: number, options: { deferIndexes?: boolean } = {}): Generation {
    const g = generationOf(def.name, gen);
    const sortCols = def.sortable.map((f) => `, "${sortColumn(f)}"`).join("");
    // Filters compare case-insensitively, as Meilisearch does.
    const filterCols = scalarFilters(def).map((f) => `, "${filterColumn(f)}" COLLATE NOCASE`).join("");
    const textCols = def.searchable.map((_, i) => `c${i}`).join(", ");
    this.sqlite.exec(`
      CREATE TABLE "${g.docs}" (rid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE${sortCols}${filterCols});
      CREATE TABLE "${g.body}" (rid INTEGER PRIMARY KEY, doc TEXT NOT NULL);
      CREATE TABLE "${g.vals}" (field TEXT NOT NULL, v NOT NULL COLLATE NOCASE, rid INTEGER NOT NULL, PRIMARY KEY (field, v, rid)) WITHOUT ROWID;
      CREATE VIRTUAL TABLE "${g.text}" USING fts5(${textCols}, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2');
      CREATE VIRTUAL TABLE "${g.vocab}" USING fts5vocab("${g.text}", 'row');
    `);
    if (!options.deferIndexes) this.createSecondaryIndexes(def, g);
    return g;
  }

  /** A bulk rebuild creates these after loading: one sort per index instead of a b-tree insert per row. */
  private createSecondaryIndexes(def: IndexDefinition, g: Generation): void {
    this.sqlite.exec(`
      ${def.sortable.map((f) => `CREATE INDEX IF NOT EXISTS "${g.docs}_s_${f}" ON "${g.docs}" ("${sortColumn(f)}");`).join("\n")}
      ${scalarFilters(def).map((f) => `CREATE INDEX IF NOT EXISTS "${g.docs}_f_${f}" ON "${g.docs}" ("${filterColumn(f)}");`).join("\n")}
      CREATE INDEX IF NOT EXISTS "${g.vals}_rid" ON "${g.vals}" (rid, field);
    `);
  }

  private dropGeneration(g: Generation): void {
    this.statements.clear();
    this.sqlite.exec(`
      DROP TABLE IF EXISTS "${g.vocab}";
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

  async ensureIndex(index: IndexName): Promise<void> {
    this.ensureIndexSync(index);
  }

  private ensureIndexSync(index: IndexName): Generation {
    const def = INDEX_DEFINITIONS[index];
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

  /** `fresh`: the generation is being bulk-built from distinct documents, so no id can exist yet. */
  private writeDocs(def: IndexDefinition, g: Generation, docs: AnyDocument[], fresh = false): void {
    const findRid = this.stmt(`SELECT rid FROM "${g.docs}" WHERE id = ?`);
    const scalars = scalarFilters(def);
    const sortCols = [...def.sortable.map((f) => `"${sortColumn(f)}"`), ...scalars.map((f) => `"${filterColumn(f)}"`)];
    const insertDoc = this.stmt(
      `INSERT INTO "${g.docs}" (id${sortCols.map((c) => `, ${c}`).join("")}) VALUES (?${sortCols.map(() => ", ?").join("")})`,
    );
    const updateDoc = this.stmt(`UPDATE "${g.docs}" SET ${sortCols.map((c) => `${c} = ?`).join(", ")} WHERE rid = ?`);
    const writeBody = this.stmt(`INSERT OR REPLACE INTO "${g.body}" (rid, doc) VALUES (?, ?)`);
    const deleteText = this.stmt(`DELETE FROM "${g.text}" WHERE rowid = ?`);
    const deleteVals = this.stmt(`DELETE FROM "${g.vals}" WHERE rid = ?`);
    const insertText = this.stmt(
      `INSERT INTO "${g.text}" (rowid, ${def.searchable.map((_, i) => `c${i}`).join(", ")}) VALUES (?${def.searchable.map(() => ", ?").join("")})`,
    );
    const insertVal = this.stmt(`INSERT OR IGNORE INTO "${g.vals}" (field, v, rid) VALUES (?, ?, ?)`);
    for (const doc of docs) {
      const record = doc as unknown as Record<string, unknown>;
      const sortValues = [...def.sortable, ...scalars].map((f) => storedValue(record[f]));
      const json = JSON.stringify(doc);
      const existing = fresh ? undefined : (findRid.get(doc.id) as { rid: number } | undefined);
      let rid: number;
      if (existing) {
        rid = existing.rid;
        updateDoc.run(...sortValues, rid);
        deleteText.run(rid);
        deleteVals.run(rid);
      } else {
        rid = Number(insertDoc.run(doc.id, ...sortValues).lastInsertRowid);
      }
      writeBody.run(rid, json);
      insertText.run(rid, ...def.searchable.map((f) => indexTokens(record[f] as string | string[] | null)));
      for (const [field, v] of filterValues(def, record)) insertVal.run(field, v, rid);
    }
  }

  async upsert(index: IndexName, docs: AnyDocument[]): Promise<void> {
    if (docs.length === 0) return;
    const def = INDEX_DEFINITIONS[index];
    this.sqlite.transaction(() => this.writeDocs(def, this.generation(index), docs))();
  }

  async remove(index: IndexName, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const g = this.generation(index);
    this.sqlite.transaction(() => {
      const find = this.stmt(`SELECT rid FROM "${g.docs}" WHERE id = ?`);
      for (const id of ids) {
        const row = find.get(id) as { rid: number } | undefined;
        if (!row) continue;
        this.stmt(`DELETE FROM "${g.text}" WHERE rowid = ?`).run(row.rid);
        this.stmt(`DELETE FROM "${g.vals}" WHERE rid = ?`).run(row.rid);
        this.stmt(`DELETE FROM "${g.body}" WHERE rid = ?`).run(row.rid);
        this.stmt(`DELETE FROM "${g.docs}" WHERE rid = ?`).run(row.rid);
      }
    })();
  }

  async count(index: IndexName): Promise<number> {
    const g = this.generation(index);
    return (this.stmt(`SELECT count(*) AS n FROM "${g.docs}"`).get() as { n: number }).n;
  }

  async rebuild(index: IndexName, batches: AsyncIterable<AnyDocument[]>): Promise<number> {
    const def = INDEX_DEFINITIONS[index];
    this.generation(index);
    const g = this.sqlite.transaction(() => this.createGeneration(def, this.nextGeneration(index), { deferIndexes: true }))();
    let count = 0;
    const seen = new Set<string>();
    try {
      for await (const batch of batches) {
        // A source may repeat an id; only then does a row need the update path.
        const fresh = batch.every((doc) => !seen.has(doc.id) && seen.add(doc.id));
        this.sqlite.transaction(() => this.writeDocs(def, g, batch, fresh))();
        count += batch.length;
      }
      this.createSecondaryIndexes(def, g);
      // Statistics let the planner scan the narrow docs table for broad filters (audience = 'public'
      // matches most rows) instead of unioning index lookups row by row.
      this.sqlite.exec(`ANALYZE "${g.docs}"; ANALYZE "${g.vals}"`);
      this.sqlite.exec(`INSERT INTO "${g.text}" ("${g.text}") VALUES ('optimize')`);
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
    if (this.ownsConnection && this.sqlite.open) this.sqlite.close();
  }

  // ---- querying -----------------------------------------------------------------------------

  private compileFilter(filter: Filter, g: Generation, def: IndexDefinition): Sql {
    // `cond` receives the column to test: the docs table's id or filter column, or the value table's `v`.
    const leaf = (field: string, cond: (col: string) => string, params: unknown[]): Sql =>
      field === "id"
        ? { sql: cond("d.id"), params }
        : def.arrayFields.includes(field)
          ? { sql: `EXISTS (SELECT 1 FROM "${g.vals}" WHERE field = ? AND ${cond("v")} AND rid = d.rid)`, params: [field, ...params] }
          : { sql: cond(`d."${filterColumn(field)}"`), params };
    switch (filter.kind) {
      case "eq":
        return leaf(filter.field, (col) => `${col} = ?`, [filterParam(filter.value)]);
      case "in":
        return leaf(filter.field, (col) => `${col} IN (${filter.values.map(() => "?").join(", ")})`, filter.values.map(filterParam));
      case "range": {
        const ops: [string, number][] = [];
        for (const [key, op] of [["gte", ">="], ["lte", "<="], ["gt", ">"], ["lt", "<"]] as const) {
          if (filter[key] !== undefined) ops.push([op, filter[key]]);
        }
        return leaf(
          filter.field,
          (col) => [`typeof(${col}) IN ('integer', 'real')`, ...ops.map(([op]) => `${col} ${op} ?`)].join(" AND "),
          ops.map(([, value]) => value),
        );
      }
      case "not": {
        const inner = this.compileFilter(filter.filter, g, def);
        return { sql: `NOT (${inner.sql})`, params: inner.params };
      }
      case "and":
      case "or": {
        const parts = filter.filters.map((f) => this.compileFilter(f, g, def));
        return {
          sql: parts.map((p) => `(${p.sql})`).join(filter.kind === "and" ? " AND " : " OR "),
          params: parts.flatMap((p) => p.params),
        };
      }
    }
  }

  /** Vocabulary terms within the typo budget of a word that the index does not contain. */
  private typoCandidates(g: Generation, word: string, prefix: boolean): string[] {
    const budget = typoBudget(word);
    const first = Array.from(word)[0]!;
    const upper = String.fromCodePoint(first.codePointAt(0)! + 1);
    const exists = prefix
      ? this.stmt(`SELECT 1 FROM "${g.vocab}" WHERE term >= ? AND term < ? LIMIT 1`).get(word, `${word}\u{10FFFF}`)
      : this.stmt(`SELECT 1 FROM "${g.vocab}" WHERE term = ?`).get(word);
    if (exists || budget === 0) return [];
    const terms = this.stmt(`SELECT term FROM "${g.vocab}" WHERE term >= ? AND term < ? LIMIT 20000`).all(first, upper) as { term: string }[];
    const out: string[] = [];
    for (const { term } of terms) {
      if (isHan(term)) continue;
      const close =
        editDistance(word, term, budget) <= budget ||
        (prefix && term.length > word.length && editDistance(word, term.slice(0, word.length), budget) <= budget);
      if (close) out.push(term);
      if (out.length >= 20) break;
    }
    return out;
  }

  private atomExpression(g: Generation, atom: string, prefix: boolean): string {
    if (isHan(atom)) {
      const grams = bigrams(atom);
      if (grams.length === 1 && Array.from(atom).length === 1) return `${ftsString(atom)}*`;
      const phrase = ftsString(grams.join(" "));
      return isSingleHanWord(atom) ? `(${phrase} OR ${ftsString(atom)})` : phrase;
    }
    const exact = prefix ? `${ftsString(atom)}*` : ftsString(atom);
    const typos = this.typoCandidates(g, atom, prefix);
    return typos.length ? `(${[exact, ...typos.map(ftsString)].join(" OR ")})` : exact;
  }

  /** Builds the MATCH expression; user text only ever appears inside quoted strings. */
  private matchExpression(g: Generation, units: QueryUnit[]): string {
    return units
      .map((unit, ui) => {
        const isLast = ui === units.length - 1;
        const variants = unit.variants.map((variant) =>
          variant.map((atom, ai) => this.atomExpression(g, atom, isLast && unit.variants.length === 1 && ai === variant.length - 1)).join(" AND "),
        );
        return variants.length === 1 ? `(${variants[0]})` : `(${variants.map((v) => `(${v})`).join(" OR ")})`;
      })
      .join(" AND ");
  }

  /**
   * The total and every requested facet in one statement that evaluates the match once: the first
   * MAX_TOTAL_HITS matching rows are materialised and grouped per facet. Beyond that cap the counts
   * describe those rows only, and the result says it is an estimate (pages show "about N") —
   * counting every row of a 100k index under a visibility filter cost 100–700 ms per facet.
   */
  private countMatches(
    def: IndexDefinition,
    g: Generation,
    from: string,
    whereSql: string,
    params: unknown[],
    facetFields: string[],
  ): { total: number; facets: Record<string, Record<string, number>> } {
    const scalars = facetFields.filter((f) => !def.arrayFields.includes(f));
    const arrays = facetFields.filter((f) => def.arrayFields.includes(f));
    const columns = ["d.rid AS rid", ...scalars.map((f, i) => `d."${filterColumn(f)}" AS f${i}`)].join(", ");
    const parts = [
      "SELECT -1 AS facet, NULL AS value, count(*) AS n FROM m",
      ...scalars.map((_, i) => `SELECT ${i}, f${i}, count(*) FROM m WHERE f${i} IS NOT NULL GROUP BY f${i} COLLATE NOCASE`),
      ...arrays.map(
        (f, i) =>
          `SELECT ${scalars.length + i}, fv.v, count(*) FROM m JOIN "${g.vals}" fv ON fv.field = ${sqlString(f)} AND fv.rid = m.rid GROUP BY fv.v`,
      ),
    ];
    const rows = this.stmt(
      `WITH m AS MATERIALIZED (SELECT ${columns} FROM ${from} ${whereSql} LIMIT ${MAX_TOTAL_HITS}) ${parts.join(" UNION ALL ")}`,
    )
      .raw()
      .all(...params) as [number, string | number | null, number][];
    const fields = [...scalars, ...arrays];
    const grouped = new Map<string, [string, number][]>(fields.map((f) => [f, []]));
    let total = 0;
    for (const [facet, value, n] of rows) {
      if (facet < 0) total = n;
      else grouped.get(fields[facet]!)!.push([String(value), n]);
    }
    const facets: Record<string, Record<string, number>> = {};
    for (const field of facetFields) {
      const counts = grouped.get(field)!.sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
      facets[field] = Object.fromEntries(counts.slice(0, MAX_FACET_VALUES));
    }
    return { total, facets };
  }

  async search<I extends IndexName>(index: I, query: SearchQuery): Promise<SearchResult<DocumentOf<I>>> {
    const def = INDEX_DEFINITIONS[index];
    const p = prepareQuery(query, def);
    if (p.filter === false) return emptyResult(p);
    this.generation(index);
    const units = p.q ? parseQuery(p.q) : [];
    // One read transaction: a rebuild switching generations in another process cannot interleave.
    return this.sqlite.transaction(() => {
      const g = this.live(index) ?? this.ensureIndexSync(index);
      const where: string[] = [];
      const params: unknown[] = [];
      let from = `"${g.docs}" d`;
      let score = "0";
      if (units.length) {
        from = `"${g.text}" t JOIN "${g.docs}" d ON d.rid = t.rowid`;
        where.push(`"${g.text}" MATCH ?`);
        params.push(this.matchExpression(g, units));
        score = `bm25("${g.text}", ${columnWeights(def).join(", ")})`;
      }
      if (p.filter) {
        const f = this.compileFilter(p.filter, g, def);
        where.push(`(${f.sql})`);
        params.push(...f.params);
      }
      const whereSql = where.length ? `WHERE ${where.join(" AND ")}` : "";
      const order = [
        ...p.sort.flatMap((s) => [`d."${sortColumn(s.field)}" IS NULL`, `d."${sortColumn(s.field)}" ${s.direction === "asc" ? "ASC" : "DESC"}`]),
        units.length ? score : null,
        "d.rid",
      ].filter(Boolean);

      const { total, facets } = this.countMatches(def, g, from, whereSql, params, p.facets);
      const ranked = this.stmt(`SELECT d.rid AS rid, d.id AS id FROM ${from} ${whereSql} ORDER BY ${order.join(", ")} LIMIT ? OFFSET ?`).all(
        ...params,
        p.hitsPerPage,
        (p.page - 1) * p.hitsPerPage,
      ) as { rid: number; id: string }[];
      const body = this.stmt(`SELECT doc FROM "${g.body}" WHERE rid = ?`).pluck();
      const rows = ranked.map((r) => ({ id: r.id, doc: body.get(r.rid) as string }));

      const terms = units.length ? highlightTerms(units) : [];
      const hits: SearchHit<DocumentOf<I>>[] = rows.map((row) => {
        const doc = JSON.parse(row.doc) as DocumentOf<I>;
        const highlights: SearchHit<DocumentOf<I>>["highlights"] = {};
        for (const attr of p.highlight) {
          const value = (doc as unknown as Record<string, unknown>)[attr];
          if (typeof value === "string") highlights[attr] = highlightText(value, terms);
        }
        return { id: row.id, doc, highlights };
      });
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
