// The one way tests build an actor: an organisation (new, or an existing one by id) and a user with roles in it,
// straight into the database, so a test of one service does not depend on the sign-up flow. Tests that need the
// real sign-up (a password that logs in, the session it opens) use test/support/accounts.ts.
import { eq } from "drizzle-orm";
import { memberships, organisations, users, type InstitutionType, type OrgKind, type Role } from "@db/schema";
import type { Actor } from "~/modules/identity/actor";
import type { AppContext } from "~/utils/context.server";
import { newId } from "~/utils/ids";

let seq = 0;

export type OrgOptions = {
  name?: string;
  /** Default for institutions: bank. */
  institutionType?: InstitutionType | null;
  uscc?: string | null;
  prefectureCode?: string | null;
};

/** An organisation of `kind`; its division code follows the USCC when one is given. */
export function makeOrg(ctx: Pick<AppContext, "db">, kind: OrgKind, opts: OrgOptions | string = {}, institutionType?: InstitutionType | null): string {
  const o: OrgOptions = typeof opts === "string" ? { name: opts, institutionType } : opts;
  const id = newId();
  ctx.db
    .insert(organisations)
    .values({
      id,
      kind,
      name: o.name ?? `${kind} ${++seq}`,
      institutionType: kind === "institution" ? (o.institutionType === undefined ? "bank" : o.institutionType) : null,
      uscc: o.uscc ?? null,
      divisionCode: o.uscc ? o.uscc.slice(2, 8) : null,
      prefectureCode: o.prefectureCode ?? null,
    })
    .run();
  return id;
}

export type ActorOptions = {
  /** The organisation the user belongs to: an existing one (`orgId`) or a new one of `orgKind`. */
  orgKind?: OrgKind;
  orgId?: string;
  /** For a new organisation. */
  orgName?: string;
  uscc?: string;
  prefectureCode?: string | null;
  institutionType?: InstitutionType | null;
  /** Default: org_admin. */
  roles?: Role[];
  userName?: string;
  locale?: string;
};

export function makeActor(ctx: Pick<AppContext, "db">, opts: ActorOptions): Actor {
  const n = ++seq;
  let orgId = opts.orgId;
  if (!orgId) {
    if (!opts.orgKind) throw new Error("makeActor needs an orgKind for a new organisation, or an orgId");
    orgId = makeOrg(ctx, opts.orgKind, { name: opts.orgName ?? `${opts.orgKind} ${n}`, institutionType: opts.institutionType, uscc: opts.uscc, prefectureCode: opts.prefectureCode });
  }
  const org = ctx.db.select().from(organisations).where(eq(organisations.id, orgId)).get();
  if (!org) throw new Error(`no organisation ${orgId}`);
  if (opts.orgKind && opts.orgKind !== org.kind) throw new Error(`organisation ${orgId} is a ${org.kind}, not a ${opts.orgKind}`);
  const userId = newId();
  const name = opts.userName ?? `User ${n}`;
  const email = `u${n}-${userId.slice(0, 6)}@example.test`;
  const locale = opts.locale ?? "zh-CN";
  ctx.db.insert(users).values({ id: userId, email, name, passwordHash: "x", locale }).run();
  const roles = opts.roles ?? ["org_admin"];
  for (const role of roles) ctx.db.insert(memberships).values({ id: newId(), userId, orgId, role }).run();
  return {
    userId,
    name,
    email,
    locale,
    orgId,
    orgKind: org.kind,
    orgName: org.name,
    institutionType: org.institutionType,
    prefectureCode: org.prefectureCode,
    roles,
  };
}
