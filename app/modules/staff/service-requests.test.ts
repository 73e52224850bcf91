import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { auditLog, notifications, serviceRequestEvents, serviceRequests, workingDayOverrides, type ServiceRequestState } from "@db/schema";
import { loadSystemActor } from "~/modules/identity/system-actor.server";
import {
  escalateOverdueServiceRequests,
  getServiceRequest,
  listServiceRequests,
  moveServiceRequest,
  raiseServiceRequest,
  rateServiceRequest,
  serviceDueDate,
  TRANSITIONS,
} from "./service-requests.server";
import { at, staffWorld, type StaffWorld } from "@test/support/staff-world";

let w: StaffWorld;
let seq = 0;
const rid = () => `req-test-${++seq}-abcdef`;
const DAY = 86_400_000;

function raise(kind: "financing" | "listing_advice" | "training" | "policy" | "roadshow" | "other" = "financing", actor = w.ent) {
  return raiseServiceRequest(w.ctx, actor, { id: rid(), kind, title: "流动资金贷款对接", body: "希望对接 500 万元流动资金贷款，期限一年。" });
}

/** A request brought to a state through the allowed path. */
function inState(state: ServiceRequestState): string {
  const { request } = raise();
  if (state === "open") return request.id;
  if (state === "closed") {
    moveServiceRequest(w.ctx, w.specialist, request.id, { to: "closed", note: "重复提交" });
    return request.id;
  }
  moveServiceRequest(w.ctx, w.specialist, request.id, { to: "in_progress" });
  if (state === "resolved") moveServiceRequest(w.ctx, w.specialist, request.id, { to: "resolved", note: "已对接两家银行" });
  return request.id;
}

const stateOf = (id: string) => w.ctx.db.select({ s: serviceRequests.state }).from(serviceRequests).where(eq(serviceRequests.id, id)).get()!.s;

beforeEach(() => {
  w = staffWorld();
});

describe("the SLA clock in working days", () => {
  it("counts across Spring Festival 2026 with its 调休 Saturdays (Feb 14 and Feb 28 are working days)", () => {
    // Thu Feb 12: Fri 13 (1), Sat 14 调休 (2), holiday Feb 15–23, Tue 24 (3), 25 (4), 26 (5).
    expect(serviceDueDate(w.ctx, "2026-02-12", "financing")).toEqual({ dueOn: "2026-02-26", calendarCovered: true });
    // … 27 (6), Sat 28 调休 (7), Mar 2 (8), 3 (9), 4 (10).
    expect(serviceDueDate(w.ctx, "2026-02-12", "listing_advice").dueOn).toBe("2026-03-04");
    // Raised on the holiday itself: the clock starts on the first working day after.
    expect(serviceDueDate(w.ctx, "2026-02-17", "policy").dueOn).toBe("2026-02-26");
  });

  it("a request raised on Feb 12 is stored with that due date and is overdue only after it", () => {
    w.ctx.clock.ms = at("2026-02-12");
    const { request } = raise("financing");
    expect(request).toMatchObject({ openedOn: "2026-02-12", dueOn: "2026-02-26", slaWorkingDays: 5, state: "open", assigneeUserId: w.specialist.userId });
    w.ctx.clock.ms = at("2026-02-26");
    expect(getServiceRequest(w.ctx, w.ent, request.id).request.overdue).toBe(false);
    w.ctx.clock.ms = at("2026-02-27");
    expect(getServiceRequest(w.ctx, w.ent, request.id).request.overdue).toBe(true);
  });

  it("staff overrides win over the official calendar", () => {
    w.ctx.db.insert(workingDayOverrides).values({ date: "2026-02-25", isWorkday: false, note: "test" }).run();
    expect(serviceDueDate(w.ctx, "2026-02-12", "financing").dueOn).toBe("2026-02-27");
  });

  it("says so when the due date falls in a year with no official calendar yet (provisional due date)", () => {
    w.ctx.clock.ms = at("2026-12-28");
    const r = raise("listing_advice");
    expect(r.calendarCovered).toBe(false);
    expect(r.request.dueOn > "2027-01-01").toBe(true);
    // Once staff enter 2027's days, a new request's due date is no longer provisional.
    w.ctx.db.insert(workingDayOverrides).values({ date: "2027-01-01", isWorkday: false, note: "元旦" }).run();
    expect(raise("listing_advice").calendarCovered).toBe(true);
  });
});

describe("raising a request", () => {
  it("routes the enterprise's request to its service person, who is notified; the audit chain records it", () => {
    const { request, created } = raise();
    expect(created).toBe(true);
    const note = w.ctx.db.select().from(notifications).where(eq(notifications.userId, w.specialist.userId)).all();
    expect(note.map((n) => JSON.parse(n.payload).key)).toContain("staff:notify.requestRaised");
    expect(w.ctx.db.select().from(auditLog).all().some((e) => e.action === "staff.service_request.opened" && e.subjectId === request.id)).toBe(true);
  });

  it("is idempotent on the client id", () => {
    const id = rid();
    const first = raiseServiceRequest(w.ctx, w.ent, { id, kind: "training", title: "培训", body: "股改培训需求" });
    const again = raiseServiceRequest(w.ctx, w.ent, { id, kind: "training", title: "培训", body: "股改培训需求" });
    expect(again.created).toBe(false);
    expect(again.request.id).toBe(first.request.id);
    expect(w.ctx.db.select().from(serviceRequests).all()).toHaveLength(1);
  });

  it("the service person may raise one on the enterprise's behalf; another specialist may not", () => {
    const own = raiseServiceRequest(w.ctx, w.specialist, { id: rid(), enterpriseOrgId: w.ent.orgId, kind: "policy", title: "政策咨询", body: "专精特新奖补政策" });
    expect(own.request).toMatchObject({ enterpriseOrgId: w.ent.orgId, raisedByOrgId: w.specialist.orgId });
    expect(() => raiseServiceRequest(w.ctx, w.otherSpecialist, { id: rid(), enterpriseOrgId: w.ent.orgId, kind: "policy", title: "政策咨询", body: "专精特新奖补政策" })).toThrow(
      expect.objectContaining({ status: 403 }),
    );
  });

  it("a bank raising a request is refused with 403, whatever enterprise it names", () => {
    expect(() => raiseServiceRequest(w.ctx, w.bank, { id: rid(), enterpriseOrgId: w.ent.orgId, kind: "financing", title: "贷款", body: "代企业提出" })).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => raiseServiceRequest(w.ctx, w.bank, { id: rid(), enterpriseOrgId: "nope", kind: "financing", title: "贷款", body: "代企业提出" })).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => listServiceRequests(w.ctx, w.bank)).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => raiseServiceRequest(w.ctx, w.regulator, { id: rid(), enterpriseOrgId: w.ent.orgId, kind: "financing", title: "贷款", body: "代企业提出" })).toThrow(expect.objectContaining({ status: 403 }));
  });

  it("another enterprise cannot see a request (404), the bank cannot either", () => {
    const { request } = raise();
    expect(() => getServiceRequest(w.ctx, w.otherEnt, request.id)).toThrow(expect.objectContaining({ status: 404 }));
    expect(() => getServiceRequest(w.ctx, w.bank, request.id)).toThrow(expect.objectContaining({ status: 403 }));
    expect(listServiceRequests(w.ctx, w.otherEnt).total).toBe(0);
    expect(listServiceRequests(w.ctx, w.ent).total).toBe(1);
  });
});

describe("states", () => {
  it("open → in progress → resolved → closed, each step an event and an audit entry", () => {
    const id = inState("resolved");
    moveServiceRequest(w.ctx, w.specialist, id, { to: "closed" });
    expect(stateOf(id)).toBe("closed");
    const kinds = w.ctx.db.select().from(serviceRequestEvents).where(eq(serviceRequestEvents.requestId, id)).all().map((e) => e.kind);
    expect(kinds).toEqual(["opened", "started", "resolved", "closed"]);
    const audited = w.ctx.db.select().from(auditLog).all().filter((e) => e.subjectId === id).map((e) => e.action);
    expect(audited).toEqual(["staff.service_request.opened", "staff.service_request.started", "staff.service_request.resolved", "staff.service_request.closed"]);
  });

  const ALL: ServiceRequestState[] = ["open", "in_progress", "resolved", "closed"];
  const illegal = ALL.flatMap((from) => ALL.filter((to) => !TRANSITIONS[from].includes(to)).map((to) => [from, to] as const));
  it("has illegal moves to test", () => expect(illegal.length).toBeGreaterThanOrEqual(6));
  it.each(illegal)("refuses %s → %s", (from, to) => {
    const id = inState(from);
    expect(() => moveServiceRequest(w.ctx, w.specialist, id, { to, note: "x" })).toThrow(expect.objectContaining({ status: 409, message: "staff:errors.illegalTransition" }));
    expect(stateOf(id)).toBe(from);
  });

  it("resolving needs a resolution", () => {
    const id = inState("in_progress");
    expect(() => moveServiceRequest(w.ctx, w.specialist, id, { to: "resolved" })).toThrow(expect.objectContaining({ message: "staff:errors.resolutionRequired" }));
  });

  it("only the assignee (or the exchange admin) works a request; the enterprise may only withdraw or reopen", () => {
    const id = inState("open");
    expect(() => moveServiceRequest(w.ctx, w.otherSpecialist, id, { to: "in_progress" })).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => moveServiceRequest(w.ctx, w.reviewer, id, { to: "in_progress" })).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => moveServiceRequest(w.ctx, w.ent, id, { to: "resolved", note: "自己解决" })).toThrow(expect.objectContaining({ status: 403 }));
    moveServiceRequest(w.ctx, w.admin, id, { to: "in_progress" });
    moveServiceRequest(w.ctx, w.specialist, id, { to: "resolved", note: "已办结" });
    moveServiceRequest(w.ctx, w.ent, id, { to: "in_progress", note: "还需要补充材料" });
    expect(stateOf(id)).toBe("in_progress");
    moveServiceRequest(w.ctx, w.ent, id, { to: "closed", note: "不再需要" });
    expect(stateOf(id)).toBe("closed");
  });
});

describe("rating", () => {
  it("only after resolution, 1–5, once, by the enterprise", () => {
    const open = inState("in_progress");
    expect(() => rateServiceRequest(w.ctx, w.ent, open, { rating: 5 })).toThrow(expect.objectContaining({ message: "staff:errors.rateAfterResolution" }));
    const id = inState("resolved");
    expect(() => rateServiceRequest(w.ctx, w.ent, id, { rating: 0 })).toThrow(expect.objectContaining({ message: "staff:errors.ratingRange" }));
    expect(() => rateServiceRequest(w.ctx, w.ent, id, { rating: 6 })).toThrow(expect.objectContaining({ message: "staff:errors.ratingRange" }));
    expect(() => rateServiceRequest(w.ctx, w.specialist, id, { rating: 5 })).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => rateServiceRequest(w.ctx, w.otherEnt, id, { rating: 5 })).toThrow(expect.objectContaining({ status: 404 }));
    const rated = rateServiceRequest(w.ctx, w.ent, id, { rating: 4, comment: "响应及时" });
    expect(rated).toMatchObject({ rating: 4, ratingComment: "响应及时" });
    expect(() => rateServiceRequest(w.ctx, w.ent, id, { rating: 5 })).toThrow(expect.objectContaining({ message: "staff:errors.alreadyRated" }));
    // A rated request cannot be reopened to game the rating.
    expect(() => moveServiceRequest(w.ctx, w.ent, id, { to: "in_progress" })).toThrow(expect.objectContaining({ message: "staff:errors.alreadyRated" }));
    // Closed after resolution it can still be rated.
    const other = inState("resolved");
    moveServiceRequest(w.ctx, w.specialist, other, { to: "closed" });
    expect(rateServiceRequest(w.ctx, w.ent, other, { rating: 3 }).rating).toBe(3);
  });
});

describe("escalation", () => {
  it("a request past its due date escalates once to the exchange admins and the assignee, from the scheduler pass", () => {
    loadSystemActor(w.ctx);
    w.ctx.clock.ms = at("2026-02-12");
    const { request } = raise("financing"); // due 2026-02-26
    const done = inState("resolved");
    w.ctx.clock.ms = at("2026-02-26");
    expect(escalateOverdueServiceRequests(w.ctx)).toEqual({ escalated: 0 });
    w.ctx.clock.ms = at("2026-02-27");
    expect(escalateOverdueServiceRequests(w.ctx)).toEqual({ escalated: 1 });
    w.ctx.clock.advance(DAY);
    expect(escalateOverdueServiceRequests(w.ctx)).toEqual({ escalated: 0 });
    const adminNotes = w.ctx.db.select().from(notifications).where(eq(notifications.userId, w.admin.userId)).all();
    expect(adminNotes.map((n) => JSON.parse(n.payload))).toEqual([expect.objectContaining({ key: "staff:notify.requestOverdue", href: `/service-requests/${request.id}` })]);
    expect(w.ctx.db.select().from(serviceRequests).where(eq(serviceRequests.id, done)).get()!.escalatedAt).toBeNull();
    expect(w.ctx.db.select().from(auditLog).all().some((e) => e.action === "staff.service_request.escalated" && e.subjectId === request.id)).toBe(true);
  });
});
