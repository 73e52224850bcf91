import type { InstitutionType, OrgKind, Role } from "@db/schema/constants";

/** Who is acting: the signed-in user within their organisation. Services decide everything from this. */
export type Actor = {
  userId: string;
  name: string;
  email: string;
  locale: string;
  orgId: string;
  orgKind: OrgKind;
  orgName: string;
  institutionType: InstitutionType | null;
  prefectureCode: string | null;
  roles: Role[];
};

// Who an actor is in the board's words (exchange, reviewer, org admin, lender, …) is decided in ~/modules/access.

/**
 * The scheduler's own user: a users row with no password and no membership (so nobody can sign in
 * as it), which the audit log and review histories name for every change a periodic job makes.
 */
export const SYSTEM_USER_ID = "system";
export const isSystemActor = (actor: Pick<Actor, "userId">): boolean => actor.userId === SYSTEM_USER_ID;

/**
 * The exchange center acting through its scheduler (automatic admission after a notice, custody
 * reminders). It carries the exchange staff roles those duties need; it never comes from a session.
 * Build it with loadSystemActor (identity/system-actor.server.ts), which makes sure the user row exists.
 */
export function systemActor(exchange: { id: string; name: string; prefectureCode?: string | null }): Actor {
  return {
    userId: SYSTEM_USER_ID,
    name: "system",
    email: "system@jobs.invalid",
    locale: "zh-CN",
    orgId: exchange.id,
    orgKind: "exchange",
    orgName: exchange.name,
    institutionType: null,
    prefectureCode: exchange.prefectureCode ?? null,
    roles: ["exchange_admin", "reviewer", "service_specialist"],
  };
}
