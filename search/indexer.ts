import crypto from "node:crypto";
import os from "node:os";
import { and, asc, count, eq, gt, inArray, isNotNull, isNull, lt, lte, max, or, sql } from "drizzle-orm";
import type { Logger } from "pino";
import type { Db } from "@db/client";
import { searchOutbox } from "@db/schema";
import type { AnyDocument, IndexName, SearchEngine } from "./engine";
import { isRegisteredIndex } from "./registry";
import { onSearchOutbox } from "./outbox";
import { documentSource, registeredIndexes } from "./sources";

export interface IndexerStatus {
  running: boolean;
  /** Outbox rows not yet applied. */
  pending: number;
  /** Of those, rows that failed at least once. */
  failing: number;
  lastDrainAt: number | null;
  lastError: string | null;
  rebuilding: IndexName[];
}

export interface IndexerOptions {
  pollMs?: number;
  batchSize?: number;
  /** How long applied rows are kept (a rebuild replays rows written while it ran). */
  retentionMs?: number;
  /**
   * How long a claim on outbox rows holds before another process may take them over. Renewed every
   * third of it while the batch is being applied, so only a holder that stopped loses its rows.
   */
  leaseMs?: number;
  /** Names this indexer in the rows it claims (default: host, pid and a random part). */
  owner?: string;
  /** For tests: the clock leases are measured with. */
  now?: () => number;
}

export type RebuildProgress = (done: number, total: number) => void;

/** What one drain applied to one index: documents written (new or changed) and ids removed. */
export interface AppliedChange {
  index: IndexName;
  upserted: AnyDocument[];
  removedIds: string[];
}
/** Runs after the engine has the change (saved-search alerts); a failing listener never un-applies a row. */
export type AppliedListener = (change: AppliedChange) => void | Promise<void>;

type OutboxRow = typeof searchOutbox.$inferSelect;

const LOAD_CHUNK = 500;
const backoffMs = (attempts: number): number => Math.min(60_000, 500 * 2 ** Math.min(attempts, 10));

/**
 * Applies the search outbox to the engine, in process. Each row only says "this id changed": the
 * document is rebuilt from the database by the index's source, and ids the source no longer
 * returns are removed. So replaying a row is harmless, and rows may be applied in any order.
 */
export class SearchIndexer {
  private timer: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;
  private draining: Promise<void> | null = null;
  private again = false;
  private stopped = true;
  private drains = 0;
  private readonly rebuilding = new Set<IndexName>();
  private lastDrainAt: number | null = null;
  private lastError: string | null = null;
  private readonly appliedListeners = new Set<AppliedListener>();
  readonly owner: string;
  private readonly now: () => number;
  private readonly leaseMs: number;

  constructor(
    private readonly db: Db,
    private readonly engine: SearchEngine,
    private readonly logger: Logger,
    private readonly options: IndexerOptions = {},
  ) {
    this.owner = options.owner ?? `${os.hostname()}:${process.pid}:${crypto.randomBytes(4).toString("hex")}`;
    this.now = options.now ?? Date.now;
    this.leaseMs = options.leaseMs ?? 120_000;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.unsubscribe = onSearchOutbox(() => this.kick());
    const tick = () => {
      this.timer = setTimeout(() => {
        this.kick();
        if (!this.stopped) tick();
      }, this.options.pollMs ?? 1000);
      this.timer.unref();
    };
    tick();
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.unsubscribe?.();
    this.unsubscribe = null;
    await this.draining;
  }

  /** Subscribes to changes applied from the outbox (not to rebuilds: those re-index, they do not change data). */
  onApplied(listener: AppliedListener): () => void {
    this.appliedListeners.add(listener);
    return () => this.appliedListeners.delete(listener);
  }

  private async emitApplied(change: AppliedChange): Promise<void> {
    for (const listener of this.appliedListeners) {
      try {
        await listener(change);
      } catch (error) {
        this.logger.error({ err: error, index: change.index }, "search applied-change listener failed");
      }
    }
  }

  /** Starts a drain now (or right after the one in progress). */
  kick(): void {
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = (async () => {
      try {
        do {
          this.again = false;
          await this.drain();
        } while (this.again && !this.stopped);
      } catch (error) {
        this.lastError = (error as Error).message;
        this.logger.error({ err: error }, "search indexer drain failed");
      } finally {
        this.draining = null;
      }
    })();
  }

  /** Applies every row that is due; resolves when none is left (failed rows wait for their retry time). */
  async drain(): Promise<void> {
    while ((await this.drainOnce()) > 0) {
      // keep going while rows are being applied
    }
  }

  /**
   * Claims a batch of due rows that no live lease holds, in one UPDATE (one write transaction): of
   * two processes draining the same outbox, each row goes to exactly one.
   */
  private claim(now: number) {
    const due = this.db
      .select({ seq: searchOutbox.seq })
      .from(searchOutbox)
      .where(
        and(
          isNull(searchOutbox.processedAt),
          lte(searchOutbox.nextAttemptAt, now),
          or(isNull(searchOutbox.leaseExpiresAt), lte(searchOutbox.leaseExpiresAt, now)),
        ),
      )
      .orderBy(asc(searchOutbox.seq))
      .limit(this.options.batchSize ?? 500);
    return this.db
      .update(searchOutbox)
      .set({ leaseOwner: this.owner, leaseExpiresAt: now + this.leaseMs })
      .where(inArray(searchOutbox.seq, due))
      .returning()
      .all()
      .sort((a, b) => a.seq - b.seq);
  }

  /** Applies one batch of due rows; returns how many rows were applied. */
  async drainOnce(): Promise<number> {
    const now = this.now();
    const rows = this.claim(now);
    this.lastDrainAt = now;
    if (rows.length === 0) {
      this.prune(now);
      return 0;
    }
    const byIndex = new Map<string, typeof rows>();
    for (const row of rows) byIndex.set(row.indexName, [...(byIndex.get(row.indexName) ?? []), row]);
    const stopRenewing = this.keepLease(rows.map((r) => r.seq));
    try {
      return await this.applyClaimed(byIndex);
    } finally {
      stopRenewing();
    }
  }

  /**
   * Renews the lease on the claimed rows this indexer still holds until the returned function is
   * called. A batch may take longer than the lease (a Meilisearch task queued behind a big rebuild,
   * a slow server); without renewal another process would take the rows over mid-apply and this one
   * could no longer mark them done, so alerts would depend on who finished first. Rows already marked
   * done or failed, or taken over after a stall, are not renewed and drop out of the set.
   */
  private keepLease(seqs: number[]): () => void {
    let held = seqs;
    const timer = setInterval(
      () => {
        try {
          held = this.db
            .update(searchOutbox)
            .set({ leaseExpiresAt: this.now() + this.leaseMs })
            .where(and(inArray(searchOutbox.seq, held), eq(searchOutbox.leaseOwner, this.owner), isNull(searchOutbox.processedAt)))
            .returning({ seq: searchOutbox.seq })
            .all()
            .map((r) => r.seq);
          if (held.length === 0) clearInterval(timer);
        } catch (error) {
          this.logger.warn({ err: error, rows: held.length }, "renewing the search outbox lease failed");
        }
      },
      Math.max(10, Math.floor(this.leaseMs / 3)),
    );
    timer.unref();
    return () => clearInterval(timer);
  }

  private async applyClaimed(byIndex: Map<string, OutboxRow[]>): Promise<number> {
    let applied = 0;
    for (const [name, group] of byIndex) {
      const seqs = group.map((r) => r.seq);
      if (!isRegisteredIndex(name)) {
        this.markDone(seqs, `unknown index ${name}`);
        continue;
      }
      const source = documentSource(name);
      if (!source) {
        this.markFailed(group, `no document source registered for ${name}`);
        continue;
      }
      try {
        const ids = [...new Set(group.map((r) => r.docId))];
        const docs: AnyDocument[] = [];
        for (let i = 0; i < ids.length; i += LOAD_CHUNK) docs.push(...(await source.load(this.db, ids.slice(i, i + LOAD_CHUNK))));
        const found = new Set(docs.map((d) => d.id));
        const removedIds = ids.filter((id) => !found.has(id));
        await this.engine.upsert(name, docs);
        await this.engine.remove(name, removedIds);
        // Rows taken over after this process stopped renewing (stalled past the lease) belong to the
        // other process now, which announces them itself.
        const done = this.markDone(seqs, null);
        if (done.length < seqs.length) {
          this.logger.warn({ index: name, rows: seqs.length - done.length }, "search outbox rows were taken over while being applied");
        }
        const finished = new Set(done.map((seq) => group.find((r) => r.seq === seq)!.docId));
        applied += done.length;
        if (this.appliedListeners.size && finished.size) {
          await this.emitApplied({
            index: name,
            upserted: docs.filter((d) => finished.has(d.id)),
            removedIds: removedIds.filter((id) => finished.has(id)),
          });
        }
      } catch (error) {
        this.lastError = (error as Error).message;
        this.logger.warn({ err: error, index: name, rows: group.length }, "search outbox rows failed; will retry");
        this.markFailed(group, (error as Error).message);
      }
    }
    return applied;
  }

  /** Marks the rows this indexer still holds as applied; returns their seqs. */
  private markDone(seqs: number[], note: string | null): number[] {
    return this.db
      .update(searchOutbox)
      .set({ processedAt: this.now(), lastError: note, leaseOwner: null, leaseExpiresAt: null })
      .where(and(inArray(searchOutbox.seq, seqs), eq(searchOutbox.leaseOwner, this.owner), isNull(searchOutbox.processedAt)))
      .returning({ seq: searchOutbox.seq })
      .all()
      .map((r) => r.seq);
  }

  private markFailed(rows: { seq: number; attempts: number }[], message: string): void {
    const now = this.now();
    this.db.transaction((tx) => {
      for (const row of rows) {
        tx.update(searchOutbox)
          .set({
            attempts: row.attempts + 1,
            nextAttemptAt: now + backoffMs(row.attempts),
            lastError: message.slice(0, 500),
            leaseOwner: null,
            leaseExpiresAt: null,
          })
          .where(and(eq(searchOutbox.seq, row.seq), eq(searchOutbox.leaseOwner, this.owner)))
          .run();
      }
    });
  }

  private prune(now: number): void {
    if (this.drains++ % 60 !== 0) return;
    const cutoff = now - (this.options.retentionMs ?? 24 * 3600_000);
    this.db
      .delete(searchOutbox)
      .where(and(isNotNull(searchOutbox.processedAt), lt(searchOutbox.processedAt, cutoff)))
      .run();
  }

  /**
   * Rebuilds one index from the database into a fresh copy and swaps it in; searches keep being
   * answered meanwhile. Changes enqueued while it ran are re-applied on top of the new copy.
   */
  async rebuild(index: IndexName, onProgress?: RebuildProgress): Promise<number> {
    const source = documentSource(index);
    if (!source) throw new Error(`No document source registered for ${index}`);
    this.rebuilding.add(index);
    try {
      const watermark = this.db.select({ seq: max(searchOutbox.seq) }).from(searchOutbox).get()?.seq ?? 0;
      const ids = await source.allIds(this.db);
      const db = this.db;
      async function* batches(): AsyncGenerator<AnyDocument[]> {
        onProgress?.(0, ids.length);
        for (let i = 0; i < ids.length; i += LOAD_CHUNK) {
          yield await source!.load(db, ids.slice(i, i + LOAD_CHUNK));
          onProgress?.(Math.min(ids.length, i + LOAD_CHUNK), ids.length);
        }
      }
      const n = await this.engine.rebuild(index, batches());
      this.db
        .update(searchOutbox)
        .set({ processedAt: null, attempts: 0, nextAttemptAt: 0, leaseOwner: null, leaseExpiresAt: null })
        .where(and(eq(searchOutbox.indexName, index), gt(searchOutbox.seq, watermark)))
        .run();
      if (!this.stopped) this.kick();
      return n;
    } finally {
      this.rebuilding.delete(index);
    }
  }

  /**
   * Makes every index hold as many documents as the database has for it (first start, engine switch,
   * fallback, or writes that once missed their outbox row): an index whose document count differs from
   * its source's is rebuilt from the database. Returns the indexes it rebuilt.
   */
  async bootstrap(): Promise<IndexName[]> {
    const rebuilt: IndexName[] = [];
    for (const index of registeredIndexes()) {
      await this.engine.ensureIndex(index);
      const indexed = await this.engine.count(index);
      const ids = await documentSource(index)!.allIds(this.db);
      if (indexed === ids.length) continue;
      this.logger.info({ index, indexed, database: ids.length }, "search index count differs from the database; rebuilding it");
      await this.rebuild(index);
      rebuilt.push(index);
    }
    return rebuilt;
  }

  /** Documents per index in the engine and in the database (for /healthz). */
  async counts(): Promise<Partial<Record<IndexName, { indexed: number; database: number }>>> {
    const out: Partial<Record<IndexName, { indexed: number; database: number }>> = {};
    for (const index of registeredIndexes()) {
      out[index] = { indexed: await this.engine.count(index), database: (await documentSource(index)!.allIds(this.db)).length };
    }
    return out;
  }

  status(): IndexerStatus {
    const row = this.db
      .select({ pending: count(), failing: sql<number>`coalesce(sum(${searchOutbox.attempts} > 0), 0)` })
      .from(searchOutbox)
      .where(isNull(searchOutbox.processedAt))
      .get();
    return {
      running: !this.stopped,
      pending: row?.pending ?? 0,
      failing: Number(row?.failing ?? 0),
      lastDrainAt: this.lastDrainAt,
      lastError: this.lastError,
      rebuilding: [...this.rebuilding],
    };
  }
}
