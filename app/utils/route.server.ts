import { data, type AppLoadContext } from "@remix-run/node";
import { isAppError } from "./errors";

/** What routes pass to services about the request: for rate limits and the session list. */
export function requestMeta(request: Request, context: AppLoadContext) {
  return { ip: context.clientIp, userAgent: request.headers.get("user-agent") };
}

/** The public base URL for links in emails. */
export function baseUrl(request: Request, context: AppLoadContext): string {
  return context.app.config.appOrigin ?? new URL(request.url).origin;
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
