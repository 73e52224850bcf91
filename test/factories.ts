import { eq } from "drizzle-orm";
import { users } from "@db/schema";
import { signUp } from "~/modules/identity/accounts.server";
import type { Actor } from "~/modules/identity/actor";
import { actorForUser } from "~/modules/identity/sessions.server";
import { completeUscc } from "~/modules/identity/uscc";
import type { AppContext } from "~/utils/context.server";

let counter = 0;
const next = () => ++counter;

/** A valid USCC registered in the given division (default: Urumqi's Shuimogou district). */
export function makeUscc(division = "650105"): string {
  const n = next().toString().padStart(7, "0");
  return completeUscc(`91${division}MA${n}`);
}

export function actorOf(ctx: Pick<AppContext, "db">, userId: string): Actor {
  const user = ctx.db.select().from(users).where(eq(users.id, userId)).get();
  if (!user) throw new Error(`no user ${userId}`);
  const actor = actorForUser(ctx, user);
  if (!actor) throw new Error(`user ${userId} has no membership`);
  return actor;
}

export async function makeEnterprise(ctx: AppContext, opts: { division?: string; name?: string } = {}) {
  const i = next();
  const r = await signUp(ctx, {
    kind: "enterprise",
    orgName: opts.name ?? `测试企业${i}有限公司`,
    uscc: makeUscc(opts.division),
    name: `企业管理员${i}`,
    email: `ent${i}-${Date.now()}@test.example`,
    password: "correct horse battery",
  });
  return { ...r, actor: actorOf(ctx, r.userId) };
}

export async function makeInstitution(ctx: AppContext, institutionType: "bank" | "pe_vc" | "guarantor" | "leasing" | "securities" = "bank") {
  const i = next();
  const r = await signUp(ctx, {
    kind: "institution",
    orgName: `测试机构${i}`,
    institutionType,
    name: `机构经理${i}`,
    email: `inst${i}-${Date.now()}@test.example`,
    password: "correct horse battery",
  });
  return { ...r, actor: actorOf(ctx, r.userId) };
}
