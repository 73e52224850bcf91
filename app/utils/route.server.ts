import { data, type AppLoadContext } from "@remix-run/node";
import { isAppError } from "./errors";

/** What routes pass to services about the request: for rate limits and the session list. */
export function requestMeta(request: Request, context: AppLoadContext) {
  return { ip: context.clientIp, userAgent: request.headers.get("user-agent") };
}

/**
 * The public base URL for links that leave the page (mails, calendar feeds, share links): APP_ORIGIN, or the local
 * address `npm start` prints. Never the request's Host header: a client chooses it, and a reset link mailed to a
 * victim pointing at the attacker's host hands over the account (ASVS 5.0 L2 beyond the list).
 */
export function baseUrl(_request: Request, context: AppLoadContext): string {
  const { appOrigin, port } = context.app.config;
  return appOrigin ? new URL(appOrigin).origin : `http://localhost:${port}`;
}

/**
 * Runs a service call in a loader/action; typed service errors become HTTP responses (404, 403, …)
 * that the error boundary renders in the user's language.
 */
export function orHttpError<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw asHttpError(error);
  }
}

export function asHttpError(error: unknown): unknown {
  if (isAppError(error)) return data({ message: error.message }, { status: error.status });
  return error;
}
