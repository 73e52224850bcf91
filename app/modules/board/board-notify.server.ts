import { and, eq, inArray, isNull } from "drizzle-orm";
import { memberships, organisations, users } from "@db/schema";
import { notify } from "~/modules/messaging/notifications.server";
import type { AppContext } from "~/utils/context.server";

/** Active users of an organisation (optionally only those holding one of `roles`). */
export function orgUserIds(ctx: Pick<AppContext, "db">, orgId: string, roles?: string[]): string[] {
  const rows = ctx.db
    .selectDistinct({ userId: memberships.userId })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.orgId, orgId), isNull(users.disabledAt), roles ? inArray(memberships.role, roles as never[]) : undefined))
    .all();
  return rows.map((r) => r.userId);
}

/**
 * Tells every user of the given organisations about a board event (in-app, and in the e-mail digest
 * per their preferences). Call inside the transaction of the change it reports.
 */
export function notifyOrgs(
  ctx: Pick<AppContext, "db" | "clock">,
  orgIds: (string | null | undefined)[],
  payload: { key: string; values: Record<string, string | number>; href: string },
  roles?: string[],
): void {
  const seen = new Set<string>();
  for (const orgId of orgIds) {
    if (!orgId) continue;
    for (const userId of orgUserIds(ctx, orgId, roles)) {
      if (seen.has(userId)) continue;
      seen.add(userId);
      notify(ctx, { userId, kind: "board", payload });
    }
  }
}

export function notifyUsers(ctx: Pick<AppContext, "db" | "clock">, userIds: (string | null | undefined)[], payload: { key: string; values: Record<string, string | number>; href: string }): void {
  for (const userId of new Set(userIds.filter((u): u is string => !!u))) notify(ctx, { userId, kind: "board", payload });
}

/** The bureau organisation(s) of a prefecture, the exchange, the three regulators. */
export function bureauOrgIds(ctx: Pick<AppContext, "db">, prefectureCode: string | null): string[] {
  if (!prefectureCode) return [];
  return ctx.db
    .select({ id: organisations.id })
    .from(organisations)
    .where(and(eq(organisations.kind, "bureau"), eq(organisations.prefectureCode, prefectureCode)))
    .all()
    .map((r) => r.id);
}

export function orgIdsOfKind(ctx: Pick<AppContext, "db">, kind: "exchange" | "regulator"): string[] {
  return ctx.db.select({ id: organisations.id }).from(organisations).where(eq(organisations.kind, kind)).all().map((r) => r.id);
}
