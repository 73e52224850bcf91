// Fresh migrated databases for tests, without running the migrations for each one (ADR 0025).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { migrateDatabase, openDatabase, openDatabaseImage, type Db } from "@db/client";

/** Where the vitest global set-up tells the workers it left the migrated image. */
export const MIGRATED_IMAGE_ENV = "XJ_TEST_MIGRATED_DB";

/**
 * Migrates one in-memory database from the committed migrations and writes its image into a new temporary folder;
 * gives back the file and a clean-up. The global set-up does this at every start, so the image is never older than
 * the migrations.
 */
export function writeMigratedImage(): { file: string; remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "xj-test-db-"));
  const db = openDatabase(":memory:");
  try {
    migrateDatabase(db);
    const file = path.join(dir, "migrated.sqlite");
    fs.writeFileSync(file, db.$client.serialize());
    return { file, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
  } finally {
    db.$client.close();
  }
}

let migratedImage: Buffer | undefined;

/**
 * A fresh in-memory database with every migration applied. Under vitest it starts as a copy of the image the global
 * set-up migrated: running the migrations took ~0.4 s of CPU per database, copying the image takes milliseconds.
 * Elsewhere (a bench, a script, a test file run by hand without the set-up) each database is migrated.
 */
export function migratedDatabase(): Db {
  const file = process.env[MIGRATED_IMAGE_ENV];
  if (!file || !fs.existsSync(file)) {
    const db = openDatabase(":memory:");
    migrateDatabase(db);
    return db;
  }
  migratedImage ??= fs.readFileSync(file);
  return openDatabaseImage(migratedImage);
}
