// The messaging tests' world: organisations and users straight into the DB.
import type { AppContext } from "~/utils/context.server";
import { makeActor, makeOrg } from "./actors";

/** An enterprise, a bank, a third (unrelated) bank and an exchange with an admin and a service specialist. */
export function makeMessagingWorld(ctx: Pick<AppContext, "db">) {
  const enterpriseOrg = makeOrg(ctx, "enterprise", "新疆金沙锂电科技有限公司");
  const bankOrg = makeOrg(ctx, "institution", "天山商业银行");
  const otherBankOrg = makeOrg(ctx, "institution", "丝路银行");
  const secondEnterpriseOrg = makeOrg(ctx, "enterprise", "哈密天宏风电科技有限公司");
  const exchangeOrg = makeOrg(ctx, "exchange", "新疆股权交易中心");
  return {
    enterprise: makeActor(ctx, { orgId: enterpriseOrg, userName: "企业负责人" }),
    enterpriseColleague: makeActor(ctx, { orgId: enterpriseOrg, roles: ["member"], userName: "企业财务" }),
    bank: makeActor(ctx, { orgId: bankOrg, userName: "银行客户经理" }),
    otherBank: makeActor(ctx, { orgId: otherBankOrg, userName: "他行客户经理" }),
    secondEnterprise: makeActor(ctx, { orgId: secondEnterpriseOrg, userName: "另一企业" }),
    exchangeAdmin: makeActor(ctx, { orgId: exchangeOrg, roles: ["org_admin", "exchange_admin"], userName: "平台管理员" }),
    specialist: makeActor(ctx, { orgId: exchangeOrg, roles: ["service_specialist"], userName: "服务专员" }),
  };
}
