import { asc, eq } from "drizzle-orm";
import { organisations, users } from "@db/schema";
import type { AppContext } from "~/utils/context.server";
import { SYSTEM_USER_ID, systemActor, type Actor } from "./actor";

/** Shown wherever a user's name is shown (audit trail, review history) for the scheduler's changes. */
const SYSTEM_USER_NAME = "系统自动任务 (scheduler)";

/**
 * The exchange center's system actor, or null while no exchange organisation exists (then there is
 * nothing for it to act on). The user row is created on first use: disabled and with a password
 * hash no verifier accepts, so it can only be used by code, never to sign in. Review and audit rows
 * reference users and organisations, which is why the actor is a real row and the real exchange org.
 */
export function loadSystemActor(ctx: Pick<AppContext, "db" | "clock">): Actor | null {
  const exchange = ctx.db
    .select({ id: organisations.id, name: organisations.name, prefectureCode: organisations.prefectureCode })
    .from(organisations)
    .where(eq(organisations.kind, "exchange"))
    .orderBy(asc(organisations.createdAt), asc(organisations.id))
    .get();
  if (!exchange) return null;
  ctx.db
    .insert(users)
    .values({ id: SYSTEM_USER_ID, email: "system@jobs.invalid", name: SYSTEM_USER_NAME, passwordHash: "!", disabledAt: ctx.clock.now() })
    .onConflictDoNothing()
    .run();
  return systemActor(exchange);
}
