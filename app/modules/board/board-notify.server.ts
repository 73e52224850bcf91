import { and, eq } from "drizzle-orm";
import { organisations } from "@db/schema";
import type { AppContext } from "~/utils/context.server";

// Who the board tells about its events; the telling itself is messaging's notifyOrgs / notifyUsers.

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
