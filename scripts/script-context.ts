import pino from "pino";
import { migrateDatabase, openDatabase } from "@db/client";
import { loadConfig } from "../app/utils/config.server";
import { systemClock, type AppContext } from "../app/utils/context.server";
import { offlineRealtime } from "../app/utils/realtime.server";
import { embeddedAppSearch, embeddedSearchFile } from "~/modules/search/runtime.server";

/** The context command-line scripts run with: same config and database as the app, nobody online. */
export function scriptContext(): AppContext {
  const config = loadConfig();
  const db = openDatabase(config.databasePath);
  migrateDatabase(db);
  const logger = pino({ level: config.logLevel });
  // Scripts only write outbox rows; the running app (or npm run reindex) applies them to the engine.
  return { db, config, clock: systemClock, logger, realtime: offlineRealtime, search: embeddedAppSearch(db, logger, embeddedSearchFile(config)) };
}
