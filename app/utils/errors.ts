/**
 * Typed errors that services throw and routes turn into HTTP responses. Messages are i18n keys
 * (with interpolation values) so that the same error reads well in zh-CN and en.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly values: Record<string, string | number> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends AppError {
  constructor(what = "errors.notFound") {
    super(404, "not_found", what);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = "errors.forbidden") {
    super(403, "forbidden", message);
  }
}

export class UnauthenticatedError extends AppError {
  constructor() {
    super(401, "unauthenticated", "errors.unauthenticated");
  }
}

/** A rule of the domain was broken by otherwise well-formed input; `field` points the form at it. */
export class DomainError extends AppError {
  constructor(
    message: string,
    values: Record<string, string | number> = {},
    readonly field?: string,
  ) {
    super(422, "domain", message, values);
  }
}

export class ConflictError extends AppError {
  constructor(
    message: string,
    values: Record<string, string | number> = {},
    readonly field?: string,
  ) {
    super(409, "conflict", message, values);
  }
}

export class RateLimitedError extends AppError {
  constructor(readonly retryAt: number) {
    super(429, "rate_limited", "errors.rateLimited", { retryAt });
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
