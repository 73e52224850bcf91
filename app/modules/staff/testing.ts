// A small service-desk world for the staff tests: the exchange (admin, two service specialists, a reviewer),
// two listed enterprises served by the first specialist and one by the second, a bank, a regulator.
import { eq } from "drizzle-orm";
import { boardMemberships, organisations, type Tier } from "@db/schema";
import { createTestContext, type TestContext } from "../../../test/context";
import { makeActor, testUscc } from "~/modules/board/testing";
import type { Actor } from "~/modules/identity/actor";
import { newId } from "~/utils/ids";
import { recordFirstAssignment } from "./assignments.server";

/** 10:00 in Shanghai on a calendar date. */
export const at = (date: string): number => Date.parse(`${date}T02:00:00Z`);

export type StaffWorld = {
  ctx: TestContext;
  admin: Actor;
  specialist: Actor;
  otherSpecialist: Actor;
  reviewer: Actor;
  ent: Actor;
  ent2: Actor;
  otherEnt: Actor;
  bank: Actor;
  regulator: Actor;
};

export function listEnterprise(ctx: TestContext, opts: { n: number; name: string; servicePerson: Actor | null; tier?: Tier; prefectureCode?: string; industrySection?: string | null; entryDate?: string }): Actor {
  const ent = makeActor(ctx, { orgKind: "enterprise", prefectureCode: opts.prefectureCode ?? "6501", uscc: testUscc(opts.n), orgName: opts.name });
  if (opts.industrySection !== undefined) ctx.db.update(organisations).set({ industrySection: opts.industrySection }).where(eq(organisations.id, ent.orgId)).run();
  const membershipId = newId();
  ctx.db
    .insert(boardMemberships)
    .values({ id: membershipId, enterpriseOrgId: ent.orgId, tier: opts.tier ?? "standardisation", entryDate: opts.entryDate ?? "2026-01-05", servicePersonUserId: opts.servicePerson?.userId ?? null })
    .run();
  recordFirstAssignment(ctx, { membershipId, enterpriseOrgId: ent.orgId, userId: opts.servicePerson?.userId ?? null, assignedBy: null });
  return ent;
}

export function staffWorld(ctx: TestContext = createTestContext()): StaffWorld {
  ctx.clock.ms = at("2026-03-02");
  const admin = makeActor(ctx, { orgKind: "exchange", roles: ["exchange_admin"], orgName: "新疆股权交易中心" });
  const specialist = makeActor(ctx, { orgKind: "exchange", roles: ["service_specialist"], orgId: admin.orgId });
  const otherSpecialist = makeActor(ctx, { orgKind: "exchange", roles: ["service_specialist"], orgId: admin.orgId });
  const reviewer = makeActor(ctx, { orgKind: "exchange", roles: ["reviewer"], orgId: admin.orgId });
  const ent = listEnterprise(ctx, { n: 1, name: "金沙锂电", servicePerson: specialist, industrySection: "C" });
  const ent2 = listEnterprise(ctx, { n: 2, name: "天山数据", servicePerson: specialist, tier: "cultivation", prefectureCode: "6523", industrySection: "I" });
  const otherEnt = listEnterprise(ctx, { n: 3, name: "云谷农业", servicePerson: otherSpecialist, tier: "incubation", prefectureCode: "6502", industrySection: null });
  const bank = makeActor(ctx, { orgKind: "institution" });
  const regulator = makeActor(ctx, { orgKind: "regulator" });
  return { ctx, admin, specialist, otherSpecialist, reviewer, ent, ent2, otherEnt, bank, regulator };
}
