import fs from "node:fs";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { translator } from "~/i18n/i18n.server";
import type { Actor } from "~/modules/identity/actor";
import { createTestContext, type TestContext } from "@test/support/context";
import { appendAudit } from "./audit.server";
import { auditHref, auditHrefFor, auditQuery, auditRowsForExport, searchAudit } from "./audit-reader.server";
import { auditEventLabel, auditSubjectLabel } from "./describe";
import { makeActor } from "@test/support/actors";

let ctx: TestContext;
let staff: Actor;
let ent: Actor;
let bank: Actor;
const DAY = 86_400_000;

beforeEach(() => {
  ctx = createTestContext();
  staff = makeActor(ctx, { orgKind: "exchange", roles: ["exchange_admin"], orgName: "新疆股权交易中心" });
  ent = makeActor(ctx, { orgKind: "enterprise", orgName: "金沙锂电" });
  bank = makeActor(ctx, { orgKind: "institution", orgName: "天山银行" });
  appendAudit(ctx, { actorUserId: bank.userId, actorOrgId: bank.orgId, action: "offer.submitted", subjectType: "offer", subjectId: "of000016seed", enterpriseOrgId: ent.orgId });
  ctx.clock.advance(DAY);
  appendAudit(ctx, { actorUserId: staff.userId, actorOrgId: staff.orgId, action: "product_application.reviewing", subjectType: "product_application", subjectId: "pa1", enterpriseOrgId: ent.orgId });
  ctx.clock.advance(DAY);
  appendAudit(ctx, { actorUserId: null, actorOrgId: staff.orgId, action: "board.custody.reminded", subjectType: "custody", subjectId: "c1", enterpriseOrgId: null });
});

const q = (o: Record<string, string> = {}) => auditQuery.parse(o);

describe("the readable audit log", () => {
  it("names events and objects in the reader's language, with links", async () => {
    const zh = await translator("zh-CN", "audit");
    const en = await translator("en", "audit");
    const rows = searchAudit(ctx, staff, q()).rows;
    const offer = rows.find((r) => r.action === "offer.submitted")!;
    expect(auditEventLabel(zh, offer.action)).toBe("提交报价");
    expect(auditEventLabel(en, offer.action)).toBe("Offer submitted");
    expect(auditSubjectLabel(zh, offer)).toBe("报价 · 金沙锂电");
    expect(offer).toMatchObject({ actorName: bank.name, actorOrgName: "天山银行", href: "/market/offers/of000016seed" });
    expect(auditEventLabel(zh, "product_application.reviewing")).toBe("产品申请审核中");
    expect(auditEventLabel(zh, "something.new")).toBe("其他事件（something.new）");
    expect(auditHref({ subjectType: "service_request", subjectId: "r 1", enterpriseOrgId: null })).toBe("/service-requests/r%201");
  });

  it("filters by actor, organisation, kind and date", () => {
    expect(searchAudit(ctx, staff, q({ kind: "offer" })).rows.map((r) => r.action)).toEqual(["offer.submitted"]);
    expect(searchAudit(ctx, staff, q({ actor: staff.name })).rows.map((r) => r.action)).toEqual(["product_application.reviewing"]);
    // The organisation filter matches who acted or whose data it is.
    expect(searchAudit(ctx, staff, q({ org: "金沙" })).rows).toHaveLength(2);
    expect(searchAudit(ctx, staff, q({ org: "天山银行" })).rows).toHaveLength(1);
    expect(searchAudit(ctx, staff, q({ from: "2026-03-03", to: "2026-03-03" })).rows.map((r) => r.action)).toEqual(["product_application.reviewing"]);
    expect(auditRowsForExport(ctx, staff, { kind: "board" })).toHaveLength(1);
  });

  it("links only to pages the reader may open", () => {
    const regulator = makeActor(ctx, { orgKind: "regulator" });
    const reviewer = makeActor(ctx, { orgKind: "exchange", roles: ["reviewer"], orgId: staff.orgId });
    const sr = { subjectType: "service_request", subjectId: "r1", enterpriseOrgId: ent.orgId };
    expect(auditHrefFor(staff, sr)).toBe("/service-requests/r1");
    expect(auditHrefFor(regulator, sr)).toBeNull();
    expect(auditHrefFor(regulator, { subjectType: "offer", subjectId: "o1", enterpriseOrgId: null })).toBe("/market/offers/o1");
    expect(auditHrefFor(reviewer, { subjectType: "board_round", subjectId: "r", enterpriseOrgId: null })).toBeNull();
    expect(auditHrefFor(staff, { subjectType: "board_round", subjectId: "r", enterpriseOrgId: null })).toBe("/board/rounds");
    expect(searchAudit(ctx, regulator, q()).rows.find((r) => r.action === "board.custody.reminded")!.href).toBeNull();
  });

  it("is for the exchange and the regulators only", () => {
    expect(() => searchAudit(ctx, bank, q())).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => auditRowsForExport(ctx, ent, {})).toThrow(expect.objectContaining({ status: 403 }));
  });

  it("every event the code records has a name in both languages", async () => {
    const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
    const files = fs.readdirSync(root, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".server.ts"));
    const actions = new Set<string>();
    for (const f of files) for (const m of fs.readFileSync(path.join(root, f), "utf8").matchAll(/action: "([a-z_]+\.[a-z_.]+)"/g)) actions.add(m[1]!);
    expect(actions.size).toBeGreaterThan(40);
    for (const lng of ["zh-CN", "en"]) {
      const t = await translator(lng, "audit");
      expect([...actions].filter((a) => auditEventLabel(t, a).includes(a))).toEqual([]);
    }
  });
});
