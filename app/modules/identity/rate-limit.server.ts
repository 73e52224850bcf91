import { eq } from "drizzle-orm";
import { rateLimits } from "@db/schema";
import type { AppContext } from "~/utils/context.server";
import { RateLimitedError } from "~/utils/errors";

export type Limit = { max: number; windowMs: number; blockMs: number };

export const LOGIN_LIMITS = {
  account: { max: 5, windowMs: 15 * 60_000, blockMs: 15 * 60_000 },
  ip: { max: 20, windowMs: 15 * 60_000, blockMs: 15 * 60_000 },
} satisfies Record<string, Limit>;

/** Throws with the time the caller may try again if any of the keys is currently blocked. */
export function assertNotBlocked(ctx: Pick<AppContext, "db" | "clock">, keys: string[]): void {
  const now = ctx.clock.now();
  let retryAt = 0;
  for (const key of keys) {
    const row = ctx.db.select().from(rateLimits).where(eq(rateLimits.key, key)).get();
    if (row?.blockedUntil && row.blockedUntil > now) retryAt = Math.max(retryAt, row.blockedUntil);
  }
  if (retryAt) throw new RateLimitedError(retryAt);
}

/** The same question without throwing: for requests that must look identical whether throttled or not. */
export function isBlocked(ctx: Pick<AppContext, "db" | "clock">, keys: string[]): boolean {
  try {
    assertNotBlocked(ctx, keys);
    return false;
  } catch (error) {
    if (error instanceof RateLimitedError) return true;
    throw error;
  }
}

/** Counts a failure in a fixed window; reaching the limit blocks the key until the block expires. */
export function recordFailure(ctx: Pick<AppContext, "db" | "clock">, key: string, limit: Limit): void {
  const now = ctx.clock.now();
  const row = ctx.db.select().from(rateLimits).where(eq(rateLimits.key, key)).get();
  const fresh = !row || now - row.windowStart >= limit.windowMs;
  const count = fresh ? 1 : row.count + 1;
  const windowStart = fresh ? now : row.windowStart;
  const blockedUntil = count >= limit.max ? now + limit.blockMs : null;
  ctx.db
    .insert(rateLimits)
    .values({ key, count, windowStart, blockedUntil })
    .onConflictDoUpdate({ target: rateLimits.key, set: { count, windowStart, blockedUntil } })
    .run();
}

export function clearFailures(ctx: Pick<AppContext, "db">, key: string): void {
  ctx.db.delete(rateLimits).where(eq(rateLimits.key, key)).run();
}
