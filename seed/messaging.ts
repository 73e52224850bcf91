import { eq } from "drizzle-orm";
import { users } from "@db/schema";
import { actorForUser } from "~/modules/identity/sessions.server";
import { addStaff, startConversation } from "~/modules/messaging/conversations.server";
import { markRead, sendMessage } from "~/modules/messaging/messages.server";
import { offlineRealtime } from "~/utils/realtime.server";
import type { AppContext } from "~/utils/context.server";
import type { AreaSeeder, SeededWorld } from "./index";

type Line = [who: "ent" | "inst" | "staff", body: string, minutesLater: number];

/**
 * Conversations the demo logins find on day one: the enterprise (ent01) has an unread reply from
 * the bank, a thread with a PE fund that a service specialist joined, and other enterprises talk
 * to a guarantor and a leasing company.
 */
const THREADS: { ent: string; inst: string; subject: "profile" | "general"; staff?: boolean; readByEnterprise: number; lines: Line[] }[] = [
  {
    ent: "ent01@demo.xj",
    inst: "bank1@inst.demo",
    subject: "profile",
    readByEnterprise: 3,
    lines: [
      ["inst", "您好，我是天山商业银行的客户经理王海燕。看到贵司在专板的资料，想了解一下今年的流动资金需求。", 0],
      ["ent", "王经理好！我们今年扩产 2GWh 电芯产线，流动资金缺口大约 3000 万元，期限希望一年以上。", 25],
      ["inst", "明白。我行有“专精特新贷”，可以用知识产权质押加应收账款，利率大概在 3.45% 左右。方便提供近三年的审计报告吗？", 40],
      ["ent", "可以，财务会整理后发给您。担保方面需要引入担保公司吗？", 65],
      ["inst", "3000 万元以内如果有担保公司参与，审批会快很多；我们和西域融资担保有合作，可以一起对接。", 90],
      ["inst", "另外附上我行授信所需材料清单，请查收。", 92],
    ],
  },
  {
    ent: "ent01@demo.xj",
    inst: "pe1@inst.demo",
    subject: "general",
    staff: true,
    readByEnterprise: 3,
    lines: [
      ["inst", "金沙锂电的团队您好，雪莲创投关注储能赛道很久了，想约一次路演前的线上交流。", 0],
      ["ent", "欢迎！我们计划 A 轮融资 8000 万元，出让比例 10% 左右。", 120],
      ["staff", "我是股交中心服务专员古丽娜，双方如需安排线下路演，可以在专板路演厅预约。", 180],
      ["inst", "好的，下周三下午可以吗？", 200],
    ],
  },
  {
    ent: "ent02@demo.xj",
    inst: "guar1@inst.demo",
    subject: "general",
    readByEnterprise: 2,
    lines: [
      ["ent", "您好，我们申请了银行的设备贷款，银行建议由贵公司提供担保，想了解担保费率。", 0],
      ["inst", "专精特新企业我们执行优惠费率，年化 1% 左右，具体看反担保措施。", 30],
    ],
  },
  {
    ent: "ent03@demo.xj",
    inst: "lease1@inst.demo",
    subject: "general",
    readByEnterprise: 1,
    lines: [
      ["inst", "贵司新建数据中心的服务器设备，可以考虑直租方案，首付比例 20%。", 0],
      ["ent", "<b>请问</b>租期最长几年？（这条消息里的 HTML 只会按文本显示）", 45],
    ],
  },
];

export const messagingSeeder: AreaSeeder = {
  name: "messaging",
  run(base: AppContext, world: SeededWorld) {
    let now = Date.UTC(2026, 0, 12, 2, 0, 0);
    const ctx: AppContext = { ...base, realtime: offlineRealtime, clock: { now: () => now } };
    const actorOf = (email: string) => {
      const user = ctx.db.select().from(users).where(eq(users.email, email)).get();
      const actor = user && actorForUser(ctx, user);
      if (!actor) throw new Error(`demo user ${email} missing`);
      return actor;
    };
    const staff = actorOf("service@xjex.demo");
    THREADS.forEach((thread, t) => {
      const ent = actorOf(thread.ent);
      const inst = actorOf(thread.inst);
      const start = now + t * 86_400_000;
      now = start;
      const conversation = startConversation(ctx, inst, {
        subjectType: thread.subject,
        subjectId: thread.subject === "profile" ? ent.orgId : "",
        withOrgId: ent.orgId,
      });
      if (thread.staff) addStaff(ctx, ent, conversation.id, staff.userId);
      thread.lines.forEach(([who, body, minutes], i) => {
        now = start + minutes * 60_000;
        const sender = who === "ent" ? ent : who === "inst" ? inst : staff;
        const { message } = sendMessage(ctx, sender, { conversationId: conversation.id, clientId: `seed-${t}-${i}-${world.exchangeOrgId}`, body });
        // Each side reads as the thread goes on; the enterprise stops at readByEnterprise, leaving the rest unread.
        if (i < thread.readByEnterprise) markRead(ctx, ent, conversation.id, message.seq);
        markRead(ctx, inst, conversation.id, message.seq);
      });
    });
  },
};
