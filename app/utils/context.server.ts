import type { Logger } from "pino";
import type { Db } from "@db/client";
import type { SearchRuntime } from "@search/index";
import type { AppConfig } from "./config.server";
import type { PageCacheTicket } from "./page-cache.server";

export type Clock = { now(): number };
export const systemClock: Clock = { now: () => Date.now() };

/**
 * Realtime delivery (socket.io rooms). Every broadcast goes through here so that swapping the
 * socket.io adapter (Redis, for several nodes) touches one file.
 */
export interface Realtime {
  toUser(userId: string, event: string, payload: unknown): void;
  toRoom(room: string, event: string, payload: unknown): void;
  /** One broadcast to the union of several rooms: a socket in more than one of them gets it once. */
  toRooms(rooms: readonly string[], event: string, payload: unknown): void;
  /** Closes every socket in the room at once (a revoked session, a removed member); all nodes with an adapter. */
  disconnect(room: string): void;
}

/** Built once per process in server.ts (or per test) and handed to every service call. */
export interface AppContext {
  db: Db;
  config: AppConfig;
  clock: Clock;
  logger: Logger;
  realtime: Realtime;
  /** The search engine (Meilisearch or embedded) and its outbox indexer. */
  search: SearchRuntime;
}

declare module "@remix-run/node" {
  interface AppLoadContext {
    app: AppContext;
    /** Per-request nonce for the Content-Security-Policy. */
    cspNonce: string;
    /** The client address as Express sees it (proxies on loopback are trusted). */
    clientIp: string | null;
    /** Present when this anonymous request's page may be kept for others (app/utils/page-cache.server.ts). */
    pageCache?: PageCacheTicket;
  }
}
