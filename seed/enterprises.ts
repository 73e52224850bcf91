import { boardMemberships, enterpriseProfiles, financialStatements, profileSectionAudiences, TIERS, type Audience, type ProfileSection } from "@db/schema";
import { organisationChanged } from "~/modules/search/organisation-sources.server";
import { decideDataAccess, requestDataAccess } from "~/modules/enterprises/data-access.server";
import type { Actor } from "~/modules/identity/actor";
import type { AppContext } from "~/utils/context.server";
import { shanghaiDate } from "~/utils/dates";
import type { AreaSeeder, SeededWorld } from "./index";
import { ENTERPRISES, INSTITUTIONS } from "./world";

const PRODUCTS: Record<string, [string, string]> = {
  A: ["智能灌溉与良种繁育", "滴灌带、水肥一体化设备、良种"],
  B: ["稀有金属采选与深加工", "锂辉石精矿、铍铌钽材料"],
  C: ["先进制造与新材料", "核心零部件、功能材料、成套装备"],
  D: ["新能源发电与运维", "风电场智能运维、储能调度系统"],
  I: ["工业软件与数据服务", "SaaS 平台、物联网网关、数据中台"],
  M: ["检验检测与技术服务", "第三方检测、计量校准、技术咨询"],
};

/** A deterministic pseudo-random in [0,1) per enterprise and salt, so the demo reads the same every time. */
const rnd = (i: number, salt: number) => {
  const x = Math.sin(i * 9301 + salt * 49297) * 233280;
  return x - Math.floor(x);
};

export function demoActor(world: SeededWorld, key: string, orgKind: Actor["orgKind"], name = "demo"): Actor {
  const orgId = world.orgIdByKey.get(key)!;
  return { userId: world.userIdByEmail.get(key.startsWith("ent:") ? `ent${key.slice(4).padStart(2, "0")}@demo.xj` : `${key}@inst.demo`)!, name, email: "", locale: "zh-CN", orgId, orgKind, orgName: name, institutionType: null, prefectureCode: null, roles: ["org_admin"] };
}

/**
 * Profiles for the 40 demo enterprises: three years of financials growing at different rates, mixed
 * disclosure choices, 30 of them listed on the board (the admission flow adds the rest).
 */
export const enterprisesSeeder: AreaSeeder = {
  name: "enterprises",
  run(ctx: AppContext, world: SeededWorld) {
    const t0 = Date.UTC(2026, 0, 10, 2, 0, 0);
    ctx.db.transaction(() => {
      ENTERPRISES.forEach(([name, , , section], i) => {
        const orgId = world.enterpriseOrgIds[i]!;
        const [business, products] = PRODUCTS[section] ?? PRODUCTS.C!;
        const scale = 2e7 + Math.round(rnd(i, 1) * 3e8);
        const growth = 0.05 + rnd(i, 2) * 0.5;
        const margin = -0.05 + rnd(i, 3) * 0.2;
        ctx.db
          .insert(enterpriseProfiles)
          .values({
            orgId,
            summary: `${name.replace(/(有限公司|股份有限公司)$/, "")}：${business}`,
            mainBusiness: `${business}，服务新疆及中亚市场。`,
            products,
            srdiTitles: i % 5 === 0 ? ["国家级专精特新“小巨人”企业（2024）"] : i % 2 === 0 ? ["自治区专精特新中小企业（2024）"] : ["自治区创新型中小企业（2023）"],
            team: `创始团队来自新疆大学、中科院新疆理化所等，核心技术人员 ${8 + (i % 20)} 人。`,
            employees: 40 + Math.round(rnd(i, 4) * 400),
            foundedYear: 2008 + (i % 14),
            patents: 3 + Math.round(rnd(i, 5) * 60),
            softwareCopyrights: section === "I" ? 10 + (i % 30) : i % 7,
            certifications: i % 3 === 0 ? "ISO 9001；高新技术企业" : "ISO 9001",
            address: `新疆${name.slice(2, 4)}高新技术产业开发区创新大道 ${100 + i} 号`,
            website: `https://ent${String(i + 1).padStart(2, "0")}.example.cn`,
            updatedAt: t0,
          })
          .run();
        for (let y = 0; y < 3; y++) {
          const revenue = Math.round(scale / (1 + growth) ** (2 - y) / 1e4) * 1e4;
          const totalAssets = Math.round((revenue * (1.1 + rnd(i, 6))) / 1e4) * 1e4;
          const liabilities = Math.round((totalAssets * (0.3 + rnd(i, 7) * 0.35)) / 1e4) * 1e4;
          ctx.db
            .insert(financialStatements)
            .values({
              orgId,
              fiscalYear: 2023 + y,
              revenue,
              netProfit: Math.round((revenue * (margin + y * 0.01)) / 1e4) * 1e4,
              netAssets: totalAssets - liabilities,
              totalAssets,
              liabilities,
              rdExpense: Math.round((revenue * (0.03 + rnd(i, 8) * 0.07)) / 1e4) * 1e4,
              operatingCashFlow: Math.round((revenue * (margin + 0.03)) / 1e4) * 1e4,
              audited: y < 2 || i % 2 === 0,
              updatedAt: t0,
            })
            .run();
        }
        // "非必要不披露": a few enterprises open everything, most open their business card, and
        // financials stay members-only, directed to their banks, or regulators-only.
        const choices: [ProfileSection, Audience, string[]][] = [
          ["business", i % 6 === 5 ? "members" : "public", []],
          ["team", i % 4 === 0 ? "public" : "members", []],
          ["ip", i % 3 === 0 ? "public" : "members", []],
          ["contact", "members", []],
          ["financials", i % 5 === 1 ? "directed" : i % 7 === 3 ? "regulators" : i % 10 === 0 ? "public" : "members", i % 5 === 1 ? [world.orgIdByKey.get("bank1")!, world.orgIdByKey.get("pe1")!] : []],
        ];
        for (const [sec, audience, directed] of choices) {
          ctx.db.insert(profileSectionAudiences).values({ orgId, section: sec, audience, directedOrgIds: directed, updatedAt: t0 }).run();
        }
        if (i < 30) {
          const tier = i % 5 === 0 ? TIERS[2] : i % 2 === 0 ? TIERS[1] : TIERS[0];
          ctx.db
            .insert(boardMemberships)
            .values({ id: `bm_seed_${String(i + 1).padStart(2, "0")}`, enterpriseOrgId: orgId, tier, entryDate: "2024-03-15", createdAt: t0, updatedAt: t0 })
            .onConflictDoNothing()
            .run();
        }
        organisationChanged(ctx.db, orgId);
      });
    });

    // Data authorisation in several states, so the access pages have something to show.
    const ent2 = demoActor(world, "ent:2", "enterprise", ENTERPRISES[1]![0]);
    const ent1 = demoActor(world, "ent:1", "enterprise", ENTERPRISES[0]![0]);
    const bank2 = demoActor(world, "bank2", "institution", INSTITUTIONS[1].name);
    const pe2 = demoActor(world, "pe2", "institution", INSTITUTIONS[5].name);
    const bank3 = demoActor(world, "bank3", "institution", INSTITUTIONS[2].name);
    const granted = requestDataAccess(ctx, bank2, ent2.orgId, { sections: ["financials", "contact"], purpose: "授信前尽职调查，需了解近三年财务状况。" });
    decideDataAccess(ctx, ent2, granted, { decision: "grant", sections: ["financials"], expiresOn: shanghaiDate(ctx.clock.now() + 180 * 86_400_000), note: "仅限本次授信使用" });
    requestDataAccess(ctx, pe2, ent1.orgId, { sections: ["financials", "team"], purpose: "A 轮投资初步评估。" });
    requestDataAccess(ctx, bank3, ent1.orgId, { sections: ["contact"], purpose: "客户经理上门拜访。" });
  },
};
