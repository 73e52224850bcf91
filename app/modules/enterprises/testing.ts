// Test support for enterprises, financing and roadshows: organisations and actors straight into the DB.
import { memberships, organisations, users, type InstitutionType, type OrgKind } from "@db/schema";
import type { Actor } from "~/modules/identity/actor";
import type { AppContext } from "~/utils/context.server";
import { newId } from "~/utils/ids";

let seq = 0;

export function createActor(
  ctx: Pick<AppContext, "db">,
  orgKind: OrgKind,
  opts: { orgName?: string; institutionType?: InstitutionType; orgId?: string; userName?: string } = {},
): Actor {
  seq++;
  const orgId = opts.orgId ?? newId();
  const orgName = opts.orgName ?? `${orgKind}-${seq}`;
  if (!opts.orgId) {
    ctx.db
      .insert(organisations)
      .values({ id: orgId, kind: orgKind, name: orgName, institutionType: orgKind === "institution" ? (opts.institutionType ?? "bank") : null, prefectureCode: "6501" })
      .run();
  }
  const userId = newId();
  const name = opts.userName ?? `用户${seq}`;
  const email = `t${seq}-${userId.slice(0, 6)}@example.test`;
  ctx.db.insert(users).values({ id: userId, email, name, passwordHash: "x" }).run();
  ctx.db.insert(memberships).values({ id: newId(), userId, orgId, role: "org_admin" }).run();
  return {
    userId,
    name,
    email,
    locale: "zh-CN",
    orgId,
    orgKind,
    orgName,
    institutionType: orgKind === "institution" ? (opts.institutionType ?? "bank") : null,
    prefectureCode: "6501",
    roles: ["org_admin"],
  };
}
