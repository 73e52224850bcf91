import {
  Meilisearch,
  MeilisearchApiError,
  MeilisearchRequestError,
  MeilisearchRequestTimeOutError,
  MeilisearchTaskTimeOutError,
  type EnqueuedTaskPromise,
  type Settings,
  type Task,
} from "meilisearch";
import type { Logger } from "pino";
import {
  MAX_FACET_VALUES,
  MAX_TOTAL_HITS,
  SearchUnavailableError,
  type AnyDocument,
  type BaseDocument,
  type Filter,
  type FilterValue,
  type HighlightSegment,
  type IndexName,
  type SearchEngine,
  type SearchQuery,
  type SearchResult,
} from "../engine";
import { INITIALS_FIELD, indexedRecord, type IndexDefinition, type SynonymGroup } from "../indexes";
import { documentsVersion, indexDefinition, registeredMeiliSynonyms, synonymGroups } from "../registry";
import { emptyResult, prepareQuery, type PreparedQuery } from "../query";
import { highlightTerms, highlightText, parseQuery } from "../text";
import { keepAliveTransport, unwrapClientError } from "./transport";

export interface MeiliEndpoint {
  host: string;
  apiKey?: string;
}

export interface MeiliEngineOptions {
  /** Prepended to index uids, so several apps or test files can share one server. */
  prefix?: string;
  logger?: Logger;
  /** Attempts per request while the server is unreachable (with exponential backoff). */
  attempts?: number;
  baseDelayMs?: number;
  taskTimeoutMs?: number;
}

/** Quotes a filter value for Meilisearch's filter syntax: tenant ids and user-chosen facet values stay values. */
export function meiliValue(v: FilterValue): string {
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : '""';
  const s = typeof v === "boolean" ? String(v) : v;
  return `"${s.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`;
}

export function meiliFilter(filter: Filter): string {
  switch (filter.kind) {
    case "eq":
      return `${filter.field} = ${meiliValue(filter.value)}`;
    case "in":
      return `${filter.field} IN [${filter.values.map(meiliValue).join(", ")}]`;
    case "range": {
      const parts: string[] = [];
      if (filter.gte !== undefined) parts.push(`${filter.field} >= ${filter.gte}`);
      if (filter.lte !== undefined) parts.push(`${filter.field} <= ${filter.lte}`);
      if (filter.gt !== undefined) parts.push(`${filter.field} > ${filter.gt}`);
      if (filter.lt !== undefined) parts.push(`${filter.field} < ${filter.lt}`);
      return parts.length === 1 ? parts[0]! : `(${parts.join(" AND ")})`;
    }
    case "not":
      return `NOT (${meiliFilter(filter.filter)})`;
    case "and":
    case "or":
      return filter.filters.map((f) => `(${meiliFilter(f)})`).join(filter.kind === "and" ? " AND " : " OR ");
  }
}

/**
 * The Chinese characters of a document's headline fields (its name or title, the other party's name, its
 * tags), each as a code word of its own (ADR 0112, 0114). Meilisearch segments Chinese into dictionary words and
 * matches a one-character query only at a word's start, so 伏 missed 昆仑光伏材料 (光伏 is one word); the embedded
 * engine finds a character anywhere. Searched last (lowest attribute rank), never returned (a leading underscore),
 * and built from public headline fields only, never from members-only text.
 *
 * Code words, not the characters themselves: Meilisearch splits a Chinese word it does not know into characters
 * (光材 → 光 材), so with the characters in the field a query such as 伏 光材 matched any name holding 光 and 材
 * apart. A one-character word of the query is rewritten to its code word (charWord), which only this field holds;
 * the query's other words match as they always do.
 */
export const CHARS_FIELD = "_chars";

const HEX_LETTERS = "abcdefghijklmnop";
/** `qz` and the code point's five hex digits as letters (伏 U+4F0F → qzaepap): one Latin word, all of the same length, so no prefix of one is another. */
export const charWord = (c: string): string =>
  `qz${c.codePointAt(0)!.toString(16).padStart(5, "0").replace(/[0-9a-f]/g, (d) => HEX_LETTERS[parseInt(d, 16)]!)}`;

export function headlineChars(def: IndexDefinition, doc: AnyDocument): string {
  const chars = new Set<string>();
  const add = (value: unknown) => {
    if (typeof value === "string") for (const [c] of value.matchAll(/\p{Script=Han}/gu)) chars.add(c);
    else if (Array.isArray(value)) value.forEach(add);
  };
  for (const attr of def.headline) if (!def.membersOnly.includes(attr)) add((doc as unknown as Record<string, unknown>)[attr]);
  return [...chars].map(charWord).join(" ");
}

/** A Chinese character standing alone in a query (伏 in 伏 材料), not part of a longer Chinese word. */
const LONE_HAN = /(?<!\p{Script=Han})\p{Script=Han}(?!\p{Script=Han})/gu;
/** One-character words of the reviewed vocabulary (贷): they keep their synonyms (贷款, loan) and are not rewritten. */
let vocabularyChars: { groups: readonly SynonymGroup[]; chars: Set<string> } | undefined;
function vocabularyChar(c: string): boolean {
  const groups = synonymGroups();
  if (vocabularyChars?.groups !== groups) vocabularyChars = { groups, chars: new Set(groups.flatMap((g) => g.words).filter((w) => /^\p{Script=Han}$/u.test(w))) };
  return vocabularyChars.chars.has(c);
}

/**
 * What Meilisearch is asked: the query with each one-character Chinese word replaced by its code word, and where:
 * the viewer's searchable fields, plus the characters field when there was such a word.
 */
export function meiliQuery(q: string, searchOn: string[]): { q: string; searchOn: string[] } {
  let rewritten = false;
  const asked = q.replace(LONE_HAN, (c) => {
    if (vocabularyChar(c)) return c;
    rewritten = true;
    return ` ${charWord(c)} `;
  });
  return rewritten ? { q: asked.replace(/\s+/g, " ").trim(), searchOn: [...searchOn, CHARS_FIELD] } : { q, searchOn };
}

/** The documents as written to Meilisearch: with the derived attributes (initials, characters). */
export const withChars = (def: IndexDefinition, docs: AnyDocument[]): Record<string, unknown>[] =>
  docs.map((doc) => ({ ...indexedRecord(def, doc), [CHARS_FIELD]: headlineChars(def, doc) }));

export function meiliSettings(def: IndexDefinition): Settings {
  return {
    searchableAttributes: [...def.searchable, CHARS_FIELD],
    // Equality-only filters on strings and no facet search keep indexing cheap; ranges only where numeric.
    filterableAttributes: [
      {
        attributePatterns: def.filterable.filter((f) => !def.rangeFields.includes(f)),
        features: { facetSearch: false, filter: { equality: true, comparison: false } },
      },
      ...(def.rangeFields.length
        ? [{ attributePatterns: def.rangeFields, features: { facetSearch: false, filter: { equality: true, comparison: true } } }]
        : []),
    ],
    facetSearch: false,
    sortableAttributes: def.sortable,
    // An explicit sort is what the user asked for, so it comes before relevance; among equally
    // relevant documents the most recently updated first (the embedded engine does the same).
    rankingRules: ["sort", "words", "typo", "proximity", "attribute", "exactness", "updatedAt:desc"],
    // A character's code word is matched exactly (each character has its own code word).
    typoTolerance: { disableOnAttributes: [CHARS_FIELD, INITIALS_FIELD] },
    synonyms: registeredMeiliSynonyms(),
    localizedAttributes: [{ attributePatterns: ["*"], locales: ["cmn"] }],
    pagination: { maxTotalHits: MAX_TOTAL_HITS },
    faceting: { maxValuesPerFacet: MAX_FACET_VALUES, sortFacetValuesBy: { "*": "count" } },
  };
}

const isIndexMissing = (error: unknown): boolean => {
  const e = unwrapClientError(error);
  return e instanceof MeilisearchApiError && e.cause?.code === "index_not_found";
};

/** Meilisearch refuses `attributesToSearchOn` naming fields no document has, which is every field of an empty index. */
const isUnknownSearchAttribute = (error: unknown): boolean => {
  const e = unwrapClientError(error);
  return e instanceof MeilisearchApiError && e.cause?.code === "invalid_search_attributes_to_search_on";
};

const isTransient = (error: unknown): boolean =>
  error instanceof MeilisearchRequestError ||
  error instanceof MeilisearchRequestTimeOutError ||
  (error instanceof MeilisearchApiError && (error.response.status >= 500 || error.response.status === 429));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Polls a task until Meilisearch has finished it (succeeded, failed or canceled). Not the client's
 * waitTask/waitForTask: they hand one AbortSignal (their timeout) to every poll, and the client's
 * request wrapper (meilisearch-js 0.62) adds an 'abort' listener to that signal per request and
 * never removes it, so a task polled more than ten times printed MaxListenersExceededWarning and
 * held every listener until the wait ended. Each poll here is a plain request, bounded by the
 * client's own per-request timeout.
 */
export async function finishedTask(
  client: Meilisearch,
  task: EnqueuedTaskPromise | number,
  { timeoutMs, intervalMs }: { timeoutMs: number; intervalMs: number },
): Promise<Task> {
  const taskUid = typeof task === "number" ? task : (await task).taskUid;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const current = await client.tasks.getTask(taskUid);
    if (current.status !== "enqueued" && current.status !== "processing") return current;
    if (Date.now() + intervalMs > deadline) throw new MeilisearchTaskTimeOutError(taskUid, timeoutMs);
    await sleep(intervalMs);
  }
}

export class MeiliSearchEngine implements SearchEngine {
  readonly kind = "meilisearch" as const;
  private cached: { key: string; client: Meilisearch } | null = null;
  private readonly ready = new Set<IndexName>();
  private readonly prefix: string;
  private readonly transport = keepAliveTransport();
  /** Outcome of the last request, for the status on /healthz. */
  lastError: string | null = null;
  lastOkAt: number | null = null;

  constructor(
    private readonly endpoint: () => MeiliEndpoint,
    private readonly options: MeiliEngineOptions = {},
  ) {
    this.prefix = options.prefix ?? "";
  }

  private client(): Meilisearch {
    const { host, apiKey } = this.endpoint();
    const key = `${host}|${apiKey ?? ""}`;
    if (this.cached?.key !== key) {
      this.cached = { key, client: new Meilisearch({ host, apiKey, timeout: 30_000, httpClient: this.transport.httpClient }) };
      this.ready.clear();
    }
    return this.cached.client;
  }

  /** The live index's name: versioned by the documents' shape (the registered documents version), so a new shape starts on an empty index that start-up rebuilds. */
  uid(index: IndexName): string {
    return `${this.prefix}${index}_v${documentsVersion()}`;
  }

  /** Retries while the server is unreachable or overloaded; other errors surface at once. */
  private async call<T>(what: string, fn: (client: Meilisearch) => Promise<T>): Promise<T> {
    const attempts = this.options.attempts ?? 4;
    const base = this.options.baseDelayMs ?? 150;
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await fn(this.client());
        this.lastOkAt = Date.now();
        this.lastError = null;
        return result;
      } catch (caught) {
        const error = unwrapClientError(caught);
        if (!isTransient(error)) throw error;
        this.lastError = `${what}: ${(error as Error).message}`;
        if (attempt >= attempts) throw new SearchUnavailableError(`Meilisearch unavailable (${what})`, { cause: error });
        this.options.logger?.warn({ err: error, attempt }, `meilisearch ${what} failed, retrying`);
        await sleep(base * 4 ** (attempt - 1));
      }
    }
  }

  private async waitTask(client: Meilisearch, enqueued: EnqueuedTaskPromise, what: string): Promise<Task> {
    const task = await finishedTask(client, enqueued, { timeoutMs: this.options.taskTimeoutMs ?? 300_000, intervalMs: 25 });
    if (task.status !== "succeeded") {
      throw new Error(`Meilisearch task ${task.uid} (${what}) ${task.status}: ${task.error?.message ?? "no error given"}`);
    }
    return task;
  }

  private async createIndexWithSettings(uid: string, def: IndexDefinition): Promise<void> {
    await this.call("create index", async (c) => {
      try {
        await c.getRawIndex(uid);
      } catch (error) {
        if (!isIndexMissing(error)) throw error;
        const task = await finishedTask(c, c.createIndex(uid, { primaryKey: "id" }), { timeoutMs: 60_000, intervalMs: 25 });
        if (task.status !== "succeeded" && task.error?.code !== "index_already_exists") {
          throw new Error(`Creating ${uid} failed: ${task.error?.message}`);
        }
      }
    });
    await this.call("update settings", (c) => this.waitTask(c, c.index(uid).updateSettings(meiliSettings(def)), `settings ${uid}`));
  }

  async ensureIndex(index: IndexName): Promise<void> {
    this.client();
    if (this.ready.has(index)) return;
    await this.createIndexWithSettings(this.uid(index), indexDefinition(index));
    this.ready.add(index);
  }

  async upsert(index: IndexName, docs: AnyDocument[]): Promise<void> {
    if (docs.length === 0) return;
    await this.ensureIndex(index);
    await this.call("add documents", (c) => this.waitTask(c, c.index(this.uid(index)).addDocuments(withChars(indexDefinition(index), docs), { primaryKey: "id" }), "add documents"));
  }

  async remove(index: IndexName, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.ensureIndex(index);
    await this.call("delete documents", (c) => this.waitTask(c, c.index(this.uid(index)).deleteDocuments(ids), "delete documents"));
  }

  async count(index: IndexName): Promise<number> {
    return this.call("stats", async (c) => {
      try {
        return (await c.index(this.uid(index)).getStats()).numberOfDocuments;
      } catch (error) {
        if (isIndexMissing(error)) return 0;
        throw error;
      }
    });
  }

  async rebuild(index: IndexName, batches: AsyncIterable<AnyDocument[]>): Promise<number> {
    const def = indexDefinition(index);
    const live = this.uid(index);
    const fresh = `${live}__build_${Date.now().toString(36)}`;
    await this.createIndexWithSettings(fresh, def);
    let count = 0;
    try {
      // Enqueue every batch first: Meilisearch merges consecutive additions into one indexing run.
      const pending: number[] = [];
      for await (const batch of batches) {
        if (batch.length === 0) continue;
        const task = await this.call("add documents", async (c) => await c.index(fresh).addDocuments(withChars(def, batch), { primaryKey: "id" }));
        pending.push(task.taskUid);
        count += batch.length;
      }
      for (const uid of pending) {
        const task = await this.call("wait", (c) => finishedTask(c, uid, { timeoutMs: this.options.taskTimeoutMs ?? 600_000, intervalMs: 250 }));
        if (task.status !== "succeeded") throw new Error(`Meilisearch rebuild of ${index} failed: ${task.error?.message ?? task.status}`);
      }
      await this.ensureIndex(index);
      await this.call("swap", (c) => this.waitTask(c, c.swapIndexes([{ indexes: [live, fresh], rename: false }]), "swap"));
    } finally {
      // After the swap `fresh` holds the old documents; on failure it holds a partial build.
      await this.call("delete index", (c) => this.waitTask(c, c.deleteIndex(fresh), "delete old index")).catch((error: unknown) =>
        this.options.logger?.warn({ err: error }, `could not delete ${fresh}`),
      );
    }
    return count;
  }

  async search<D extends BaseDocument = BaseDocument>(index: IndexName, query: SearchQuery): Promise<SearchResult<D>> {
    const def = indexDefinition(index);
    const p = prepareQuery(query, def);
    if (p.filter === false) return emptyResult(p);
    await this.ensureIndex(index);
    const words = p.matching === "most" ? p.q.split(" ").filter(Boolean) : [];
    if (words.length > 1) return this.searchMost<D>(index, p, words);
    const asked = meiliQuery(p.q, p.searchOn);
    const response = await this.call("search", (c) =>
      c.index(this.uid(index)).search(asked.q, {
        filter: p.filter ? meiliFilter(p.filter) : undefined,
        facets: p.facets.length ? p.facets : undefined,
        sort: p.sort.length ? p.sort.map((s) => `${s.field}:${s.direction}`) : undefined,
        // offset/limit rather than page/hitsPerPage: pages make Meilisearch count every hit exhaustively,
        // which was most of its time on broad queries over 100k documents; the estimate is what pages show.
        offset: (p.page - 1) * p.hitsPerPage,
        limit: p.hitsPerPage,
        matchingStrategy: "all",
        attributesToSearchOn: asked.searchOn,
      }),
    ).catch(async (error: unknown) => {
      if (isUnknownSearchAttribute(error) && (await this.count(index)) === 0) return null;
      throw error;
    });
    if (!response) return emptyResult(p);
    // Highlights are computed from the query's own words for both engines (search/text.ts): Meilisearch's
    // own marked every token its Chinese segmenter matched, single characters included.
    const terms = p.q ? highlightTerms(parseQuery(p.q)) : [];
    const hits = response.hits.map((raw) => {
      const rest = { ...(raw as Record<string, unknown>) };
      for (const key of Object.keys(rest)) if (key.startsWith("_") || p.hidden.includes(key)) delete rest[key];
      const highlights: Record<string, HighlightSegment[]> = {};
      for (const attr of p.highlight) {
        const value = rest[attr];
        if (typeof value === "string") highlights[attr] = highlightText(value, terms);
      }
      const doc = rest as unknown as D;
      return { id: String(rest.id), doc, highlights };
    });
    const total = Math.min(MAX_TOTAL_HITS, response.estimatedTotalHits ?? hits.length);
    const facets: Record<string, Record<string, number>> = {};
    for (const field of p.facets) facets[field] = { ...(response.facetDistribution?.[field] ?? {}) };
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
  }

  /**
   * Relaxed search: documents matching any of the words, those matching more first, as the embedded
   * engine ranks them. Meilisearch's own strategies ("last", "frequency") never return a document that
   * lacks the first or the rarest word, so each word is searched alone (ids only) and the counts decide;
   * the page's documents and the facets are then read with an id filter. A fallback for queries that
   * found nothing, so the extra requests are paid rarely; at most MAX_TOTAL_HITS ids per word.
   */
  private async searchMost<D extends BaseDocument>(index: IndexName, p: PreparedQuery, words: string[]): Promise<SearchResult<D>> {
    const uid = this.uid(index);
    const filter = p.filter ? meiliFilter(p.filter) : undefined;
    const score = new Map<string, { count: number; positions: number }>();
    for (const word of words) {
      const asked = meiliQuery(word, p.searchOn);
      const found = await this.call("search", (c) =>
        c.index(uid).search(asked.q, { filter, attributesToSearchOn: asked.searchOn, attributesToRetrieve: ["id"], limit: MAX_TOTAL_HITS, matchingStrategy: "all" }),
      ).catch(async (error: unknown) => {
        if (isUnknownSearchAttribute(error) && (await this.count(index)) === 0) return { hits: [] };
        throw error;
      });
      found.hits.forEach((hit, position) => {
        const id = String((hit as { id: unknown }).id);
        const s = score.get(id) ?? { count: 0, positions: 0 };
        s.count++;
        s.positions += position;
        score.set(id, s);
      });
    }
    const ranked = [...score].sort((a, b) => b[1].count - a[1].count || a[1].positions - b[1].positions).map(([id]) => id);
    if (ranked.length === 0) return emptyResult(p);
    const idFilter = (ids: string[]) => [filter ? `(${filter})` : null, `id IN [${ids.map(meiliValue).join(", ")}]`].filter(Boolean).join(" AND ");
    let order = ranked;
    if (p.sort.length) {
      // The user's sort comes first, as in the embedded engine; the counts order what it leaves tied only by position.
      const sorted = await this.call("search", (c) =>
        c.index(uid).search("", { filter: idFilter(ranked), sort: p.sort.map((s) => `${s.field}:${s.direction}`), attributesToRetrieve: ["id"], limit: ranked.length }),
      );
      order = sorted.hits.map((h) => String((h as { id: unknown }).id));
    }
    const offset = (p.page - 1) * p.hitsPerPage;
    const pageIds = order.slice(offset, offset + p.hitsPerPage);
    const [docs, counted] = await Promise.all([
      pageIds.length
        ? this.call("search", (c) => c.index(uid).search("", { filter: idFilter(pageIds), limit: pageIds.length }))
        : Promise.resolve(null),
      p.facets.length ? this.call("search", (c) => c.index(uid).search("", { filter: idFilter(ranked), facets: p.facets, limit: 0 })) : Promise.resolve(null),
    ]);
    const byId = new Map((docs?.hits ?? []).map((h) => [String((h as { id: unknown }).id), h as Record<string, unknown>]));
    const terms = highlightTerms(parseQuery(p.q));
    const hits = pageIds.flatMap((id) => {
      const raw = byId.get(id);
      if (!raw) return [];
      const rest = { ...raw };
      for (const key of Object.keys(rest)) if (key.startsWith("_") || p.hidden.includes(key)) delete rest[key];
      const highlights: Record<string, HighlightSegment[]> = {};
      for (const attr of p.highlight) {
        const value = rest[attr];
        if (typeof value === "string") highlights[attr] = highlightText(value, terms);
      }
      return [{ id, doc: rest as unknown as D, highlights }];
    });
    const total = Math.min(MAX_TOTAL_HITS, ranked.length);
    const facets: Record<string, Record<string, number>> = {};
    for (const field of p.facets) facets[field] = { ...(counted?.facetDistribution?.[field] ?? {}) };
    return { hits, ids: hits.map((h) => h.id), total, page: p.page, hitsPerPage: p.hitsPerPage, totalPages: Math.ceil(total / p.hitsPerPage), facets, query: p.q };
  }

  async health(): Promise<boolean> {
    try {
      await this.client().health();
      this.lastOkAt = Date.now();
      return true;
    } catch (error) {
      this.lastError = `health: ${(error as Error).message}`;
      return false;
    }
  }

  async close(): Promise<void> {
    this.cached = null;
    this.transport.destroy();
  }
}
