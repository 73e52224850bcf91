// Test support for the board module: builds actors, rounds and applications directly in the DB so
// tests of one service do not depend on the others' flows.
import {
  boardApplicationFinancials,
  boardApplicationPeRounds,
  boardApplications,
  boardRounds,
  memberships,
  organisations,
  users,
  type OrgKind,
  type Role,
} from "@db/schema";
import type { Actor } from "~/modules/identity/actor";
import { completeUscc } from "~/modules/identity/uscc";
import type { AppContext } from "~/utils/context.server";
import { newId } from "~/utils/ids";

let seq = 0;

export function makeActor(
  ctx: Pick<AppContext, "db">,
  opts: { orgKind: OrgKind; roles?: Role[]; prefectureCode?: string | null; orgName?: string; uscc?: string; orgId?: string },
): Actor {
  seq++;
  const orgId = opts.orgId ?? newId();
  if (!opts.orgId) {
    ctx.db
      .insert(organisations)
      .values({
        id: orgId,
        kind: opts.orgKind,
        name: opts.orgName ?? `${opts.orgKind} ${seq}`,
        uscc: opts.uscc ?? null,
        divisionCode: opts.uscc ? opts.uscc.slice(2, 8) : null,
        prefectureCode: opts.prefectureCode ?? null,
      })
      .run();
  }
  const userId = newId();
  const email = `u${seq}-${userId.slice(0, 6)}@example.test`;
  ctx.db.insert(users).values({ id: userId, email, name: `User ${seq}`, passwordHash: "x" }).run();
  const roles = opts.roles ?? ["org_admin"];
  for (const role of roles) ctx.db.insert(memberships).values({ id: newId(), userId, orgId, role }).run();
  return {
    userId,
    name: `User ${seq}`,
    email,
    locale: "zh-CN",
    orgId,
    orgKind: opts.orgKind,
    orgName: opts.orgName ?? `${opts.orgKind} ${seq}`,
    institutionType: null,
    prefectureCode: opts.prefectureCode ?? null,
    roles,
  };
}

/** A valid Urumqi (650100…) USCC with a distinct serial. */
export function testUscc(n: number): string {
  return completeUscc(`91650100MA${String(n).padStart(7, "0")}`);
}

export function makeRound(ctx: Pick<AppContext, "db">, state: (typeof boardRounds.$inferInsert)["state"] = "open"): string {
  const id = newId();
  ctx.db.insert(boardRounds).values({ id, name: `2026 第${++seq}批`, bureauDeadline: "2026-03-15", planDeadline: "2026-03-31", state }).run();
  return id;
}

export function makeApplication(
  ctx: Pick<AppContext, "db">,
  opts: {
    roundId: string;
    enterpriseOrgId: string;
    state?: (typeof boardApplications.$inferInsert)["state"];
    values?: Partial<typeof boardApplications.$inferInsert>;
    peRounds?: Omit<typeof boardApplicationPeRounds.$inferInsert, "id" | "applicationId">[];
    financials?: Omit<typeof boardApplicationFinancials.$inferInsert, "applicationId">[];
  },
): string {
  const id = newId();
  ctx.db
    .insert(boardApplications)
    .values({ id, roundId: opts.roundId, enterpriseOrgId: opts.enterpriseOrgId, channel: "self", state: opts.state ?? "forwarded", prefectureCode: "6501", ...opts.values })
    .run();
  for (const r of opts.peRounds ?? []) ctx.db.insert(boardApplicationPeRounds).values({ id: newId(), applicationId: id, ...r }).run();
  for (const f of opts.financials ?? []) ctx.db.insert(boardApplicationFinancials).values({ applicationId: id, ...f }).run();
  return id;
}
