import pino from "pino";
import { migratedDatabase } from "./database";
import { embeddedAppSearch } from "~/modules/search/runtime.server";
import { loadConfig } from "~/utils/config.server";
import type { AppContext, Clock, Realtime } from "~/utils/context.server";

/** A clock tests can move; starts at a fixed instant so results never depend on the day tests run. */
export class TestClock implements Clock {
  constructor(public ms = Date.UTC(2026, 2, 2, 2, 0, 0)) {}
  now(): number {
    return this.ms;
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

/** Records what would be broadcast, so tests can assert on deliveries without sockets. */
export class RecordingRealtime implements Realtime {
  events: { target: string; event: string; payload: unknown }[] = [];
  toUser(userId: string, event: string, payload: unknown): void {
    this.events.push({ target: `user:${userId}`, event, payload });
  }
  toRoom(room: string, event: string, payload: unknown): void {
    this.events.push({ target: room, event, payload });
  }
  /** Recorded as one event whose target lists the rooms (space-separated). */
  toRooms(rooms: readonly string[], event: string, payload: unknown): void {
    if (rooms.length) this.events.push({ target: rooms.join(" "), event, payload });
  }
  disconnected: string[] = [];
  disconnect(room: string): void {
    this.disconnected.push(room);
  }
}

export type TestContext = AppContext & { clock: TestClock; realtime: RecordingRealtime };

/** A fresh, fully migrated in-memory database per call: each test file (and worker) owns its data. */
export function createTestContext(): TestContext {
  const db = migratedDatabase();
  const config = loadConfig({ NODE_ENV: "test", DATABASE_PATH: ":memory:", SESSION_SECRET: "test-secret-test-secret-test-secret-00" });
  const logger = pino({ level: "silent" });
  return {
    db,
    config,
    clock: new TestClock(),
    logger,
    realtime: new RecordingRealtime(),
    search: embeddedAppSearch(db, logger),
  };
}
