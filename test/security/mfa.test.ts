// ASVS V6.3/V6.5 (multi-factor): TOTP with recovery codes; required for exchange staff, regulators and bureaus;
// a password alone opens only a pending session; codes work once; attempts are rate limited; sessions record MFA.
import { eq } from "drizzle-orm";
import { generateSync } from "otplib";
import { describe, expect, it } from "vitest";
import { sessions } from "@db/schema";
import { logIn } from "~/modules/identity/accounts.server";
import { hashPassword } from "~/modules/identity/password.server";
import { beginEnrolment, confirmEnrolment, regenerateRecoveryCodes, resetMemberMfa, verifySecondFactor } from "~/modules/identity/mfa.server";
import { actorForSession, createSession, hashToken } from "~/modules/identity/sessions.server";
import { createTestContext, type TestContext } from "@test/support/context";
import { users } from "@db/schema";
import { makeActor, makeOrg } from "@test/support/actors";

const PASSWORD = "correct horse battery";
const codeAt = (ctx: TestContext, secret: string, offsetSeconds = 0) => generateSync({ secret, epoch: Math.floor(ctx.clock.now() / 1000) + offsetSeconds });

async function userOf(ctx: TestContext, kind: "exchange" | "regulator" | "bureau" | "enterprise") {
  const actor = makeActor(ctx, { orgId: makeOrg(ctx, kind), roles: kind === "exchange" ? ["reviewer"] : ["org_admin"] });
  ctx.db.update(users).set({ passwordHash: await hashPassword(PASSWORD) }).where(eq(users.id, actor.userId)).run();
  return actor;
}

const stageOf = (ctx: TestContext, token: string) => ctx.db.select().from(sessions).where(eq(sessions.id, hashToken(token))).get()!;

describe("MFA required for exchange staff, regulators and bureaus", () => {
  it.each(["exchange", "regulator", "bureau"] as const)("a %s password sign-in must enrol before it acts", async (kind) => {
    const ctx = createTestContext();
    const actor = await userOf(ctx, kind);
    const { session } = await logIn(ctx, { email: actor.email, password: PASSWORD });
    expect(session.stage).toBe("enrol");
    expect(actorForSession(ctx, session.token)).toBeNull();
    const { secret, uri } = beginEnrolment(ctx, actor.userId);
    expect(uri).toContain("otpauth://totp/");
    const { recoveryCodes } = confirmEnrolment(ctx, actor.userId, codeAt(ctx, secret), stageOf(ctx, session.token).id);
    expect(recoveryCodes).toHaveLength(10);
    expect(actorForSession(ctx, session.token)?.userId).toBe(actor.userId);
    expect(stageOf(ctx, session.token).mfaAt).toBe(ctx.clock.now());
  });

  it("an enterprise signs in with its password alone unless it turned MFA on", async () => {
    const ctx = createTestContext();
    const actor = await userOf(ctx, "enterprise");
    const first = await logIn(ctx, { email: actor.email, password: PASSWORD });
    expect(first.session.stage).toBe("full");
    expect(stageOf(ctx, first.session.token).mfaAt).toBeNull();
    const { secret } = beginEnrolment(ctx, actor.userId);
    confirmEnrolment(ctx, actor.userId, codeAt(ctx, secret));
    ctx.clock.advance(60_000);
    const second = await logIn(ctx, { email: actor.email, password: PASSWORD });
    expect(second.session.stage).toBe("mfa");
    expect(actorForSession(ctx, second.session.token)).toBeNull();
  });
});

describe("the second step", () => {
  async function enrolled() {
    const ctx = createTestContext();
    const actor = await userOf(ctx, "exchange");
    const { secret } = beginEnrolment(ctx, actor.userId);
    const { recoveryCodes } = confirmEnrolment(ctx, actor.userId, codeAt(ctx, secret));
    ctx.clock.advance(60_000);
    const { session } = await logIn(ctx, { email: actor.email, password: PASSWORD });
    return { ctx, actor, secret, recoveryCodes, token: session.token };
  }

  it("accepts a current code once; the same code cannot be replayed", async () => {
    const { ctx, actor, secret, token } = await enrolled();
    const code = codeAt(ctx, secret);
    expect(verifySecondFactor(ctx, token, { code }).userId).toBe(actor.userId);
    expect(actorForSession(ctx, token)?.userId).toBe(actor.userId);
    const again = await logIn(ctx, { email: actor.email, password: PASSWORD });
    expect(() => verifySecondFactor(ctx, again.session.token, { code })).toThrow("identity:mfa.invalidCode");
  });

  it("a recovery code works once", async () => {
    const { ctx, actor, recoveryCodes, token } = await enrolled();
    expect(verifySecondFactor(ctx, token, { recoveryCode: recoveryCodes[0] }).usedRecoveryCode).toBe(true);
    const again = await logIn(ctx, { email: actor.email, password: PASSWORD });
    expect(() => verifySecondFactor(ctx, again.session.token, { recoveryCode: recoveryCodes[0] })).toThrow("identity:mfa.invalidCode");
  });

  it("five wrong codes block further attempts, even the right one", async () => {
    const { ctx, secret, token } = await enrolled();
    for (let i = 0; i < 4; i++) expect(() => verifySecondFactor(ctx, token, { code: "000000" })).toThrow("identity:mfa.invalidCode");
    expect(() => verifySecondFactor(ctx, token, { code: "000000" })).toThrow("errors.rateLimited");
    expect(() => verifySecondFactor(ctx, token, { code: codeAt(ctx, secret) })).toThrow("errors.rateLimited");
    expect(actorForSession(ctx, token)).toBeNull();
  });

  it("enrolment attempts are rate limited too", async () => {
    const ctx = createTestContext();
    const actor = await userOf(ctx, "regulator");
    beginEnrolment(ctx, actor.userId);
    for (let i = 0; i < 4; i++) expect(() => confirmEnrolment(ctx, actor.userId, "123456")).toThrow("identity:mfa.invalidCode");
    expect(() => confirmEnrolment(ctx, actor.userId, "123456")).toThrow("errors.rateLimited");
  });
});

describe("recovery when codes run low or the authenticator is lost", () => {
  it("new recovery codes need a current code and replace the old ones", async () => {
    const ctx = createTestContext();
    const actor = await userOf(ctx, "exchange");
    const { secret } = beginEnrolment(ctx, actor.userId);
    const { recoveryCodes: old } = confirmEnrolment(ctx, actor.userId, codeAt(ctx, secret));
    ctx.clock.advance(30_000);
    expect(() => regenerateRecoveryCodes(ctx, actor.userId, "000000")).toThrow();
    const { recoveryCodes: fresh } = regenerateRecoveryCodes(ctx, actor.userId, codeAt(ctx, secret));
    expect(fresh).toHaveLength(10);
    expect(fresh).not.toContain(old[0]);
    const { session } = await logIn(ctx, { email: actor.email, password: PASSWORD });
    expect(() => verifySecondFactor(ctx, session.token, { recoveryCode: old[0] })).toThrow();
    expect(verifySecondFactor(ctx, session.token, { recoveryCode: fresh[0] }).usedRecoveryCode).toBe(true);
  });

  it("the organisation's admin resets a member's second factor: sessions end, the next sign-in enrols again; nobody resets their own", async () => {
    const ctx = createTestContext();
    const member = await userOf(ctx, "exchange");
    const { secret } = beginEnrolment(ctx, member.userId);
    confirmEnrolment(ctx, member.userId, codeAt(ctx, secret));
    const admin = makeActor(ctx, { orgId: member.orgId, roles: ["org_admin"] });
    const outsider = await userOf(ctx, "enterprise");
    const live = createSession(ctx, member.userId);
    expect(() => resetMemberMfa(ctx, outsider, member.orgId, member.userId)).toThrow();
    expect(() => resetMemberMfa(ctx, admin, member.orgId, admin.userId)).toThrow();
    resetMemberMfa(ctx, admin, member.orgId, member.userId);
    expect(actorForSession(ctx, live.token)).toBeNull();
    const { session } = await logIn(ctx, { email: member.email, password: PASSWORD });
    expect(session.stage).toBe("enrol");
  });
});
