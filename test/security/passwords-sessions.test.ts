// ASVS V6.2 (password security) and V7.3 (session timeout): common passwords are refused wherever a password is
// set; a session ends after its idle timeout (sliding) and at its absolute lifetime, both configurable.
import { describe, expect, it } from "vitest";
import { signUp } from "~/modules/identity/accounts.server";
import { createSession, actorForSession } from "~/modules/identity/sessions.server";
import { loadConfig } from "~/utils/config.server";
import { createTestContext } from "@test/support/context";
import { signUpEnterprise } from "@test/support/accounts";
import { makeUscc } from "@test/support/uscc";

let n = 0;
const signUpWith = (ctx: ReturnType<typeof createTestContext>, password: string) =>
  signUp(ctx, { kind: "enterprise", orgName: `口令测试企业${++n}有限公司`, uscc: makeUscc(), name: "测试", email: `pw${n}-${Date.now()}@test.example`, password });

describe("common passwords", () => {
  it.each(["password123", "1234567890", "aaaaaaaaaa", "qwertyuiop", "Password2026"])("refuses %s", async (password) => {
    const ctx = createTestContext();
    await expect(signUpWith(ctx, password)).rejects.toMatchObject({ message: "validation.passwordWeak", field: "password" });
  });

  it("refuses a password built from the user's own e-mail and name", async () => {
    const ctx = createTestContext();
    await expect(
      signUp(ctx, { kind: "enterprise", orgName: "金沙锂电科技有限公司", uscc: makeUscc(), name: "Aygul Tursun", email: "aygul.tursun@jinsha.example", password: "aygul.tursun" }),
    ).rejects.toMatchObject({ message: "validation.passwordWeak" });
  });

  it("accepts a long passphrase", async () => {
    const ctx = createTestContext();
    await expect(signUpWith(ctx, "correct horse battery")).resolves.toMatchObject({ userId: expect.any(String) });
  });
});

describe("session lifetime", () => {
  const ctxWith = (env: Record<string, string>) => {
    const ctx = createTestContext();
    ctx.config = loadConfig({ NODE_ENV: "test", DATABASE_PATH: ":memory:", SESSION_SECRET: "s".repeat(40), ...env });
    return ctx;
  };

  it("ends after the idle timeout, and activity slides it", async () => {
    const ctx = ctxWith({ SESSION_IDLE_MINUTES: "30", SESSION_ABSOLUTE_HOURS: "12" });
    const { actor } = await signUpEnterprise(ctx);
    const { token } = createSession(ctx, actor.userId);
    ctx.clock.advance(29 * 60_000);
    expect(actorForSession(ctx, token)?.userId).toBe(actor.userId); // activity at 29 min
    ctx.clock.advance(29 * 60_000);
    expect(actorForSession(ctx, token)?.userId).toBe(actor.userId); // 58 min after sign-in, 29 idle
    ctx.clock.advance(31 * 60_000);
    expect(actorForSession(ctx, token)).toBeNull(); // 31 min idle
  });

  it("ends at the absolute lifetime however active", async () => {
    const ctx = ctxWith({ SESSION_IDLE_MINUTES: "30", SESSION_ABSOLUTE_HOURS: "2" });
    const { actor } = await signUpEnterprise(ctx);
    const { token } = createSession(ctx, actor.userId);
    for (let i = 0; i < 7; i++) {
      ctx.clock.advance(15 * 60_000);
      expect(actorForSession(ctx, token)?.userId).toBe(actor.userId);
    }
    ctx.clock.advance(16 * 60_000);
    expect(actorForSession(ctx, token)).toBeNull();
  });

  it("defaults to 60 minutes idle and 12 hours absolute, not 30 days", () => {
    const config = loadConfig({ NODE_ENV: "production", DATABASE_PATH: ":memory:", SESSION_SECRET: "s".repeat(40) });
    expect(config.sessionIdleMs).toBe(60 * 60_000);
    expect(config.sessionAbsoluteMs).toBe(12 * 3_600_000);
  });
});
