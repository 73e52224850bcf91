import { eq } from "drizzle-orm";
import { users } from "@db/schema";
import { signUp } from "~/modules/identity/accounts.server";
import type { Actor } from "~/modules/identity/actor";
import { actorForUser } from "~/modules/identity/sessions.server";
import type { AppContext } from "~/utils/context.server";
import { makeUscc } from "./uscc";

// Accounts made through the real sign-up (a password that logs in, the audit and search side effects), for the tests
// of sign-up, sessions and passwords. Every other test builds its actors with makeActor (test/support/actors.ts).

let counter = 0;
const next = () => ++counter;

export function actorOf(ctx: Pick<AppContext, "db">, userId: string): Actor {
  const user = ctx.db.select().from(users).where(eq(users.id, userId)).get();
  if (!user) throw new Error(`no user ${userId}`);
  const actor = actorForUser(ctx, user);
  if (!actor) throw new Error(`user ${userId} has no membership`);
  return actor;
}

export async function signUpEnterprise(ctx: AppContext, opts: { division?: string; name?: string } = {}) {
  const i = next();
  const r = await signUp(ctx, {
    kind: "enterprise",
    orgName: opts.name ?? `测试企业${i}有限公司`,
    uscc: makeUscc(undefined, opts.division ?? "650105"),
    name: `企业管理员${i}`,
    email: `ent${i}-${Date.now()}@test.example`,
    password: "correct horse battery",
  });
  return { ...r, actor: actorOf(ctx, r.userId) };
}

export async function signUpInstitution(ctx: AppContext, institutionType: "bank" | "pe_vc" | "guarantor" | "leasing" | "securities" = "bank") {
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
