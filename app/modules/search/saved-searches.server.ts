import { and, count, desc, eq } from "drizzle-orm";
import { z } from "zod";
import { savedSearches } from "@db/schema";
import type { Actor } from "~/modules/identity/actor";
import type { AppContext } from "~/utils/context.server";
import { DomainError, NotFoundError } from "~/utils/errors";
import { newId } from "~/utils/ids";
import { discoveryQueryString, parseDiscoveryQuery, type DiscoveryQuery } from "./query";

export const MAX_SAVED_SEARCHES = 50;

export const saveSearchInput = z.object({
  name: z.string().trim().min(1, { message: "search:errors.nameRequired" }).max(80, { message: "search:errors.nameTooLong" }),
  /** The page's URL query string; re-parsed here so only a canonical query is stored. */
  query: z.string().max(4000).default(""),
  alerts: z
    .union([z.literal("on"), z.literal("true"), z.literal("1"), z.literal("off"), z.literal("false"), z.literal("0")])
    .optional()
    .transform((v) => v === undefined || v === "on" || v === "true" || v === "1"),
});

export const parseStoredQuery = (query: string): DiscoveryQuery => parseDiscoveryQuery(new URLSearchParams(query));

/** A signed-in member saves the current search under a name; alerts (for needs) are on unless switched off. */
export function saveSearch(ctx: Pick<AppContext, "db" | "clock">, actor: Actor, input: z.input<typeof saveSearchInput>): string {
  const parsed = saveSearchInput.safeParse(input);
  if (!parsed.success) throw new DomainError(parsed.error.issues[0]?.message ?? "search:errors.invalid", {}, String(parsed.error.issues[0]?.path[0] ?? ""));
  const query = parseStoredQuery(parsed.data.query);
  const n = ctx.db.select({ n: count() }).from(savedSearches).where(eq(savedSearches.userId, actor.userId)).get()?.n ?? 0;
  if (n >= MAX_SAVED_SEARCHES) throw new DomainError("search:errors.tooMany", { max: MAX_SAVED_SEARCHES });
  const id = newId();
  const at = ctx.clock.now();
  ctx.db
    .insert(savedSearches)
    .values({
      id,
      userId: actor.userId,
      orgId: actor.orgId,
      name: parsed.data.name,
      indexName: query.index,
      // Page 1 always: a saved search is a question, not a position in its answer.
      query: discoveryQueryString(query, { page: 1 }),
      alertsEnabled: parsed.data.alerts,
      createdAt: at,
      updatedAt: at,
    })
    .run();
  return id;
}

export function listSavedSearches(ctx: Pick<AppContext, "db">, actor: Actor) {
  return ctx.db
    .select()
    .from(savedSearches)
    .where(eq(savedSearches.userId, actor.userId))
    .orderBy(desc(savedSearches.createdAt))
    .all()
    .map((s) => ({ id: s.id, name: s.name, index: s.indexName, query: s.query, alertsEnabled: s.alertsEnabled, lastAlertAt: s.lastAlertAt, createdAt: s.createdAt }));
}

function ownSavedSearch(ctx: Pick<AppContext, "db">, actor: Actor, id: string) {
  const row = ctx.db.select().from(savedSearches).where(and(eq(savedSearches.id, id), eq(savedSearches.userId, actor.userId))).get();
  // Someone else's saved search: answer as if it did not exist.
  if (!row) throw new NotFoundError("search:errors.notFound");
  return row;
}

export function deleteSavedSearch(ctx: Pick<AppContext, "db">, actor: Actor, id: string): void {
  ownSavedSearch(ctx, actor, id);
  ctx.db.delete(savedSearches).where(eq(savedSearches.id, id)).run();
}

export function setSavedSearchAlerts(ctx: Pick<AppContext, "db" | "clock">, actor: Actor, id: string, enabled: boolean): void {
  ownSavedSearch(ctx, actor, id);
  ctx.db.update(savedSearches).set({ alertsEnabled: enabled, updatedAt: ctx.clock.now() }).where(eq(savedSearches.id, id)).run();
}
