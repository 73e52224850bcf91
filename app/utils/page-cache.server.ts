import type { NextFunction, Request, Response } from "express";
import { etagMatches } from "./http-cache.server";

/**
 * A server-side cache of public pages as rendered for anonymous visitors (ADR 0905).
 *
 * The landing page, the directory, the notices and the public roadshow list are the same for every visitor who is not
 * signed in, per URL and language; rendering them again for each visitor was most of what the server did for them.
 * A rendered page is kept and served again while both hold:
 *
 * - **nothing in the database changed since the render began** — the stamp is SQLite's `data_version` (commits by
 *   other connections and processes) with `total_changes()` (rows changed by this connection), read before the page's
 *   loaders ran; any write anywhere, by anyone, retires every stored page;
 * - **it is younger than `maxAgeMs`** (10 s), which bounds what depends on the clock alone (a notice period ending).
 *
 * Only requests with no cookie but the language cookie are served or stored (a session, a toast or anything else
 * makes the page personal), only GETs, only routes whose `handle.pageCache` is `"public"`, only 200s. A request that
 * says `Cache-Control: no-cache` is rendered afresh (and its page stored). The per-response CSP nonce is taken out of
 * the stored page and the new response's nonce put in, so the page's scripts still match the policy sent with it.
 */

export type PageCacheEntry = {
  status: number;
  headers: Array<[string, string]>;
  /** The page with its nonce replaced by NONCE_SLOT. */
  body: string;
  stamp: string;
  storedAt: number;
  route: string | null;
};

const NONCE_SLOT = "\u0000nonce\u0000";
const ALLOWED_COOKIE = /^lng$/;

export type PageCache = ReturnType<typeof createPageCache>;

export function createPageCache(options: { stamp: () => string; now: () => number; maxEntries?: number; maxAgeMs?: number }) {
  const maxEntries = options.maxEntries ?? 500;
  const maxAgeMs = options.maxAgeMs ?? 10_000;
  const entries = new Map<string, PageCacheEntry>();

  return {
    stamp: options.stamp,

    /** The key a request's page is kept under, or null when the request may not share a page with others. */
    keyFor(method: string, url: string, headers: { cookie?: string; "accept-language"?: string }): string | null {
      if (method !== "GET") return null;
      let lng = "";
      for (const part of (headers.cookie ?? "").split(";")) {
        const trimmed = part.trim();
        if (!trimmed) continue;
        const eq = trimmed.indexOf("=");
        const name = eq < 0 ? trimmed : trimmed.slice(0, eq);
        if (!ALLOWED_COOKIE.test(name)) return null;
        lng = trimmed.slice(eq + 1);
      }
      // The language a first visit gets follows Accept-Language, so it is part of the key (the cookie wins over it).
      return `${url}\u0000${lng}\u0000${lng ? "" : (headers["accept-language"] ?? "")}`;
    },

    lookup(key: string): PageCacheEntry | null {
      const entry = entries.get(key);
      if (!entry) return null;
      if (entry.stamp !== options.stamp() || options.now() - entry.storedAt > maxAgeMs) {
        entries.delete(key);
        return null;
      }
      return entry;
    },

    store(key: string, entry: Omit<PageCacheEntry, "body" | "storedAt"> & { html: string; nonce: string }): void {
      if (entries.has(key)) entries.delete(key);
      else if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
      const body = entry.nonce ? entry.html.split(entry.nonce).join(NONCE_SLOT) : entry.html;
      entries.set(key, { status: entry.status, headers: entry.headers, stamp: entry.stamp, route: entry.route, body, storedAt: options.now() });
    },

    size(): number {
      return entries.size;
    },
  };
}

/** A route opts in with `export const handle = { pageCache: "public" }`: its page is the same for every anonymous visitor. */
export function isPublicPage(handle: unknown): boolean {
  return typeof handle === "object" && handle !== null && (handle as { pageCache?: unknown }).pageCache === "public";
}

/**
 * The cache for one SQLite database. `data_version` changes when another connection (or process) commits;
 * `total_changes()` counts the rows this connection changed since it opened. Together they change with any write.
 */
export function pageCacheFor(client: { prepare(sql: string): { pluck(): { get(): unknown } } }, now: () => number): PageCache {
  const dataVersion = client.prepare("PRAGMA data_version").pluck();
  const totalChanges = client.prepare("SELECT total_changes()").pluck();
  return createPageCache({ stamp: () => `${String(dataVersion.get())}:${String(totalChanges.get())}`, now });
}

/** The page with this response's nonce in the places the stored page had its own. */
export function pageWithNonce(entry: PageCacheEntry, nonce: string): string {
  return entry.body.split(NONCE_SLOT).join(nonce);
}

/** What the Remix entry needs to store the page it renders for this request. */
export type PageCacheTicket = { key: string; stamp: string; store: PageCache["store"] };

/**
 * Express middleware before the Remix handler: answers from the cache, or leaves a ticket in `res.locals.pageCache`
 * for the entry to store the page it is about to render. `onHit` lets the request log name the route.
 */
export function servePageCache(cache: PageCache, onHit: (route: string | null) => void = () => {}) {
  return (req: Request, res: Response, next: NextFunction) => {
    const key = cache.keyFor(req.method, req.originalUrl, { cookie: req.headers.cookie, "accept-language": req.headers["accept-language"] });
    if (key === null) return next();
    const fresh = /(?:^|,)\s*no-cache\s*(?:,|$)/i.test(req.headers["cache-control"] ?? "");
    const entry = fresh ? null : cache.lookup(key);
    if (!entry) {
      // Read before the loaders run: a write during the render makes the stored page stale at once.
      res.locals.pageCache = { key, stamp: cache.stamp(), store: cache.store } satisfies PageCacheTicket;
      res.setHeader("X-Page-Cache", "miss");
      return next();
    }
    onHit(entry.route);
    for (const [name, value] of entry.headers) res.append(name, value);
    res.setHeader("X-Page-Cache", "hit");
    const etag = entry.headers.find(([name]) => name.toLowerCase() === "etag")?.[1];
    if (etag && etagMatches(req.headers["if-none-match"], etag)) {
      res.removeHeader("Content-Type");
      return res.status(304).end();
    }
    // end(), not send(): send() would add Express's own ETag to a page that has none (or a second one).
    res.status(entry.status).end(pageWithNonce(entry, res.locals.cspNonce as string));
  };
}
