import { beforeEach, describe, expect, it } from "vitest";
import { auditLog } from "@db/schema";
import { createEsopPlan, esopRegister, recordEsopEntry, setEsopCustodyAccount } from "./esop.server";
import { at, staffWorld, type StaffWorld } from "@test/support/staff-world";
import { makeActor } from "@test/support/actors";

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

  it("an enterprise not on the board sees an empty register and is told why it cannot register a plan", () => {
    const outsider = makeActor(w.ctx, { orgKind: "enterprise", orgName: "未入板企业" });
    expect(esopRegister(w.ctx, outsider, outsider.orgId)).toEqual([]);
    expect(() => createEsopPlan(w.ctx, outsider, outsider.orgId, { ...plan, id: "esop-plan-003" })).toThrow(expect.objectContaining({ message: "staff:errors.notOnBoard" }));
  });
});
