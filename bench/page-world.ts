import { eq, sql } from "drizzle-orm";
import { INSTRUMENTS, offers, organisations, users } from "@db/schema";
import { createNeed, publishNeed } from "../app/modules/financing/needs.server";
import type { InstrumentDetails, NeedInput } from "../app/modules/financing/needs-schemas";
import { prefectureForDivision } from "../app/modules/identity/routing.server";
import { actorForUser } from "../app/modules/identity/sessions.server";
import { completeUscc } from "../app/modules/identity/uscc";
import { startConversation } from "../app/modules/messaging/conversations.server";
import type { Actor } from "../app/modules/identity/actor";
import type { AppContext } from "../app/utils/context.server";
import { shanghaiDate } from "../app/utils/dates";
import { offlineRealtime } from "../app/utils/realtime.server";
import { ENTERPRISES } from "../seed/world";

/**
 * The demo world ×10 for the page benchmark, grown on top of the seeded demo world in the server's own database:
 * enterprises up to 400 (with an admin each), 4,000 published needs through the needs service (audit, search
 * outbox and all), and 40,000 messages in 2,000 conversations (each enterprise with five institutions; the
 * conversations through the messaging service, the messages inserted in bulk with the same columns and counters
 * sendMessage keeps). Deterministic: the same world every run.
 */
export const WORLD_X10 = { enterprises: 400, needs: 4000, messages: 40_000, institutionsPerEnterprise: 5 } as const;

const DETAILS: InstrumentDetails = {
  equity: { valuationMin: 300_000_000, valuationMax: 450_000_000, stakeOfferedBp: 1000, useOfFunds: "新建产线与研发中心", stage: "a" },
  convertible: { termMonths: 36, couponMinBp: 300, couponMaxBp: 450, conversionTerms: "满 12 个月后可按最近一轮估值 8 折转股" },
  loan: { termMonths: 12, purpose: "采购原材料，补充流动资金", collateral: ["receivables", "ip"] },
  guarantee: { forLoan: "1000 万元流动资金贷款", lender: "天山商业银行乌鲁木齐分行", termMonths: 12 },
  leasing: { asset: "全自动生产线设备一套", termMonths: 36 },
};
const WORDS = ["锂电", "光伏", "新材料", "智能制造", "生物医药", "数据中心", "风电", "节水农业", "煤化工", "氢能"];

function actorOf(ctx: AppContext, email: string): Actor {
  const user = ctx.db.select().from(users).where(eq(users.email, email)).get();
  const actor = user && actorForUser(ctx, user);
  if (!actor) throw new Error(`bench world: no user ${email}`);
  return actor;
}

export async function growWorld(base: AppContext, log: (line: string) => void): Promise<void> {
  const ctx: AppContext = { ...base, realtime: offlineRealtime };
  const db = ctx.db.$client;
  const t0 = performance.now();
  const template = ctx.db.select().from(users).where(eq(users.email, "ent01@demo.xj")).get()!;
  const existing = ctx.db.select({ id: organisations.id }).from(organisations).where(eq(organisations.kind, "enterprise")).all().length;

  // Enterprises (as the seeder makes them: organisation, admin user, membership).
  const insertOrg = db.prepare("insert into organisations (id, kind, name, name_en, uscc, division_code, prefecture_code, industry_section, created_at) values (?, 'enterprise', ?, ?, ?, ?, ?, ?, ?)");
  const insertUser = db.prepare("insert into users (id, email, name, password_hash, created_at) values (?, ?, ?, ?, ?)");
  const insertMembership = db.prepare("insert into memberships (id, user_id, org_id, role, created_at) values (?, ?, ?, 'org_admin', ?)");
  db.transaction(() => {
    for (let i = existing; i < WORLD_X10.enterprises; i++) {
      const [name, nameEn, division, section] = ENTERPRISES[i % ENTERPRISES.length]!;
      const orgId = `org_bx${String(i).padStart(5, "0")}`;
      const uscc = completeUscc(`91${division}MB${(2000000 + i * 7919).toString(36).toUpperCase().replace(/[IOSVZ]/g, "X").padStart(7, "0").slice(-7)}`);
      insertOrg.run(orgId, `${name.replace(/有限公司$/, "")}${i}号有限公司`, `${nameEn} ${i}`, uscc, division, prefectureForDivision(ctx, division), section, template.createdAt);
      const userId = `usr_bx${String(i).padStart(5, "0")}`;
      insertUser.run(userId, `bench-ent${i}@demo.xj`, `企业${i}负责人`, template.passwordHash, template.createdAt);
      insertMembership.run(`${userId}_org_admin`, userId, orgId, template.createdAt);
    }
  })();
  const enterpriseEmails = ctx.db
    .select({ email: users.email })
    .from(users)
    .innerJoin(sql`memberships m`, sql`m.user_id = ${users.id}`)
    .innerJoin(organisations, sql`${organisations.id} = m.org_id and ${organisations.kind} = 'enterprise'`)
    .orderBy(organisations.id)
    .all()
    .map((r) => r.email);
  const enterprises = [...new Set(enterpriseEmails)].map((email) => actorOf(ctx, email));
  log(`  ${enterprises.length} enterprises (${(performance.now() - t0).toFixed(0)} ms)`);

  // Needs, through the service, published.
  const t1 = performance.now();
  const have = Number((db.prepare("select count(*) n from financing_needs").get() as { n: number }).n);
  const validUntil = shanghaiDate(ctx.clock.now() + 120 * 86_400_000);
  db.transaction(() => {
    for (let n = have; n < WORLD_X10.needs; n++) {
      const owner = enterprises[n % enterprises.length]!;
      const instrument = INSTRUMENTS[n % INSTRUMENTS.length]!;
      const input: NeedInput = {
        instrument,
        title: `${WORDS[n % WORDS.length]}项目 ${instrument} 融资需求 ${n}`,
        summary: `${WORDS[(n * 7) % WORDS.length]}产能扩张，拟融资 ${1000 + (n % 50) * 100} 万元。`,
        amount: 10_000_000 + (n % 50) * 1_000_000,
        audience: n % 3 === 0 ? "public" : "members",
        directedOrgIds: [],
        expiresOn: validUntil,
        details: DETAILS[instrument],
      };
      publishNeed(ctx, owner, createNeed(ctx, owner, input));
    }
  })();
  log(`  ${WORLD_X10.needs} needs (${(performance.now() - t1).toFixed(0)} ms)`);

  // Conversations (service) and messages (bulk, as sendMessage stores them).
  const t2 = performance.now();
  const institutions = ["bank1@inst.demo", "pe1@inst.demo", "guar1@inst.demo", "lease1@inst.demo", "sec1@inst.demo"].map((e) => actorOf(ctx, e));
  const perConversation = WORLD_X10.messages / (WORLD_X10.enterprises * WORLD_X10.institutionsPerEnterprise);
  const insertMessage = db.prepare(
    "insert into messages (id, conversation_id, seq, client_id, sender_user_id, sender_org_id, body, attachment_ids, created_at) values (?, ?, ?, ?, ?, ?, ?, '[]', ?)",
  );
  const bumpConversation = db.prepare("update conversations set last_seq = ?, last_message_at = ? where id = ?");
  const receipt = db.prepare(
    "insert into message_read_receipts (conversation_id, user_id, org_id, last_delivered_seq, last_read_seq, updated_at) values (?, ?, ?, ?, ?, ?) on conflict do update set last_delivered_seq = excluded.last_delivered_seq, last_read_seq = excluded.last_read_seq, updated_at = excluded.updated_at",
  );
  let sent = Number((db.prepare("select count(*) n from messages").get() as { n: number }).n);
  let at = Date.UTC(2026, 1, 1);
  db.transaction(() => {
    enterprises.forEach((ent, e) => {
      institutions.forEach((inst, k) => {
        if (sent >= WORLD_X10.messages) return;
        const conversation = startConversation(ctx, inst, { subjectType: "general", withOrgId: ent.orgId });
        let seq = conversation.lastSeq;
        for (let m = 0; m < perConversation && sent < WORLD_X10.messages; m++) {
          const from = m % 2 === 0 ? inst : ent;
          seq++;
          at += 1_000;
          insertMessage.run(`msg_bx${e}_${k}_${seq}`, conversation.id, seq, `bench-${e}-${k}-${seq}`, from.userId, from.orgId, `第 ${seq} 条：关于${WORDS[(e + m) % WORDS.length]}项目的融资安排，请查收材料。`, at);
          sent++;
        }
        bumpConversation.run(seq, at, conversation.id);
        receipt.run(conversation.id, inst.userId, inst.orgId, seq, seq, at);
        receipt.run(conversation.id, ent.userId, ent.orgId, seq, Math.max(0, seq - 3), at);
      });
    });
  })();
  log(`  ${sent} messages (${(performance.now() - t2).toFixed(0)} ms)`);

  // The search indexes: enterprises were added below the services, so rebuild rather than wait for the outbox.
  const t3 = performance.now();
  for (const index of ["financing_needs", "enterprises"] as const) await ctx.search.indexer.rebuild(index);
  for (let i = 0; i < 600 && ctx.search.indexer.status().pending > 0; i++) {
    ctx.search.indexer.kick();
    await new Promise((r) => setTimeout(r, 100));
  }
  log(`  search indexes rebuilt (${(performance.now() - t3).toFixed(0)} ms)`);
}

/** The enterprise admin whose need has the most offers, and that need. */
export function needWithOffers(ctx: AppContext): { needId: string; ownerEmail: string; offers: number } {
  const row = ctx.db
    .select({ needId: offers.needId, orgId: offers.enterpriseOrgId, n: sql<number>`count(*)` })
    .from(offers)
    .groupBy(offers.needId, offers.enterpriseOrgId)
    .orderBy(sql`count(*) desc`)
    .limit(1)
    .get();
  if (!row) throw new Error("bench world: the seed has no offers");
  const owner = ctx.db.$client.prepare("select u.email from users u join memberships m on m.user_id = u.id where m.org_id = ? order by u.created_at limit 1").get(row.orgId) as { email: string };
  return { needId: row.needId, ownerEmail: owner.email, offers: row.n };
}
