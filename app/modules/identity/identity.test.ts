import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { mailOutbox, memberships, organisations, users, type OrgKind } from "@db/schema";
import { actorOf, signUpEnterprise, signUpInstitution } from "@test/support/accounts";
import { createTestContext, type TestContext } from "@test/support/context";
import { listOutbox } from "../messaging/mail.server";
import { verifyAuditChain } from "../audit/audit.server";
import { logIn, signUp } from "./accounts.server";
import { acceptInvitation, findOpenInvitation, inviteMember, listMembers, removeMember, revokeInvitation } from "./invitations.server";
import { createAuthority, getOrganisation, listOrganisations } from "./organisations.server";
import { requestPasswordReset, resetPassword } from "./password-reset.server";
import { listDivisionRoutes, prefectureForDivision, saveDivisionRoute } from "./routing.server";
import { generateSync } from "otplib";
import { DEMO_TOTP_SECRET } from "@seed/world";
import { verifySecondFactor } from "./mfa.server";
import { actorForSession, revokeAllSessions } from "./sessions.server";
import { makeUscc } from "@test/support/uscc";
import { demoWorldContext } from "@test/support/demo-world";

const BASE = "http://localhost:3000";
let ctx: TestContext;
beforeEach(() => {
  ctx = createTestContext();
});

function tokenFromLastMail(to: string): string {
  const mail = ctx.db.select().from(mailOutbox).where(eq(mailOutbox.to, to)).all().at(-1);
  const match = mail?.body.match(/\/(?:invite|reset-password)\/([A-Za-z0-9_-]+)/);
  if (!match) throw new Error(`no link in mail to ${to}`);
  return match[1]!;
}

describe("enterprise sign-up", () => {
  it("derives the prefecture from the USCC's division code, XPCC cities by the routing table", async () => {
    const urumqi = await signUpEnterprise(ctx, { division: "650106" });
    const shihezi = await signUpEnterprise(ctx, { division: "659001" });
    const org = (id: string) => ctx.db.select().from(organisations).where(eq(organisations.id, id)).get()!;
    expect(org(urumqi.orgId).prefectureCode).toBe("6501");
    expect(org(shihezi.orgId).prefectureCode).toBe("6542");
    expect(urumqi.actor.roles).toEqual(["org_admin"]);
    expect(verifyAuditChain(ctx).checked).toBe(2);
  });

  it("refuses a duplicate USCC with a clear message and creates nothing", async () => {
    const uscc = makeUscc();
    await signUp(ctx, { kind: "enterprise", orgName: "甲公司", uscc, name: "甲", email: "a@x.example", password: "long enough pw" });
    const before = ctx.db.select().from(organisations).all().length;
    await expect(
      signUp(ctx, { kind: "enterprise", orgName: "乙公司", uscc, name: "乙", email: "b@x.example", password: "long enough pw" }),
    ).rejects.toMatchObject({ status: 409, message: "identity:signup.usccTaken", field: "uscc" });
    expect(ctx.db.select().from(organisations).all().length).toBe(before);
    expect(ctx.db.select().from(users).where(eq(users.email, "b@x.example")).get()).toBeUndefined();
  });

  it("refuses a code registered outside Xinjiang", async () => {
    await expect(
      signUp(ctx, { kind: "enterprise", orgName: "福州公司", uscc: "91350100M000100Y43", name: "x", email: "fz@x.example", password: "long enough pw" }),
    ).rejects.toMatchObject({ message: "uscc.outsideXinjiang", field: "uscc" });
  });

  it("refuses a taken email without creating the org", async () => {
    await signUpInstitution(ctx);
    const taken = ctx.db.select().from(users).get()!.email;
    await expect(
      signUp(ctx, { kind: "institution", orgName: "某银行", institutionType: "bank", name: "x", email: taken, password: "long enough pw" }),
    ).rejects.toMatchObject({ field: "email" });
    expect(ctx.db.select().from(organisations).where(eq(organisations.name, "某银行")).get()).toBeUndefined();
  });
});

describe("login", () => {
  it("gives one generic message for an unknown email and for a wrong password", async () => {
    const { actor } = await signUpInstitution(ctx);
    // Both run at once and both are awaited together: whichever refuses first is already being watched (awaiting one
    // after the other left the second's refusal unhandled for a moment, which vitest reports as an error).
    await Promise.all([
      expect(logIn(ctx, { email: actor.email, password: "nope nope nope" })).rejects.toMatchObject({ message: "identity:login.invalid" }),
      expect(logIn(ctx, { email: "nobody@x.example", password: "nope nope nope" })).rejects.toMatchObject({ message: "identity:login.invalid" }),
    ]);
  });

  it("blocks an account after 5 failures with the time to try again, and lets it in after the block", async () => {
    const { actor } = await signUpInstitution(ctx);
    for (let i = 0; i < 4; i++) await expect(logIn(ctx, { email: actor.email, password: "wrong-wrong" }, { ip: `10.0.0.${i}` })).rejects.toMatchObject({ status: 422 });
    const blocked = logIn(ctx, { email: actor.email, password: "wrong-wrong" }, { ip: "10.0.0.9" });
    await expect(blocked).rejects.toMatchObject({ status: 429, values: { retryAt: ctx.clock.now() + 15 * 60_000 } });
    // Even the right password waits until the block ends.
    await expect(logIn(ctx, { email: actor.email, password: "correct horse battery" })).rejects.toMatchObject({ status: 429 });
    ctx.clock.advance(15 * 60_000 + 1);
    const ok = await logIn(ctx, { email: actor.email, password: "correct horse battery" });
    expect(actorForSession(ctx, ok.session.token)?.userId).toBe(actor.userId);
  });

  it("blocks an IP that tries many accounts", async () => {
    for (let i = 0; i < 20; i++) await logIn(ctx, { email: `u${i}@x.example`, password: "whatever-x" }, { ip: "203.0.113.5" }).catch(() => undefined);
    await expect(logIn(ctx, { email: "other@x.example", password: "whatever-x" }, { ip: "203.0.113.5" })).rejects.toMatchObject({ status: 429 });
  });

  it("sessions expire and can all be revoked", async () => {
    const { actor, session } = await signUpInstitution(ctx);
    expect(actorForSession(ctx, session.token)).not.toBeNull();
    revokeAllSessions(ctx, actor.userId);
    expect(actorForSession(ctx, session.token)).toBeNull();
    const again = await logIn(ctx, { email: actor.email, password: "correct horse battery" });
    ctx.clock.advance(31 * 24 * 3600_000);
    expect(actorForSession(ctx, again.session.token)).toBeNull();
  });
});

describe("invitations", () => {
  it("invites a colleague by a single-use expiring link", async () => {
    const { actor, orgId } = await signUpEnterprise(ctx);
    await inviteMember(ctx, actor, orgId, { email: "colleague@x.example", role: "member" }, BASE);
    const token = tokenFromLastMail("colleague@x.example");
    const accepted = await acceptInvitation(ctx, token, { name: "同事", password: "another long one" });
    expect(actorOf(ctx, accepted.userId)).toMatchObject({ orgId, roles: ["member"] });
    await expect(acceptInvitation(ctx, token, { name: "同事", password: "another long one" })).rejects.toMatchObject({ status: 404 });
  });

  it("an invitation expires after 7 days", async () => {
    const { actor, orgId } = await signUpEnterprise(ctx);
    await inviteMember(ctx, actor, orgId, { email: "late@x.example", role: "member" }, BASE);
    ctx.clock.advance(7 * 24 * 3600_000 + 1);
    expect(() => findOpenInvitation(ctx, tokenFromLastMail("late@x.example"))).toThrow(/invalidOrExpired/);
  });

  it("exchange-only roles cannot be given in other organisations", async () => {
    const { actor, orgId } = await signUpInstitution(ctx);
    await expect(inviteMember(ctx, actor, orgId, { email: "r@x.example", role: "reviewer" }, BASE)).rejects.toMatchObject({ field: "role" });
  });

  it("a plain member cannot invite, and the last admin cannot be removed", async () => {
    const { actor, orgId } = await signUpEnterprise(ctx);
    await inviteMember(ctx, actor, orgId, { email: "m@x.example", role: "member" }, BASE);
    const member = await acceptInvitation(ctx, tokenFromLastMail("m@x.example"), { name: "成员", password: "another long one" });
    const memberActor = actorOf(ctx, member.userId);
    await expect(inviteMember(ctx, memberActor, orgId, { email: "z@x.example", role: "member" }, BASE)).rejects.toMatchObject({ status: 403 });
    const adminMembership = ctx.db.select().from(memberships).where(eq(memberships.userId, actor.userId)).get()!;
    expect(() => removeMember(ctx, actor, adminMembership.id)).toThrow(/lastAdmin/);
  });

  it("removing a member's only membership ends their sessions", async () => {
    const { actor, orgId } = await signUpEnterprise(ctx);
    await inviteMember(ctx, actor, orgId, { email: "gone@x.example", role: "member" }, BASE);
    const member = await acceptInvitation(ctx, tokenFromLastMail("gone@x.example"), { name: "将离开", password: "another long one" });
    const m = ctx.db.select().from(memberships).where(eq(memberships.userId, member.userId)).get()!;
    removeMember(ctx, actor, m.id);
    expect(actorForSession(ctx, member.session.token)).toBeNull();
  });
});

describe("another organisation's objects are out of reach", () => {
  it("members, invitations, organisations, routing and the mail outbox", async () => {
    const a = await signUpEnterprise(ctx);
    const b = await signUpInstitution(ctx);
    const { id: invitationId } = await inviteMember(ctx, a.actor, a.orgId, { email: "new@x.example", role: "member" }, BASE);
    const aMembership = ctx.db.select().from(memberships).where(eq(memberships.orgId, a.orgId)).get()!;

    expect(() => listMembers(ctx, b.actor, a.orgId)).toThrow(expect.objectContaining({ status: 404 }));
    expect(() => removeMember(ctx, b.actor, aMembership.id)).toThrow(expect.objectContaining({ status: 404 }));
    expect(() => revokeInvitation(ctx, b.actor, invitationId)).toThrow(expect.objectContaining({ status: 404 }));
    await expect(inviteMember(ctx, b.actor, a.orgId, { email: "evil@x.example", role: "org_admin" }, BASE)).rejects.toMatchObject({ status: 403 });
    expect(() => getOrganisation(ctx, b.actor, a.orgId)).toThrow(expect.objectContaining({ status: 404 }));
    expect(() => listOrganisations(ctx, b.actor, { page: 1 })).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => saveDivisionRoute(ctx, a.actor, { prefix: "659001", labelZh: "石河子", labelEn: "Shihezi", prefectureCode: "6523" })).toThrow(
      expect.objectContaining({ status: 403 }),
    );
    expect(() => listDivisionRoutes(ctx, a.actor)).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => listOutbox(ctx, a.actor)).toThrow(expect.objectContaining({ status: 403 }));
    await expect(createAuthority(ctx, a.actor, { kind: "bureau", name: "假工信局", prefectureCode: "6501", adminEmail: "x@x.example" }, BASE)).rejects.toMatchObject({ status: 403 });
  });
});

describe("exchange administration", () => {
  it("creates a bureau once per prefecture and invites its admin; re-routes an XPCC city", async () => {
    let world;
    ({ ctx, world } = await demoWorldContext());
    const admin = actorOf(ctx, world.userIdByEmail.get("admin@xjex.demo")!);
    await expect(createAuthority(ctx, admin, { kind: "bureau", name: "重复", prefectureCode: "6501", adminEmail: "dup@x.example" }, BASE)).rejects.toMatchObject({ status: 409 });
    saveDivisionRoute(ctx, admin, { prefix: "659001", labelZh: "石河子市", labelEn: "Shihezi", prefectureCode: "6523" });
    expect(prefectureForDivision(ctx, "659001")).toBe("6523");
    expect(listDivisionRoutes(ctx, admin).find((r) => r.prefix === "659001")?.prefectureCode).toBe("6523");
    expect(listOrganisations(ctx, admin, { kind: "bureau", page: 1 }).total).toBe(14);
    expect(listOutbox(ctx, admin).rows.filter((m) => m.to === "dup@x.example")).toEqual([]);
  });

  it("the demo world has the promised shape and every demo user can log in", async () => {
    ({ ctx } = await demoWorldContext());
    const count = (kind: OrgKind) => ctx.db.select().from(organisations).where(eq(organisations.kind, kind)).all().length;
    expect(count("enterprise")).toBe(40);
    expect(count("institution")).toBe(12);
    expect(count("bureau")).toBe(14);
    expect(count("regulator")).toBe(3);
    const prefecturesUsed = new Set(ctx.db.select().from(organisations).where(eq(organisations.kind, "enterprise")).all().map((o) => o.prefectureCode));
    expect(prefecturesUsed.size).toBeGreaterThanOrEqual(8);
    expect(prefecturesUsed.has(null)).toBe(false);
    // Exchange staff are seeded with the demo TOTP secret: the password opens a pending session, the code completes it.
    const r = await logIn(ctx, { email: "reviewer@xjex.demo", password: "Demo@2026!" });
    expect(r.session.stage).toBe("mfa");
    verifySecondFactor(ctx, r.session.token, { code: generateSync({ secret: DEMO_TOTP_SECRET, epoch: Math.floor(ctx.clock.now() / 1000) }) });
    expect(actorForSession(ctx, r.session.token)).toMatchObject({ orgKind: "exchange", roles: ["reviewer"] });
  });
});

describe("password reset", () => {
  it("sends a one-hour link, sets the new password and signs out everywhere", async () => {
    const { actor, session } = await signUpInstitution(ctx);
    await requestPasswordReset(ctx, actor.email, BASE);
    await requestPasswordReset(ctx, "nobody@x.example", BASE);
    const token = tokenFromLastMail(actor.email);
    await resetPassword(ctx, token, "a brand new password");
    expect(actorForSession(ctx, session.token)).toBeNull();
    await expect(logIn(ctx, { email: actor.email, password: "correct horse battery" })).rejects.toMatchObject({ status: 422 });
    await expect(logIn(ctx, { email: actor.email, password: "a brand new password" })).resolves.toBeDefined();
    await expect(resetPassword(ctx, token, "yet another password")).rejects.toMatchObject({ status: 404 });
    expect(ctx.db.select().from(mailOutbox).where(eq(mailOutbox.to, "nobody@x.example")).all()).toEqual([]);
  });
});
