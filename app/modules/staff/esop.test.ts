import { beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { auditLog, notifications } from "@db/schema";
import { addEsopParticipant, createEsopPlan, esopRegister, recordEsopEntry, sendEsopDisclosure, setEsopCustodyAccount } from "./esop.server";
import { makeActor } from "~/modules/board/testing";
import { at, staffWorld, type StaffWorld } from "./testing";

let w: StaffWorld;
let seq = 0;
const eid = () => `esop-entry-${++seq}`;
const plan = { id: "esop-plan-001", name: "2026 年限制性股票激励计划", kind: "restricted_stock" as const, poolShares: 1_000_000, approvedOn: "2026-01-10", audience: "participants" as const };
const entry = (o: Partial<Parameters<typeof recordEsopEntry>[2]> & { kind: "grant" | "vest" | "transfer" | "forfeit"; holderName: string; shares: number }) =>
  recordEsopEntry(w.ctx, w.ent, { id: eid(), planId: plan.id, effectiveOn: "2026-03-01", disclosure: "已在激励对象范围内公示", ...o });

beforeEach(() => {
  w = staffWorld();
  w.ctx.clock.ms = at("2026-04-10");
  createEsopPlan(w.ctx, w.ent, w.ent.orgId, plan);
});

describe("the ESOP register", () => {
  it("keeps grants within the pool, vests and forfeits only the unvested, transfers only what was vested", () => {
    entry({ kind: "grant", holderName: "张工", shares: 600_000 });
    entry({ kind: "grant", holderName: "李工", shares: 300_000 });
    expect(() => entry({ kind: "grant", holderName: "王工", shares: 100_001 })).toThrow(expect.objectContaining({ message: "staff:errors.esopPoolExceeded" }));
    entry({ kind: "vest", holderName: "张工", shares: 200_000 });
    expect(() => entry({ kind: "vest", holderName: "李工", shares: 300_001 })).toThrow(expect.objectContaining({ message: "staff:errors.esopNotEnoughUnvested" }));
    entry({ kind: "forfeit", holderName: "李工", shares: 100_000 });
    // The forfeited shares go back to the pool.
    entry({ kind: "grant", holderName: "王工", shares: 200_000 });
    expect(() => entry({ kind: "transfer", holderName: "张工", toHolderName: "员工持股平台", shares: 200_001 })).toThrow(expect.objectContaining({ message: "staff:errors.esopNotEnoughHeld" }));
    expect(() => entry({ kind: "transfer", holderName: "张工", shares: 10 })).toThrow(expect.objectContaining({ message: "staff:errors.esopTransferTo" }));
    entry({ kind: "transfer", holderName: "张工", toHolderName: "员工持股平台", shares: 50_000 });
    const [p] = esopRegister(w.ctx, w.ent, w.ent.orgId);
    expect(p!.poolLeft).toBe(0);
    expect(p!.holders.find((h) => h.holderName === "张工")).toMatchObject({ granted: 600_000, vested: 200_000, unvested: 400_000, held: 150_000 });
    expect(p!.holders.find((h) => h.holderName === "员工持股平台")).toMatchObject({ held: 50_000 });
    expect(p!.holders.find((h) => h.holderName === "李工")).toMatchObject({ unvested: 200_000, forfeited: 100_000 });
    expect(p!.entries.every((e) => e.disclosure.length > 0)).toBe(true);
    expect(w.ctx.db.select().from(auditLog).all().filter((e) => e.action.startsWith("staff.esop.")).length).toBe(7);
  });

  it("refuses entries before the plan or in the future", () => {
    expect(() => entry({ kind: "grant", holderName: "张工", shares: 1, effectiveOn: "2026-01-09" })).toThrow(expect.objectContaining({ message: "staff:errors.esopBeforePlan" }));
    expect(() => entry({ kind: "grant", holderName: "张工", shares: 1, effectiveOn: "2026-04-11" })).toThrow(expect.objectContaining({ message: "staff:errors.stageInFuture" }));
  });

  it("the enterprise keeps its own; the exchange reads it and records the custody account; others cannot see it", () => {
    setEsopCustodyAccount(w.ctx, w.specialist, plan.id, "XJEX-ESOP-0001");
    expect(esopRegister(w.ctx, w.admin, w.ent.orgId)[0]!.custodyAccountNo).toBe("XJEX-ESOP-0001");
    expect(() => setEsopCustodyAccount(w.ctx, w.ent, plan.id, "XJEX-ESOP-0002")).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => esopRegister(w.ctx, w.otherEnt, w.ent.orgId)).toThrow(expect.objectContaining({ status: 404 }));
    expect(() => esopRegister(w.ctx, w.bank, w.ent.orgId)).toThrow(expect.objectContaining({ status: 404 }));
    expect(() => createEsopPlan(w.ctx, w.otherEnt, w.ent.orgId, { ...plan, id: "esop-plan-002" })).toThrow(expect.objectContaining({ status: 404 }));
    expect(() => recordEsopEntry(w.ctx, w.bank, { id: eid(), planId: plan.id, kind: "grant", holderName: "x", shares: 1, effectiveOn: "2026-03-01", disclosure: "xx" })).toThrow(expect.objectContaining({ status: 404 }));
  });

  it("an entry marked for disclosure is sent to the plan's participants once, recorded and audited", () => {
    const colleague = makeActor(w.ctx, { orgKind: "enterprise", orgId: w.ent.orgId });
    const colleague2 = makeActor(w.ctx, { orgKind: "enterprise", orgId: w.ent.orgId });
    const told = (userId: string) => w.ctx.db.select().from(notifications).where(eq(notifications.userId, userId)).all().filter((n) => JSON.parse(n.payload).key === "staff:notify.esopDisclosed");
    // Nobody to send to yet: a clear refusal, and nothing recorded.
    expect(() => entry({ id: "esop-send-0", kind: "grant", holderName: "张工", shares: 1_000, send: true })).toThrow(expect.objectContaining({ message: "staff:errors.esopNoParticipants" }));
    expect(esopRegister(w.ctx, w.ent, w.ent.orgId)[0]!.entries).toHaveLength(0);
    // Only the enterprise's own users can be participants.
    expect(() => addEsopParticipant(w.ctx, w.ent, { planId: plan.id, userId: w.bank.userId, holderName: "张工" })).toThrow(expect.objectContaining({ message: "staff:errors.esopParticipantNotStaff" }));
    expect(() => addEsopParticipant(w.ctx, w.bank, { planId: plan.id, userId: colleague.userId, holderName: "张工" })).toThrow(expect.objectContaining({ status: 404 }));
    addEsopParticipant(w.ctx, w.ent, { planId: plan.id, userId: colleague.userId, holderName: "张工" });
    addEsopParticipant(w.ctx, w.specialist, { planId: plan.id, userId: colleague2.userId, holderName: "李工" });
    expect(esopRegister(w.ctx, w.ent, w.ent.orgId)[0]!.participants.map((p) => p.holderName)).toEqual(["张工", "李工"].sort((a, b) => a.localeCompare(b)));

    entry({ id: "esop-send-1", kind: "grant", holderName: "张工", shares: 1_000, send: true });
    // A resubmitted form (same id) sends nothing more.
    entry({ id: "esop-send-1", kind: "grant", holderName: "张工", shares: 1_000, send: true });
    expect(told(colleague.userId)).toHaveLength(1);
    expect(told(colleague2.userId)).toHaveLength(1);
    expect(told(w.ent.userId)).toHaveLength(0); // the recorder is not a participant
    expect(JSON.parse(told(colleague.userId)[0]!.payload)).toMatchObject({ values: { plan: plan.name, kind: "grant", holder: "张工", shares: 1_000 }, href: `/esop#plan-${plan.id}` });

    // Recorded without sending, then sent from the register: once.
    entry({ id: "esop-send-2", kind: "grant", holderName: "李工", shares: 2_000 });
    expect(told(colleague2.userId)).toHaveLength(1);
    expect(sendEsopDisclosure(w.ctx, w.ent, "esop-send-2")).toEqual({ sentTo: 2, already: false });
    expect(sendEsopDisclosure(w.ctx, w.specialist, "esop-send-2")).toEqual({ sentTo: 2, already: true });
    expect(told(colleague2.userId)).toHaveLength(2);
    expect(() => sendEsopDisclosure(w.ctx, w.otherEnt, "esop-send-2")).toThrow(expect.objectContaining({ status: 404 }));
    const [p] = esopRegister(w.ctx, w.ent, w.ent.orgId);
    expect(p!.entries.map((e) => [e.id, e.sentTo])).toEqual([["esop-send-1", 2], ["esop-send-2", 2]]);
    expect(w.ctx.db.select().from(auditLog).all().filter((e) => e.action === "staff.esop.disclosure_sent").map((e) => JSON.parse(e.data!).entryId)).toEqual(["esop-send-1", "esop-send-2"]);
  });

  it("an enterprise not on the board sees an empty register and is told why it cannot register a plan", () => {
    const outsider = makeActor(w.ctx, { orgKind: "enterprise", orgName: "未入板企业" });
    expect(esopRegister(w.ctx, outsider, outsider.orgId)).toEqual([]);
    expect(() => createEsopPlan(w.ctx, outsider, outsider.orgId, { ...plan, id: "esop-plan-003" })).toThrow(expect.objectContaining({ message: "staff:errors.notOnBoard" }));
  });
});
