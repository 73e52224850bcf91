import { AsyncLocalStorage } from "node:async_hooks";
import type { NextFunction, Request, Response } from "express";
import pino, { type Logger } from "pino";
import type { AppConfig } from "./config.server";

/**
 * The one place the logger is configured (level, pretty output in development, what is never written) and the
 * request log is produced. One concise line per request at info — method, route, status, time, user id — and the
 * details at debug; neither carries cookies, authorisation headers, query values or tokens in paths (ADR 0901).
 */

/** Paths pino replaces with "[redacted]" wherever an object logged under them carries them. */
export const REDACTED_LOG_PATHS = [
  "req.headers.cookie",
  "req.headers.authorization",
  'req.headers["proxy-authorization"]',
  'res.headers["set-cookie"]',
  "headers.cookie",
  "headers.authorization",
  'headers["set-cookie"]',
  "password",
  "token",
];

/**
 * Secrets that can appear in a request, rewritten in every serialised line (hooks.streamWrite) whatever logged it
 * and under whichever key: the token in a reset or invitation link (path or query), the session cookie, and
 * Bearer/Basic credentials (issue 14 item 8; ADR 0606).
 */
const LINE_RULES: [RegExp, string][] = [
  [/(\/(?:reset-password|invite)\/)[^/?#\s"\\]+/g, "$1[redacted]"],
  [/([?&](?:token|code|secret|key|password|signature)=)[^&#\s"\\]+/gi, "$1[redacted]"],
  [/(__session=)[^;\s"\\]+/g, "$1[redacted]"],
  [/((?:Bearer|Basic)\s+)[^\s"\\]+/gi, "$1[redacted]"],
];

export function redactLine(line: string): string {
  let out = line;
  for (const [pattern, replacement] of LINE_RULES) out = out.replace(pattern, replacement);
  return out;
}

export function createLogger(config: Pick<AppConfig, "env" | "logLevel">, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level: config.logLevel,
    redact: { paths: REDACTED_LOG_PATHS, censor: "[redacted]" },
    hooks: { streamWrite: redactLine },
    transport: config.env === "development" && !destination ? { target: "pino-pretty" } : undefined,
  };
  return destination ? pino(options, destination) : pino(options);
}

/**
 * What the app learns about a request while handling it: who asked, and which route pattern answered; and what the
 * loaders of one page view share (perRequest).
 */
export type RequestLogFields = { userId?: string; route?: string; shared?: Map<symbol, unknown> };

// One store per process: server.ts and the Remix server bundle each hold a copy of this module.
const STORE_KEY = Symbol.for("xj-srdi.request-log");
const holder = globalThis as { [STORE_KEY]?: AsyncLocalStorage<RequestLogFields> };
const store = (holder[STORE_KEY] ??= new AsyncLocalStorage<RequestLogFields>());

/** Called where a session resolves to a user, so the request's log line names the user (by id only). */
export function noteRequestUser(userId: string): void {
  const fields = store.getStore();
  if (fields) fields.userId = userId;
}

/**
 * A value worked out once per request and shared by everything handling it (the root, layout and page loaders each
 * ask who is signed in; Remix hands each loader its own copy of the Request, so the request object cannot be the key).
 * Outside a request it is worked out on every call. Only for what cannot change while the request is handled.
 */
export function perRequest<T>(key: symbol, make: () => T): T {
  const fields = store.getStore();
  if (!fields) return make();
  const shared = (fields.shared ??= new Map());
  if (shared.has(key)) return shared.get(key) as T;
  const value = make();
  shared.set(key, value);
  return value;
}

/** The route pattern noted for the current request, if any (a page kept by the page cache remembers it). */
export function requestRoute(): string | null {
  return store.getStore()?.route ?? null;
}

/** For a page served from the page cache: the route its render noted. */
export function noteRequestRoutePattern(route: string | null): void {
  const fields = store.getStore();
  if (fields && route) fields.route = route;
}

/** Called by the Remix entry with the matched params, so the line names the route (`/invite/:token`), not the URL. */
export function noteRequestRoute(pathname: string, params: Record<string, string | undefined>): void {
  const fields = store.getStore();
  if (fields) fields.route = routePattern(pathname, params);
}

/** The path with each matched param value replaced by its name; unmatched token-like segments masked too. */
export function routePattern(pathname: string, params: Record<string, string | undefined> = {}): string {
  const names = new Map<string, string>();
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || value === "") continue;
    if (name === "*") return maskPath(pathname.slice(0, Math.max(0, pathname.length - encodeURI(value).length))) + "*";
    names.set(encodeURIComponent(value), `:${name}`);
  }
  return maskPath(pathname, names);
}

// Ids and tokens: 8+ letters, digits, "-" or "_" with at least one digit (words such as "applications" stay).
const TOKEN_LIKE = /^(?=.*\d)[A-Za-z0-9_-]{8,}$/;

function maskPath(pathname: string, names: Map<string, string> = new Map()): string {
  return pathname
    .split("/")
    .map((segment) => names.get(segment) ?? (TOKEN_LIKE.test(segment) || segment.length > 64 ? ":param" : segment))
    .join("/");
}

/** Express middleware: the request log. Static assets are not logged. */
export function requestLogger(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.path.startsWith("/assets/")) return next();
    const started = process.hrtime.bigint();
    const fields: RequestLogFields = {};
    res.once("close", () => {
      const ms = Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10;
      const route = fields.route ?? routePattern(req.path);
      const status = res.writableFinished ? res.statusCode : 499;
      const line = { method: req.method, route, status, ms, userId: fields.userId ?? null };
      const level = status >= 500 ? "error" : "info";
      logger[level](line, `${req.method} ${route} ${status} ${ms}ms`);
      if (logger.isLevelEnabled("debug")) {
        logger.debug(
          {
            ...line,
            query: Object.keys(req.query),
            ip: req.ip,
            userAgent: req.get("user-agent"),
            referer: req.get("referer") ? routePattern(new URL(req.get("referer")!, "http://x").pathname) : undefined,
            contentType: res.get("content-type"),
            bytes: Number(res.get("content-length")) || undefined,
            encoding: res.get("content-encoding"),
            cache: res.get("cache-control"),
          },
          "request details",
        );
      }
    });
    store.run(fields, next);
  };
}
