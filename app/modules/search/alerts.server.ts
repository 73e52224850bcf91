import { and, eq, inArray } from "drizzle-orm";
import { financingNeeds, savedSearchAlerts, savedSearches, users } from "@db/schema";
import type { AppliedChange } from "@search/indexer";
import { matchesQuery } from "./visibility";
import { filterVisibleNeedIds } from "~/modules/financing/needs-read.server";
import { actorForUser } from "~/modules/identity/sessions.server";
import { notify, pushUnreadCount } from "~/modules/messaging/notifications.server";
import type { AppContext } from "~/utils/context.server";
import { toEngineQuery } from "./discovery.server";
import { parseStoredQuery } from "./saved-searches.server";

/**
 * Saved-search alerts: after the indexer has applied new or changed financing needs, every saved
 * search with alerts on is asked "does this need match, for the member who saved it?". The match
 * runs through the engine with the member's visibility (matchesQuery), and is re-checked with the
 * needs module's own rule, so a directed need only alerts the organisations it was directed to.
 * One alert per (saved search, need, need version): replays and second nodes are harmless, and an
 * edit (new version) that still matches tells the member again.
 */
export async function alertSavedSearches(ctx: AppContext, needIds: string[]): Promise<number> {
  if (needIds.length === 0) return 0;
  const searches = ctx.db
    .select()
    .from(savedSearches)
    .where(and(eq(savedSearches.indexName, "financing_needs"), eq(savedSearches.alertsEnabled, true)))
    .all();
  if (searches.length === 0) return 0;
  const needs = ctx.db
    .select({ id: financingNeeds.id, version: financingNeeds.version, title: financingNeeds.title, ownerOrgId: financingNeeds.enterpriseOrgId, state: financingNeeds.state })
    .from(financingNeeds)
    .where(inArray(financingNeeds.id, needIds))
    .all()
    .filter((n) => n.state === "published");
  if (needs.length === 0) return 0;

  let sent = 0;
  const notifiedUsers = new Set<string>();
  const actors = new Map<string, ReturnType<typeof actorForUser>>();
  for (const search of searches) {
    if (!actors.has(search.userId)) {
      const user = ctx.db.select().from(users).where(eq(users.id, search.userId)).get();
      actors.set(search.userId, user && !user.disabledAt ? actorForUser(ctx, user) : null);
    }
    const actor = actors.get(search.userId);
    // Visibility is per organisation: a member who left the organisation they saved it in gets nothing.
    if (!actor || actor.orgId !== search.orgId) continue;
    const query = toEngineQuery(parseStoredQuery(search.query));
    for (const need of needs) {
      if (need.ownerOrgId === actor.orgId) continue;
      const seen = ctx.db
        .select({ id: savedSearchAlerts.savedSearchId })
        .from(savedSearchAlerts)
        .where(and(eq(savedSearchAlerts.savedSearchId, search.id), eq(savedSearchAlerts.docId, need.id), eq(savedSearchAlerts.docVersion, need.version)))
        .get();
      if (seen) continue;
      if (!(await matchesQuery(ctx.search.engine, actor, "financing_needs", query, need.id))) continue;
      if (filterVisibleNeedIds(ctx, actor, [need.id]).length === 0) continue;
      const at = ctx.clock.now();
      const inserted = ctx.db.transaction(() => {
        const row = ctx.db
          .insert(savedSearchAlerts)
          .values({ savedSearchId: search.id, docId: need.id, docVersion: need.version, createdAt: at })
          .onConflictDoNothing()
          .run();
        if (row.changes === 0) return false;
        const notificationId = notify(ctx, {
          userId: search.userId,
          kind: "need",
          payload: { key: "search:alerts.matched", values: { name: search.name, title: need.title }, href: `/needs/${need.id}` },
        });
        ctx.db
          .update(savedSearchAlerts)
          .set({ notificationId })
          .where(and(eq(savedSearchAlerts.savedSearchId, search.id), eq(savedSearchAlerts.docId, need.id), eq(savedSearchAlerts.docVersion, need.version)))
          .run();
        ctx.db.update(savedSearches).set({ lastAlertAt: at }).where(eq(savedSearches.id, search.id)).run();
        return true;
      });
      if (inserted) {
        sent++;
        notifiedUsers.add(search.userId);
      }
    }
  }
  for (const userId of notifiedUsers) pushUnreadCount(ctx, userId);
  return sent;
}

/** Hooks the alerts onto the indexer (server.ts calls this once). Returns the unsubscribe function. */
export function startSavedSearchAlerts(ctx: AppContext): () => void {
  return ctx.search.indexer.onApplied(async (change: AppliedChange) => {
    if (change.index !== "financing_needs" || change.upserted.length === 0) return;
    const sent = await alertSavedSearches(
      ctx,
      change.upserted.map((d) => d.id),
    );
    if (sent) ctx.logger.info({ sent }, "saved-search alerts sent");
  });
}
