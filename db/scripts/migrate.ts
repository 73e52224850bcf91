import { migrateDatabase, openDatabase } from "../client";
import { loadConfig } from "../../app/utils/config.server";

const config = loadConfig();
const db = openDatabase(config.databasePath);
migrateDatabase(db);
db.$client.close();
process.stdout.write(`Migrated ${config.databasePath}\n`);
