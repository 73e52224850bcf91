// Test support for messaging: organisations and users straight into the DB, so messaging tests do
// not depend on sign-up flows.
import { memberships, organisations, users, type InstitutionType, type OrgKind, type Role } from "@db/schema";
import type { Actor } from "~/modules/identity/actor";
import type { AppContext } from "~/utils/context.server";
import { newId } from "~/utils/ids";

let seq = 0;

export function makeOrg(ctx: Pick<AppContext, "db">, kind: OrgKind, name = `${kind} ${++seq}`, institutionType: InstitutionType | null = null): string {
  const id = newId();
  ctx.db.insert(organisations).values({ id, kind, name, institutionType: kind === "institution" ? (institutionType ?? "bank") : null }).run();
  return id;
}

export function makeUser(ctx: Pick<AppContext, "db">, orgId: string, opts: { roles?: Role[]; name?: string; locale?: string } = {}): Actor {
  const org = ctx.db.select().from(organisations).all().find((o) => o.id === orgId)!;
  const userId = newId();
  const n = ++seq;
  const name = opts.name ?? `User ${n}`;
  const email = `m${n}-${userId.slice(0, 6)}@example.test`;
  ctx.db.insert(users).values({ id: userId, email, name, passwordHash: "x", locale: opts.locale ?? "zh-CN" }).run();
  const roles = opts.roles ?? ["org_admin"];
  for (const role of roles) ctx.db.insert(memberships).values({ id: newId(), userId, orgId, role }).run();
  return {
    userId,
    name,
    email,
    locale: opts.locale ?? "zh-CN",
    orgId,
    orgKind: org.kind,
    orgName: org.name,
    institutionType: org.institutionType,
    prefectureCode: org.prefectureCode,
    roles,
  };
}

/** An enterprise, a bank, a third (unrelated) bank and an exchange with an admin and a service specialist. */
export function makeMessagingWorld(ctx: Pick<AppContext, "db">) {
  const enterpriseOrg = makeOrg(ctx, "enterprise", "新疆金沙锂电科技有限公司");
  const bankOrg = makeOrg(ctx, "institution", "天山商业银行");
  const otherBankOrg = makeOrg(ctx, "institution", "丝路银行");
  const secondEnterpriseOrg = makeOrg(ctx, "enterprise", "哈密天宏风电科技有限公司");
  const exchangeOrg = makeOrg(ctx, "exchange", "新疆股权交易中心");
  return {
    enterprise: makeUser(ctx, enterpriseOrg, { name: "企业负责人" }),
    enterpriseColleague: makeUser(ctx, enterpriseOrg, { roles: ["member"], name: "企业财务" }),
    bank: makeUser(ctx, bankOrg, { name: "银行客户经理" }),
    otherBank: makeUser(ctx, otherBankOrg, { name: "他行客户经理" }),
    secondEnterprise: makeUser(ctx, secondEnterpriseOrg, { name: "另一企业" }),
    exchangeAdmin: makeUser(ctx, exchangeOrg, { roles: ["org_admin", "exchange_admin"], name: "平台管理员" }),
    specialist: makeUser(ctx, exchangeOrg, { roles: ["service_specialist"], name: "服务专员" }),
  };
}
