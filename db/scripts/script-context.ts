import pino from "pino";
import { migrateDatabase, openDatabase } from "../client";
import { loadConfig } from "../../app/utils/config.server";
import { systemClock, type AppContext } from "../../app/utils/context.server";
import { offlineRealtime } from "../../app/utils/realtime.server";

/** The context command-line scripts run with: same config and database as the app, nobody online. */
export function scriptContext(): AppContext {
  const config = loadConfig();
  const db = openDatabase(config.databasePath);
  migrateDatabase(db);
  return { db, config, clock: systemClock, logger: pino({ level: config.logLevel }), realtime: offlineRealtime };
}
