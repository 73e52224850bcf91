import fs from "node:fs";
import { loadConfig } from "../app/utils/config.server";

// Deletes the database file (and its WAL) so the next start migrates and seeds from scratch.
const config = loadConfig();
for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(config.databasePath + suffix, { force: true });
process.stdout.write(`Removed ${config.databasePath}; run npm start or npm run db:seed to recreate it.\n`);
