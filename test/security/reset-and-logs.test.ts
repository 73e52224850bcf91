// ASVS V6.4 (authentication recovery) and V16 (security logging): reset requests are throttled and only the newest
// link works; secrets in URLs, cookies and authorisation headers never reach a log line.
import type http from "node:http";
import { Writable } from "node:stream";
import { and, eq, gt, isNull } from "drizzle-orm";
import express from "express";
import { afterEach, describe, expect, it } from "vitest";
import { mailOutbox, passwordResets } from "@db/schema";
import { requestPasswordReset } from "~/modules/identity/password-reset.server";
import { createLogger, requestLogger } from "~/utils/logging.server";
import { createTestContext } from "@test/support/context";
import { signUpEnterprise } from "@test/support/accounts";
import { eventually } from "@test/support/eventually";

describe("password reset requests", () => {
  it("15 requests for one account give at most 3 mails and one live link", async () => {
    const ctx = createTestContext();
    const { actor } = await signUpEnterprise(ctx);
    for (let i = 0; i < 15; i++) await requestPasswordReset(ctx, actor.email, "http://app.test", "203.0.113.7");
    const mails = ctx.db.select().from(mailOutbox).where(eq(mailOutbox.to, actor.email)).all().filter((m) => m.kind === "password_reset");
    expect(mails.length).toBeLessThanOrEqual(3);
    const live = ctx.db
      .select()
      .from(passwordResets)
      .where(and(eq(passwordResets.userId, actor.userId), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, ctx.clock.now())))
      .all();
    expect(live).toHaveLength(1);
  });

  it("one address cannot spray requests over many accounts", async () => {
    const ctx = createTestContext();
    const accounts = await Promise.all(Array.from({ length: 15 }, () => signUpEnterprise(ctx)));
    for (const a of accounts) await requestPasswordReset(ctx, a.actor.email, "http://app.test", "198.51.100.9");
    const mails = ctx.db.select().from(mailOutbox).all().filter((m) => m.kind === "password_reset");
    expect(mails.length).toBeLessThanOrEqual(10);
  });
});

describe("log lines", () => {
  let server: http.Server | undefined;
  afterEach(() => server?.close());

  it("carry no reset or invitation token, session cookie or authorisation header", async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    // Debug level: the request logger's detail lines too, plus a handler that logs the whole request carelessly.
    const logger = createLogger({ logLevel: "debug", env: "production" }, sink);
    const app = express();
    app.use(requestLogger(logger));
    app.use((req, res) => {
      logger.info({ url: req.originalUrl, headers: req.headers, req: { url: req.originalUrl, headers: req.headers } }, `handler saw ${req.originalUrl}`);
      res.setHeader("Set-Cookie", "__session=SERVERSIDESECRET; Path=/; HttpOnly");
      logger.info({ res: { headers: res.getHeaders() } }, "answering");
      res.end("ok");
    });
    server = app.listen(0, "127.0.0.1");
    await new Promise<void>((resolve) => server!.once("listening", () => resolve()));
    const { port } = server.address() as { port: number };
    for (const path of ["/reset-password/RESETTOKEN123abc", "/invite/INVITETOKEN456def?x=1", "/login?token=QUERYTOKEN789"]) {
      await fetch(`http://127.0.0.1:${port}${path}`, { headers: { Cookie: "__session=COOKIESECRET.sig; lng=zh-CN", Authorization: "Bearer AUTHSECRET" } });
    }
    // Each request ends with its "request details" line, written when the response closes.
    await eventually(() => lines.filter((l) => l.includes("request details")).length === 3);
    const all = lines.join("");
    expect(lines.length).toBeGreaterThanOrEqual(6);
    for (const secret of ["RESETTOKEN123abc", "INVITETOKEN456def", "QUERYTOKEN789", "COOKIESECRET", "AUTHSECRET", "SERVERSIDESECRET"]) expect(all).not.toContain(secret);
    // What is useful stays: the route and the method.
    expect(all).toContain("/reset-password/");
    expect(all).toContain("GET");
  });
});
