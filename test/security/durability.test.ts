// ASVS V14 / issue 14 item 14: an acknowledged write is durable beyond a killed process — commits are fsynced
// (synchronous = FULL in WAL mode) unless an operator explicitly opts out.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase } from "@db/client";
import { loadConfig } from "~/utils/config.server";

describe("durable acknowledgements", () => {
  it("opens the app database with synchronous = FULL in WAL mode by default", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "durable-"));
    try {
      const config = loadConfig({ NODE_ENV: "production", DATABASE_PATH: path.join(dir, "app.db"), SESSION_SECRET: "s".repeat(40) });
      expect(config.dbSynchronous).toBe("full");
      const db = openDatabase(config.databasePath, { synchronous: config.dbSynchronous });
      expect(db.$client.pragma("journal_mode", { simple: true })).toBe("wal");
      expect(db.$client.pragma("synchronous", { simple: true })).toBe(2); // 2 = FULL
      db.$client.close();
      const plain = openDatabase(path.join(dir, "other.db"));
      expect(plain.$client.pragma("synchronous", { simple: true })).toBe(2);
      plain.$client.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
