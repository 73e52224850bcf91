import type { Logger } from "pino";
import type { Db } from "@db/client";
import { createSearch, embeddedSearchFile, embeddedSearchRuntime, type CreateSearchOptions, type SearchConfig, type SearchRuntime } from "@search/index";
import { registerAllDocumentSources } from "./sources.server";

/**
 * The search runtime of this app: the engine layer (search/) knows no feature, so the app registers its document
 * sources (enterprises, staff organisations, financing needs, credit products) before the runtime is created —
 * at start-up (server.ts), in command-line scripts and in every test context.
 */
export function startAppSearch(config: SearchConfig, db: Db, logger: Logger, options: CreateSearchOptions = {}): Promise<SearchRuntime> {
  registerAllDocumentSources();
  return createSearch(config, db, logger, options);
}

/** The embedded engine with a stopped indexer (tests, scripts, benches): `indexer.drain()` applies the outbox. */
export function embeddedAppSearch(db: Db, logger: Logger, file = ":memory:"): SearchRuntime {
  registerAllDocumentSources();
  return embeddedSearchRuntime(db, logger, file);
}

export { embeddedSearchFile };
