import { createCookieSessionStorage, redirect, type SessionStorage } from "@remix-run/node";
import type { AppContext } from "~/utils/context.server";
import type { AppConfig } from "~/utils/config.server";
import { noteRequestUser, perRequest } from "~/utils/logging.server";
import type { Actor } from "./actor";
import { actorForSession, actorForSessionId, hashToken, revokeSession } from "./sessions.server";

export type Toast = { kind: "success" | "error" | "info"; message: string; values?: Record<string, string | number> };

type CookieData = { token?: string };
type FlashData = { toast: Toast };

const storages = new Map<string, SessionStorage<CookieData, FlashData>>();

/**
 * The cookie only carries the (signed) session token and one-shot toasts; who you are lives in the
 * sessions table, so revoking a session takes effect on the next request.
 */
export function sessionStorage(config: AppConfig): SessionStorage<CookieData, FlashData> {
  const key = `${config.sessionSecret}:${config.cookieSecure}`;
  let s = storages.get(key);
  if (!s) {
    s = createCookieSessionStorage<CookieData, FlashData>({
      cookie: {
        name: "__session",
        httpOnly: true,
        sameSite: "lax",
        secure: config.cookieSecure,
        path: "/",
        secrets: [config.sessionSecret],
        // The cookie lives no longer than the session it carries (the server enforces idle and absolute ends).
        maxAge: Math.floor(config.sessionAbsoluteMs / 1000),
      },
    });
    storages.set(key, s);
  }
  return s;
}

export async function readCookieSession(ctx: AppContext, cookieHeader: string | null) {
  return sessionStorage(ctx.config).getSession(cookieHeader);
}

// The root, layout and page loaders of one page view each ask who is signed in, and the root loader reads the toast:
// the cookie is verified and the session looked up once per request (perRequest). Only for reads: an action may sign
// in or out before it answers.
const COOKIE_SESSION = Symbol("cookie session");
const ACTOR = Symbol("actor");
const isRead = (request: Request) => request.method === "GET" || request.method === "HEAD";

function requestCookieSession(request: Request, ctx: AppContext) {
  const read = () => readCookieSession(ctx, request.headers.get("Cookie"));
  return isRead(request) ? perRequest(COOKIE_SESSION, read) : read();
}

export function getActor(request: Request, ctx: AppContext): Promise<Actor | null> {
  const resolve = async () => {
    const session = await requestCookieSession(request, ctx);
    const token = session.get("token");
    const found = token ? actorForSession(ctx, token) : null;
    if (found) noteRequestUser(found.userId);
    return found;
  };
  return isRead(request) ? perRequest(ACTOR, resolve) : resolve();
}

/**
 * For socket.io handshakes: same cookie, same rules. The socket keeps the session id (the token's hash, never the
 * token) to re-check the session on every event and to be closed when the session is revoked.
 */
export async function sessionFromCookieHeader(ctx: AppContext, cookieHeader: string | undefined): Promise<{ sessionId: string; actor: Actor } | null> {
  if (!cookieHeader) return null;
  const session = await readCookieSession(ctx, cookieHeader);
  const token = session.get("token");
  if (!token) return null;
  const sessionId = hashToken(token);
  const actor = actorForSessionId(ctx, sessionId);
  return actor ? { sessionId, actor } : null;
}

export async function requireActor(request: Request, ctx: AppContext): Promise<Actor> {
  const actor = await getActor(request, ctx);
  if (!actor) {
    const url = new URL(request.url);
    const redirectTo = url.pathname + url.search;
    throw redirect(`/login?redirectTo=${encodeURIComponent(redirectTo)}`);
  }
  return actor;
}

const REDIRECT_BASE = "http://app.invalid";

/**
 * Only same-origin paths are allowed as destinations after login and other actions (no open redirects).
 * The value is resolved the way a browser resolves a Location header (which drops tabs and newlines and
 * reads "\\" as "/") against the app's origin; anything that leaves it, and any raw whitespace, control
 * character or backslash, gives the fallback. The result is the normalised path, query and fragment.
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/dashboard"): string {
  if (!to || typeof to !== "string") return fallback;
  // eslint-disable-next-line no-control-regex
  if (!to.startsWith("/") || /[\u0000-\u0020\u007f\\]/.test(to)) return fallback;
  let url: URL;
  try {
    url = new URL(to, REDIRECT_BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== REDIRECT_BASE) return fallback;
  return url.pathname + url.search + url.hash;
}

export async function startSession(ctx: AppContext, request: Request, token: string, redirectTo: string, toast?: Toast): Promise<Response> {
  const storage = sessionStorage(ctx.config);
  const session = await storage.getSession(request.headers.get("Cookie"));
  session.set("token", token);
  if (toast) session.flash("toast", toast);
  return redirect(redirectTo, { headers: { "Set-Cookie": await storage.commitSession(session) } });
}

export async function endSession(ctx: AppContext, request: Request, redirectTo = "/"): Promise<Response> {
  const storage = sessionStorage(ctx.config);
  const session = await storage.getSession(request.headers.get("Cookie"));
  const token = session.get("token");
  if (token) revokeSession(ctx, token);
  return redirect(redirectTo, { headers: { "Set-Cookie": await storage.destroySession(session) } });
}

export async function redirectWithToast(ctx: AppContext, request: Request, url: string, toast: Toast, init: ResponseInit = {}): Promise<Response> {
  const storage = sessionStorage(ctx.config);
  const session = await storage.getSession(request.headers.get("Cookie"));
  session.flash("toast", toast);
  const headers = new Headers(init.headers);
  headers.append("Set-Cookie", await storage.commitSession(session));
  return redirect(url, { ...init, headers });
}

/** Reads and clears the pending toast; the root loader returns the cookie header it produces. */
export async function takeToast(ctx: AppContext, request: Request): Promise<{ toast: Toast | null; setCookie: string | null }> {
  const storage = sessionStorage(ctx.config);
  // The request's session as getActor read it: only the toast, a flash, is taken from it here.
  const session = await requestCookieSession(request, ctx);
  const toast = session.get("toast") ?? null;
  return { toast, setCookie: toast ? await storage.commitSession(session) : null };
}
