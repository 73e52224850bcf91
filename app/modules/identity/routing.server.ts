import { asc, eq } from "drizzle-orm";
import { type z } from "zod";
import { divisionRoutes, prefectures } from "@db/schema";
import type { AppContext } from "~/utils/context.server";
import { preparedQuery } from "~/utils/sql.server";
import { DomainError } from "~/utils/errors";
import type { Actor } from "./actor";
import { type divisionRouteInput } from "./schemas";
import { assertCan } from "~/modules/access";

/**
 * Finds the prefecture for a 6-digit registration division code by the longest matching prefix in
 * the routing table (so an XPCC city row like 659001 wins over a 4-digit row).
 */
export function prefectureForDivision(ctx: Pick<AppContext, "db">, divisionCode: string): string | null {
  const routes = ctx.db.select().from(divisionRoutes).all();
  let best: (typeof routes)[number] | undefined;
  for (const r of routes) {
    if (divisionCode.startsWith(r.prefix) && (!best || r.prefix.length > best.prefix.length)) best = r;
  }
  return best?.prefectureCode ?? null;
}

export function listPrefectures(ctx: Pick<AppContext, "db">) {
  // The search page and many forms read the list every request: prepared once per connection (ADR 0915).
  return preparedQuery(ctx.db, "prefectures", (db) => db.select().from(prefectures).orderBy(asc(prefectures.sortOrder)).prepare()).all();
}

/** The routing table, for the exchange admins who keep it (others: 403). */
export function listDivisionRoutes(ctx: Pick<AppContext, "db">, actor: Actor) {
  assertCan(actor, "manage:routing:any", undefined);
  return ctx.db.select().from(divisionRoutes).orderBy(asc(divisionRoutes.prefix)).all();
}


/** Exchange admins keep the routing table current (new XPCC cities, re-assigned bureaus). */
export function saveDivisionRoute(ctx: AppContext, actor: Actor, input: z.infer<typeof divisionRouteInput>): void {
  assertCan(actor, "manage:routing:any", undefined);
  const prefecture = ctx.db.select().from(prefectures).where(eq(prefectures.code, input.prefectureCode)).get();
  if (!prefecture) throw new DomainError("routing.unknownPrefecture", {}, "prefectureCode");
  ctx.db
    .insert(divisionRoutes)
    .values({ ...input, updatedAt: ctx.clock.now() })
    .onConflictDoUpdate({
      target: divisionRoutes.prefix,
      set: { labelZh: input.labelZh, labelEn: input.labelEn, prefectureCode: input.prefectureCode, updatedAt: ctx.clock.now() },
    })
    .run();
}
