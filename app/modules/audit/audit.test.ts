import { describe, expect, it } from "vitest";
import { createTestContext } from "@test/support/context";
import { appendAudit, verifyAuditChain } from "./audit.server";

describe("audit chain", () => {
  it("links each entry to the previous one and verifies clean", () => {
    const ctx = createTestContext();
    for (let i = 0; i < 5; i++) appendAudit(ctx, { action: "test.step", subjectType: "thing", subjectId: `t${i}`, data: { i } });
    const report = verifyAuditChain(ctx, 2);
    expect(report).toMatchObject({ ok: true, checked: 5, problems: [] });
  });

  it("refuses updates and deletes at the database level", () => {
    const ctx = createTestContext();
    appendAudit(ctx, { action: "a", subjectType: "x", subjectId: "1" });
    expect(() => ctx.db.$client.prepare("UPDATE audit_log SET action = 'b'").run()).toThrow(/append-only/);
    expect(() => ctx.db.$client.prepare("DELETE FROM audit_log").run()).toThrow(/append-only/);
  });

  it("names a tampered row even when someone bypasses the triggers", () => {
    const ctx = createTestContext();
    for (let i = 0; i < 4; i++) appendAudit(ctx, { action: "step", subjectType: "x", subjectId: String(i), data: { amount: 100 * i } });
    ctx.db.$client.exec("DROP TRIGGER audit_log_no_update");
    ctx.db.$client.prepare("UPDATE audit_log SET data = ? WHERE seq = 3").run(JSON.stringify({ amount: 1 }));
    const report = verifyAuditChain(ctx);
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([expect.objectContaining({ seq: 3, problem: "hash_mismatch" })]);
  });
});

describe("who may read the chain", () => {
  it("exchange staff and regulators only", async () => {
    const { assertMayReadAudit } = await import("./audit.server");
    const base = { userId: "u", name: "n", email: "e", locale: "zh-CN", orgId: "o", orgName: "x", institutionType: null, prefectureCode: null, roles: [] };
    expect(() => assertMayReadAudit({ ...base, orgKind: "exchange" })).not.toThrow();
    expect(() => assertMayReadAudit({ ...base, orgKind: "regulator" })).not.toThrow();
    for (const orgKind of ["enterprise", "institution", "bureau"] as const) {
      expect(() => assertMayReadAudit({ ...base, orgKind })).toThrow(expect.objectContaining({ status: 403 }));
    }
  });
});
