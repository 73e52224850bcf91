import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { auditLog, boardApplicationReviews, boardMemberships, custodyRecords, custodyReminders, notifications, publicNotices, searchOutbox } from "@db/schema";
import { verifyAuditChain } from "~/modules/audit/audit.server";
import { SYSTEM_USER_ID } from "~/modules/identity/actor";
import { admitEnterprisesWithEndedNotices, EARLY_END_GRACE_MS, sendDueCustodyReminders } from "./board-jobs.server";
import { recordConfirmedShares } from "./custody.server";
import { endNoticeEarly, getPublicNotice, lodgeObjection, reviewObjection } from "./notices.server";
import { appState, DAY, roundState, throughToNotice, world, type World } from "@test/support/board-world";

const objection = (planItemId: string) => ({
  planItemId,
  objectorName: "张三",
  objectorIdNumber: "650102198001011234",
  objectorOrganisation: "某公司",
  objectorPhone: "13800000000",
  reasons: "该企业财务数据与年报不一致，请核实。",
});

describe("admitEnterprisesWithEndedNotices (the scheduler's automatic admission)", () => {
  let w: World;
  beforeEach(() => {
    w = world();
  });

  it("admits once the period has ended, as the system actor, audited like the manual path; a second run does nothing", () => {
    const { appId, noticeId } = throughToNotice(w);
    // During the period (Mar 2–6) nothing happens.
    w.ctx.clock.advance(4 * DAY);
    expect(admitEnterprisesWithEndedNotices(w.ctx)).toEqual({ notices: 0, admitted: 0, rejected: 0, waitingOnObjections: [] });
    expect(appState(w, appId)).toBe("on_notice");

    w.ctx.clock.advance(3 * DAY); // Monday 2026-03-09
    const outboxBefore = w.ctx.db.select().from(searchOutbox).all().length;
    expect(admitEnterprisesWithEndedNotices(w.ctx)).toEqual({ notices: 1, admitted: 1, rejected: 0, waitingOnObjections: [] });
    expect(appState(w, appId)).toBe("admitted");
    expect(roundState(w)).toBe("closed");
    expect(w.ctx.db.select().from(publicNotices).where(eq(publicNotices.id, noticeId)).get()!.closedAt).not.toBeNull();
    const m = w.ctx.db.select().from(boardMemberships).where(eq(boardMemberships.enterpriseOrgId, w.ent.orgId)).get()!;
    expect(m).toMatchObject({ status: "listed", entryDate: "2026-03-09" });
    expect(w.ctx.db.select().from(custodyRecords).where(eq(custodyRecords.membershipId, m.id)).get()).toBeDefined();

    // The same audit entries as a reviewer's click, naming the system user.
    const entries = w.ctx.db.select().from(auditLog).all();
    for (const action of ["board.membership.admitted", "board.custody.opened", "board.notice.closed"]) {
      expect(entries.find((e) => e.action === action)).toMatchObject({ actorUserId: SYSTEM_USER_ID, actorOrgId: w.admin.orgId });
    }
    expect(w.ctx.db.select().from(boardApplicationReviews).where(eq(boardApplicationReviews.applicationId, appId)).all().at(-1)).toMatchObject({ toState: "admitted", actorUserId: SYSTEM_USER_ID });
    expect(verifyAuditChain(w.ctx).ok).toBe(true);
    // The enterprise's search document is queued with the admission, so the tier facet does not lag.
    expect(w.ctx.db.select().from(searchOutbox).all().slice(outboxBefore)).toContainEqual(expect.objectContaining({ indexName: "enterprises", docId: w.ent.orgId, op: "upsert" }));
    // The enterprise is told.
    const told = w.ctx.db.select().from(notifications).where(eq(notifications.userId, w.ent.userId)).all().map((n) => (JSON.parse(n.payload) as { key: string }).key);
    expect(told).toContain("board:notify.admitted");

    const auditCount = entries.length;
    expect(admitEnterprisesWithEndedNotices(w.ctx)).toEqual({ notices: 0, admitted: 0, rejected: 0, waitingOnObjections: [] });
    expect(w.ctx.db.select().from(auditLog).all()).toHaveLength(auditCount);
    expect(w.ctx.db.select().from(boardMemberships).all()).toHaveLength(1);
  });

  it("leaves a notice staff ended early to them for an hour, then admits it", () => {
    const { appId, noticeId } = throughToNotice(w);
    w.ctx.clock.advance(DAY); // inside the period
    endNoticeEarly(w.ctx, w.admin, noticeId, "无异议，提前结束公示");
    expect(admitEnterprisesWithEndedNotices(w.ctx).notices).toBe(0);
    w.ctx.clock.advance(EARLY_END_GRACE_MS - 1);
    expect(admitEnterprisesWithEndedNotices(w.ctx).notices).toBe(0);
    expect(appState(w, appId)).toBe("on_notice");
    w.ctx.clock.advance(1);
    expect(admitEnterprisesWithEndedNotices(w.ctx)).toEqual({ notices: 1, admitted: 1, rejected: 0, waitingOnObjections: [] });
    expect(appState(w, appId)).toBe("admitted");
  });

  it("waits while an objection is under review, then rejects the enterprise whose objection was upheld", () => {
    const { appId, noticeId } = throughToNotice(w);
    const item = getPublicNotice(w.ctx, noticeId).entries[0]!;
    const { id } = lodgeObjection(w.ctx, noticeId, objection(item.planItemId));
    w.ctx.clock.advance(7 * DAY);
    expect(admitEnterprisesWithEndedNotices(w.ctx)).toEqual({ notices: 0, admitted: 0, rejected: 0, waitingOnObjections: [noticeId] });
    expect(appState(w, appId)).toBe("on_notice");
    reviewObjection(w.ctx, w.reviewer, id, { decision: "upheld", comment: "经核实，年报数据不一致" });
    expect(admitEnterprisesWithEndedNotices(w.ctx)).toEqual({ notices: 1, admitted: 0, rejected: 1, waitingOnObjections: [] });
    expect(appState(w, appId)).toBe("rejected");
    expect(w.ctx.db.select().from(boardMemberships).all()).toHaveLength(0);
  });
});

describe("sendDueCustodyReminders", () => {
  it("reminds at 20, 10 and 5 working days left and once overdue — each level once, never repeated", () => {
    const w = world();
    throughToNotice(w);
    w.ctx.clock.advance(7 * DAY);
    admitEnterprisesWithEndedNotices(w.ctx);
    const record = w.ctx.db.select().from(custodyRecords).get()!;
    // Entry Mon 2026-03-09 + 60 working days (Qingming, Labour Day and their 调休 Saturdays counted).
    expect(record.deadlineDate).toBe("2026-06-04");

    const sentOn: Record<string, string[]> = {};
    // Every day from entry to well past the deadline, twice a day as a scheduler might.
    for (let day = 0; day < 100; day++) {
      for (const _ of [1, 2]) {
        const before = w.ctx.db.select().from(custodyReminders).all().length;
        sendDueCustodyReminders(w.ctx);
        const after = w.ctx.db.select().from(custodyReminders).all();
        for (const r of after.slice(before)) (sentOn[r.level] ??= []).push(new Date(w.ctx.clock.now() + 8 * 3600_000).toISOString().slice(0, 10));
      }
      w.ctx.clock.advance(DAY);
    }
    expect(Object.keys(sentOn).sort()).toEqual(["d10", "d20", "d5", "overdue"]);
    for (const dates of Object.values(sentOn)) expect(dates).toHaveLength(1);
    expect(sentOn.overdue).toEqual(["2026-06-05"]);
    expect(sentOn.d20![0]! < sentOn.d10![0]! && sentOn.d10![0]! < sentOn.d5![0]!).toBe(true);

    const keys = w.ctx.db.select().from(notifications).where(eq(notifications.userId, w.ent.userId)).all().map((n) => (JSON.parse(n.payload) as { key: string }).key);
    expect(keys.filter((k) => k === "board:notify.custodyDue")).toHaveLength(3);
    expect(keys.filter((k) => k === "board:notify.custodyOverdue")).toHaveLength(1);
    const reminded = w.ctx.db.select().from(auditLog).all().filter((e) => e.action === "board.custody.reminded");
    expect(reminded).toHaveLength(4);
    expect(reminded.every((e) => e.actorUserId === SYSTEM_USER_ID)).toBe(true);
  });

  it("sends nothing to an enterprise that has met the requirement", () => {
    const w = world();
    throughToNotice(w);
    w.ctx.clock.advance(7 * DAY);
    admitEnterprisesWithEndedNotices(w.ctx);
    const record = w.ctx.db.select().from(custodyRecords).get()!;
    recordConfirmedShares(w.ctx, w.ent, { custodyId: record.id, confirmedShares: record.totalShares, totalShares: record.totalShares, asOf: "2026-03-09" });
    for (let day = 0; day < 100; day++) {
      expect(sendDueCustodyReminders(w.ctx)).toEqual({ sent: 0 });
      w.ctx.clock.advance(DAY);
    }
  });
});
