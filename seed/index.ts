import { count, eq, inArray } from "drizzle-orm";
import { memberships, organisations, prefectures, users, type InstitutionType, type RegulatorCode, type Role } from "@db/schema";
import { organisationChanged } from "~/modules/search/organisation-sources.server";
import { hashPassword } from "~/modules/identity/password.server";
import { prefectureForDivision } from "~/modules/identity/routing.server";
import { completeUscc } from "~/modules/identity/uscc";
import type { AppContext } from "~/utils/context.server";
import { boardSeeder } from "./board";
import { enterprisesSeeder } from "./enterprises";
import { financingSeeder } from "./financing";
import { roadshowsSeeder } from "./roadshows";
import { financingOffersSeeder } from "./financing-offers";
import { messagingSeeder } from "./messaging";
import { staffSeeder } from "./staff";
import { MFA_REQUIRED_KINDS } from "~/modules/identity/mfa.server";
import { DEMO_PASSWORD, DEMO_TOTP_SECRET, ENTERPRISES, EXCHANGE, EXCHANGE_STAFF, INSTITUTIONS, REGULATORS } from "./world";

/**
 * Per-area seeders run after the identity world exists, in order. Each must be deterministic and
 * safe to run once on an empty area. Areas register themselves here.
 */
export type AreaSeeder = { name: string; run: (ctx: AppContext, world: SeededWorld) => Promise<void> | void };
// The board seeder runs first: its admission flow lists enterprises (with custody and service
// persons) before other areas add profiles and needs for them.
export const areaSeeders: AreaSeeder[] = [boardSeeder, enterprisesSeeder, financingSeeder, roadshowsSeeder, financingOffersSeeder, messagingSeeder, staffSeeder];

export type SeededWorld = {
  exchangeOrgId: string;
  userIdByEmail: Map<string, string>;
  orgIdByKey: Map<string, string>;
  enterpriseOrgIds: string[];
};

/** Deterministic ids keep URLs stable across re-seeds, which makes screenshots and docs reproducible. */
const sid = (prefix: string, n: number | string) => `${prefix}${String(n).padStart(4, "0")}`.toLowerCase().padEnd(12, "0");

export function enterpriseEmail(i: number): string {
  return `ent${String(i + 1).padStart(2, "0")}@demo.xj`;
}

/** Seeds the demo world if the database has none; returns whether it did. */
export async function ensureDemoWorld(ctx: AppContext): Promise<boolean> {
  const existing = ctx.db.select({ n: count() }).from(organisations).where(eq(organisations.kind, "exchange")).get();
  if ((existing?.n ?? 0) > 0) return false;
  await seedDemoWorld(ctx);
  return true;
}

export async function seedDemoWorld(ctx: AppContext): Promise<SeededWorld> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const t0 = Date.UTC(2025, 0, 6, 2, 0, 0);
  const world: SeededWorld = { exchangeOrgId: sid("org_ex", 1), userIdByEmail: new Map(), orgIdByKey: new Map(), enterpriseOrgIds: [] };
  let userSeq = 0;

  const addUser = (orgId: string, email: string, name: string, roles: readonly Role[]) => {
    const userId = sid("usr", ++userSeq);
    ctx.db.insert(users).values({ id: userId, email, name, passwordHash, createdAt: t0 }).run();
    for (const role of roles) {
      ctx.db.insert(memberships).values({ id: `${userId}_${role}`.slice(0, 40), userId, orgId, role, createdAt: t0 }).run();
    }
    world.userIdByEmail.set(email, userId);
    return userId;
  };
  const addOrg = (o: typeof organisations.$inferInsert) => {
    ctx.db.insert(organisations).values({ createdAt: t0, ...o }).run();
    // Searchable from the first start: every organisation gets its outbox row in the seeding transaction.
    organisationChanged(ctx.db, o.id);
    return o.id;
  };

  ctx.db.transaction(() => {
    addOrg({ id: world.exchangeOrgId, kind: "exchange", name: EXCHANGE.name, nameEn: EXCHANGE.nameEn, prefectureCode: "6501" });
    for (const s of EXCHANGE_STAFF) addUser(world.exchangeOrgId, s.email, s.name, s.roles);

    REGULATORS.forEach((r, i) => {
      const id = addOrg({ id: sid("org_rg", i + 1), kind: "regulator", name: r.name, nameEn: r.nameEn, regulatorCode: r.code as RegulatorCode });
      world.orgIdByKey.set(r.code, id);
      addUser(id, r.email, r.person, ["org_admin"]);
    });

    const prefs = ctx.db.select().from(prefectures).orderBy(prefectures.sortOrder).all();
    for (const p of prefs) {
      const id = addOrg({ id: sid("org_bu", p.code), kind: "bureau", name: `${p.nameZh}工业和信息化局`, nameEn: `${p.nameEn} Industry and IT Bureau`, prefectureCode: p.code, divisionCode: p.code });
      world.orgIdByKey.set(`bureau:${p.code}`, id);
      addUser(id, `bureau${p.code}@gov.demo`, `${p.nameZh}工信局经办人`, ["org_admin"]);
    }

    INSTITUTIONS.forEach((inst, i) => {
      const id = addOrg({ id: sid("org_in", i + 1), kind: "institution", name: inst.name, nameEn: inst.nameEn, institutionType: inst.type as InstitutionType, prefectureCode: "6501" });
      world.orgIdByKey.set(inst.key, id);
      addUser(id, `${inst.key}@inst.demo`, inst.person, ["org_admin"]);
    });

    ENTERPRISES.forEach(([name, nameEn, division, section], i) => {
      const uscc = completeUscc(`91${division}MA${(1000000 + i * 7919).toString(36).toUpperCase().replace(/[IOSVZ]/g, "X").padStart(7, "0").slice(-7)}`);
      const prefectureCode = prefectureForDivision(ctx, division);
      const id = addOrg({ id: sid("org_en", i + 1), kind: "enterprise", name, nameEn, uscc, divisionCode: division, prefectureCode, industrySection: section });
      world.enterpriseOrgIds.push(id);
      world.orgIdByKey.set(`ent:${i + 1}`, id);
      addUser(id, enterpriseEmail(i), `${name.slice(2, 4)}负责人`, ["org_admin"]);
    });
  });

  for (const seeder of areaSeeders) await seeder.run(ctx, world);
  // Accounts whose role requires two-step verification are seeded enrolled with the shared demo secret.
  const staff = ctx.db
    .select({ userId: memberships.userId })
    .from(memberships)
    .innerJoin(organisations, eq(organisations.id, memberships.orgId))
    .where(inArray(organisations.kind, [...MFA_REQUIRED_KINDS]))
    .all();
  if (staff.length) ctx.db.update(users).set({ totpSecret: DEMO_TOTP_SECRET, totpEnabledAt: t0 }).where(inArray(users.id, [...new Set(staff.map((s) => s.userId))])).run();
  return world;
}

/** One login per role, printed at start and listed in the README. */
export const DEMO_LOGINS: readonly { role: string; email: string }[] = [
  { role: "企业 Enterprise (新疆金沙锂电科技)", email: enterpriseEmail(0) },
  { role: "银行 Bank RM (天山商业银行)", email: "bank1@inst.demo" },
  { role: "创投 PE/VC (雪莲创投)", email: "pe1@inst.demo" },
  { role: "担保 Guarantor (西域融资担保)", email: "guar1@inst.demo" },
  { role: "租赁 Leasing (丝绸之路融资租赁)", email: "lease1@inst.demo" },
  { role: "证券 Securities (西部天山证券)", email: "sec1@inst.demo" },
  { role: "工信局 Bureau (乌鲁木齐)", email: "bureau6501@gov.demo" },
  { role: "监管 Regulator (工信厅)", email: "miit@reg.demo" },
  { role: "监管 Regulator (金融局)", email: "finance@reg.demo" },
  { role: "监管 Regulator (证监局)", email: "csrc@reg.demo" },
  { role: "股交中心 Exchange admin", email: "admin@xjex.demo" },
  { role: "股交中心 Reviewer", email: "reviewer@xjex.demo" },
  { role: "股交中心 Service specialist", email: "service@xjex.demo" },
  { role: "股交中心 Roadshow scheduler", email: "roadshow@xjex.demo" },
];

export function demoLoginsText(ctx: Pick<AppContext, "db">): string {
  const present = DEMO_LOGINS.filter((l) => ctx.db.select({ id: users.id }).from(users).where(eq(users.email, l.email)).get());
  if (present.length === 0) return "";
  const width = Math.max(...present.map((l) => l.role.length));
  const lines = present.map((l) => `  ${l.role.padEnd(width)}  ${l.email}`);
  return (
    `Demo logins (password for all: ${DEMO_PASSWORD}):\n${lines.join("\n")}\n` +
    `Exchange, regulator and bureau logins also ask for a two-step code: add the key ${DEMO_TOTP_SECRET} to an authenticator app (TOTP, 6 digits, 30 s).\n`
  );
}
