import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { auditLog, boardMemberships, serviceAssignments, serviceRequests, visitFollowUps } from "@db/schema";
import { admitEnterprisesWithEndedNotices } from "~/modules/board/board-jobs.server";
import { DAY, throughToNotice, world } from "~/modules/board/testing-world";
import { assignmentHistory, myServicePerson, reassignServicePerson, serviceWorkload } from "./assignments.server";
import { enterpriseServicePage, listMyEnterprises, myEnterprisesQuery } from "./my-enterprises.server";
import { moveServiceRequest, raiseServiceRequest } from "./service-requests.server";
import { at, listEnterprise, roadshow, staffWorld, type StaffWorld } from "./testing";
import { attachVisitFile, followUpToRequest, listVisits, recordVisit } from "./visits.server";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

let w: StaffWorld;
const q = (over: Record<string, string> = {}) => myEnterprisesQuery.parse(over);

beforeEach(() => {
  w = staffWorld();
});

describe("the dedicated service person", () => {
  it("is set at admission and recorded as the first line of the history", () => {
    const b = world();
    throughToNotice(b);
    b.ctx.clock.advance(7 * DAY);
    admitEnterprisesWithEndedNotices(b.ctx);
    const m = b.ctx.db.select().from(boardMemberships).get()!;
    expect(m.servicePersonUserId).not.toBeNull();
    const history = assignmentHistory(b.ctx, m.enterpriseOrgId);
    expect(history).toEqual([expect.objectContaining({ userId: m.servicePersonUserId, reason: "admission", endedAt: null })]);
  });

  it("is reassigned by the exchange admin with history; open requests follow; only to a service specialist", () => {
    const { request } = raiseServiceRequest(w.ctx, w.ent, { id: "req-reassign-1", kind: "financing", title: "贷款对接", body: "需要流动资金" });
    expect(() => reassignServicePerson(w.ctx, w.admin, { enterpriseOrgId: w.ent.orgId, userId: w.reviewer.userId, reason: "调整分工" })).toThrow(
      expect.objectContaining({ message: "staff:errors.notServicePerson" }),
    );
    expect(() => reassignServicePerson(w.ctx, w.admin, { enterpriseOrgId: w.ent.orgId, userId: w.bank.userId, reason: "调整分工" })).toThrow(
      expect.objectContaining({ message: "staff:errors.notServicePerson" }),
    );
    expect(() => reassignServicePerson(w.ctx, w.specialist, { enterpriseOrgId: w.ent.orgId, userId: w.otherSpecialist.userId, reason: "调整分工" })).toThrow(
      expect.objectContaining({ status: 403 }),
    );
    w.ctx.clock.advance(DAY);
    expect(reassignServicePerson(w.ctx, w.admin, { enterpriseOrgId: w.ent.orgId, userId: w.otherSpecialist.userId, reason: "调整分工" })).toEqual({ changed: true });
    const history = assignmentHistory(w.ctx, w.ent.orgId);
    expect(history.map((h) => [h.userId, h.endedAt === null])).toEqual([
      [w.otherSpecialist.userId, true],
      [w.specialist.userId, false],
    ]);
    expect(w.ctx.db.select().from(serviceRequests).where(eq(serviceRequests.id, request.id)).get()!.assigneeUserId).toBe(w.otherSpecialist.userId);
    expect(w.ctx.db.select().from(auditLog).all().some((e) => e.action === "staff.service_person.reassigned")).toBe(true);
    // Reassigning to the same person changes nothing.
    expect(reassignServicePerson(w.ctx, w.admin, { enterpriseOrgId: w.ent.orgId, userId: w.otherSpecialist.userId, reason: "再次" })).toEqual({ changed: false });
    expect(w.ctx.db.select().from(serviceAssignments).where(eq(serviceAssignments.enterpriseOrgId, w.ent.orgId)).all()).toHaveLength(2);
  });

  it("the admin sees the workload per person; nobody else does", () => {
    raiseServiceRequest(w.ctx, w.ent, { id: "req-load-1", kind: "training", title: "培训", body: "股改培训" });
    const load = serviceWorkload(w.ctx, w.admin);
    expect(load.people.find((p) => p.userId === w.specialist.userId)).toMatchObject({ enterprises: 2, openRequests: 1 });
    expect(load.people.find((p) => p.userId === w.otherSpecialist.userId)).toMatchObject({ enterprises: 1, openRequests: 0 });
    expect(() => serviceWorkload(w.ctx, w.specialist)).toThrow(expect.objectContaining({ status: 403 }));
  });

  it("the enterprise sees its person", () => {
    expect(myServicePerson(w.ctx, w.ent)).toMatchObject({ userId: w.specialist.userId, exchangeOrgId: w.admin.orgId });
    expect(myServicePerson(w.ctx, w.bank)).toBeNull();
  });
});

describe("my enterprises", () => {
  it("lists the specialist's own enterprises with their state; filters, sorts and pages", () => {
    raiseServiceRequest(w.ctx, w.ent2, { id: "req-my-1", kind: "policy", title: "政策咨询", body: "奖补政策" });
    recordVisit(w.ctx, w.specialist, { id: "visit-my-1", enterpriseOrgId: w.ent.orgId, kind: "visit", visitedOn: "2026-02-27", participants: ["王经理", "李总"], findings: "计划两年内股改" });
    const mine = listMyEnterprises(w.ctx, w.specialist, q());
    expect(mine.items.map((i) => i.name).sort()).toEqual(["天山数据", "金沙锂电"].sort());
    const jinsha = mine.items.find((i) => i.name === "金沙锂电")!;
    expect(jinsha).toMatchObject({ tier: "standardisation", custodyLevel: "unstarted", disclosure: "free", openRequests: 0, lastVisit: "2026-02-27" });
    expect(listMyEnterprises(w.ctx, w.specialist, q({ withOpenRequests: "1" })).items.map((i) => i.name)).toEqual(["天山数据"]);
    expect(listMyEnterprises(w.ctx, w.specialist, q({ tier: "cultivation" })).items.map((i) => i.name)).toEqual(["天山数据"]);
    expect(listMyEnterprises(w.ctx, w.specialist, q({ sort: "openRequests" })).items[0]!.name).toBe("天山数据");
    expect(listMyEnterprises(w.ctx, w.specialist, q({ sort: "lastVisit", dir: "desc" })).items[0]!.name).toBe("金沙锂电");
    expect(listMyEnterprises(w.ctx, w.specialist, q({ scope: "all" })).total).toBe(3);
    for (let i = 0; i < 25; i++) listEnterprise(w.ctx, { n: 100 + i, name: `企业${String(i).padStart(2, "0")}`, servicePerson: w.specialist });
    const p2 = listMyEnterprises(w.ctx, w.specialist, q({ page: "2", sort: "name" }));
    expect(p2).toMatchObject({ total: 27, page: 2, pageCount: 2 });
    expect(p2.items).toHaveLength(7);
    expect(() => listMyEnterprises(w.ctx, w.bank, q())).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => listMyEnterprises(w.ctx, w.reviewer, q())).toThrow(expect.objectContaining({ status: 403 }));
  });

  it("shows each enterprise's upcoming roadshows (scheduled, not yet ended, where it presents), soonest first", () => {
    const now = w.ctx.clock.now();
    const H = 3_600_000;
    roadshow(w, { startsAt: now + 72 * H, presenters: [w.ent.orgId, w.ent2.orgId] });
    roadshow(w, { startsAt: now + 24 * H, presenters: [w.ent2.orgId] });
    roadshow(w, { startsAt: now - 48 * H, presenters: [w.ent.orgId] }); // over
    roadshow(w, { startsAt: now + 12 * H, presenters: [w.ent.orgId], state: "cancelled" });
    const items = listMyEnterprises(w.ctx, w.specialist, q({ sort: "roadshows" })).items;
    expect(items.map((i) => [i.name, i.upcomingRoadshows, i.nextRoadshowAt])).toEqual([
      ["天山数据", 2, now + 24 * H],
      ["金沙锂电", 1, now + 72 * H],
    ]);
    // An event under way still counts until it ends.
    roadshow(w, { startsAt: now - H / 2, presenters: [w.otherEnt.orgId] });
    const all = listMyEnterprises(w.ctx, w.specialist, q({ scope: "all", sort: "roadshows", dir: "desc" })).items;
    expect(all.map((i) => i.name)).toEqual(["金沙锂电", "天山数据", "云谷农业"]);
  });

  it("another service person may open an enterprise's page; that read is audit-logged, the own person's is not", () => {
    const viewed = () => w.ctx.db.select().from(auditLog).all().filter((e) => e.action === "staff.enterprise.viewed");
    enterpriseServicePage(w.ctx, w.specialist, w.ent.orgId);
    expect(viewed()).toHaveLength(0);
    const page = enterpriseServicePage(w.ctx, w.otherSpecialist, w.ent.orgId);
    expect(page.assigned).toBe(false);
    expect(viewed()).toEqual([expect.objectContaining({ actorUserId: w.otherSpecialist.userId, enterpriseOrgId: w.ent.orgId })]);
    expect(() => enterpriseServicePage(w.ctx, w.bank, w.ent.orgId)).toThrow(expect.objectContaining({ status: 404 }));
    expect(() => enterpriseServicePage(w.ctx, w.ent2, w.ent.orgId)).toThrow(expect.objectContaining({ status: 404 }));
  });

  it("the timeline holds admission, requests, visits in date order (newest first)", () => {
    w.ctx.clock.ms = at("2026-03-03");
    const { request } = raiseServiceRequest(w.ctx, w.ent, { id: "req-tl-1", kind: "financing", title: "贷款对接", body: "需要流动资金" });
    w.ctx.clock.ms = at("2026-03-05");
    moveServiceRequest(w.ctx, w.specialist, request.id, { to: "in_progress" });
    recordVisit(w.ctx, w.specialist, { id: "visit-tl-1", enterpriseOrgId: w.ent.orgId, kind: "survey", visitedOn: "2026-03-04", participants: ["王经理"], findings: "问卷：融资需求 500 万" });
    const { timeline } = enterpriseServicePage(w.ctx, w.specialist, w.ent.orgId);
    expect(timeline.map((t) => [t.at, t.kind])).toEqual([
      ["2026-03-05", "request.started"],
      ["2026-03-04", "visit.survey"],
      ["2026-03-03", "request.opened"],
      ["2026-03-02", "assigned"],
      ["2026-01-05", "admitted"],
    ]);
  });
});

describe("visits", () => {
  it("records a visit with follow-ups; one becomes a service request at once, another later; dates in the future are refused", () => {
    recordVisit(w.ctx, w.specialist, {
      id: "visit-fu-1",
      enterpriseOrgId: w.ent.orgId,
      kind: "visit",
      visitedOn: "2026-03-02",
      participants: ["王经理", "财务总监"],
      findings: "企业计划 2027 年启动股改，需要辅导券商推荐。",
      followUps: [
        { text: "推荐两家辅导券商", kind: "listing_advice", asRequest: true },
        { text: "组织一次股权激励培训", kind: "training", asRequest: false },
      ],
    });
    const fus = w.ctx.db.select().from(visitFollowUps).all();
    const converted = fus.find((f) => f.kind === "listing_advice")!;
    expect(converted.serviceRequestId).not.toBeNull();
    expect(w.ctx.db.select().from(serviceRequests).where(eq(serviceRequests.id, converted.serviceRequestId!)).get()).toMatchObject({ enterpriseOrgId: w.ent.orgId, kind: "listing_advice", assigneeUserId: w.specialist.userId });
    const later = fus.find((f) => f.kind === "training")!;
    expect(followUpToRequest(w.ctx, w.specialist, later.id).kind).toBe("training");
    expect(() => followUpToRequest(w.ctx, w.specialist, later.id)).toThrow(expect.objectContaining({ message: "staff:errors.followUpConverted" }));
    expect(() => recordVisit(w.ctx, w.specialist, { id: "visit-fu-2", enterpriseOrgId: w.ent.orgId, kind: "visit", visitedOn: "2026-03-09", participants: ["x"], findings: "未来的走访" })).toThrow(
      expect.objectContaining({ message: "staff:errors.visitInFuture" }),
    );
    expect(() => recordVisit(w.ctx, w.ent, { id: "visit-fu-3", enterpriseOrgId: w.ent.orgId, kind: "visit", visitedOn: "2026-03-02", participants: ["x"], findings: "企业自己记录" })).toThrow(
      expect.objectContaining({ status: 403 }),
    );
  });

  it("keeps attachments on a visit, checked by content, for exchange staff", () => {
    w.ctx.config = { ...w.ctx.config, dataDir: fs.mkdtempSync(path.join(os.tmpdir(), "visit-")) };
    recordVisit(w.ctx, w.specialist, { id: "visit-file-1", enterpriseOrgId: w.ent.orgId, kind: "visit", visitedOn: "2026-03-02", participants: ["王经理"], findings: "现场查看产线" });
    expect(() => attachVisitFile(w.ctx, w.specialist, "visit-file-1", { fileName: "a.png", bytes: new TextEncoder().encode("GIF89a") })).toThrow(expect.objectContaining({ message: "messaging:errors.fileType" }));
    attachVisitFile(w.ctx, w.specialist, "visit-file-1", { fileName: "纪要.pdf", bytes: new TextEncoder().encode("%PDF-1.4\n%x\n") });
    expect(listVisits(w.ctx, w.otherSpecialist, w.ent.orgId)[0]!.files.map((f) => f.fileName)).toEqual(["纪要.pdf"]);
    expect(() => attachVisitFile(w.ctx, w.ent, "visit-file-1", { fileName: "x.pdf", bytes: new TextEncoder().encode("%PDF-1.4\n") })).toThrow(expect.objectContaining({ status: 403 }));
  });
});
