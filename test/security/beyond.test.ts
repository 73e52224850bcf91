// What was tried beyond the list (ASVS 5.0 L2), against the real server: Host-header poisoning of mailed
// links, framing, account enumeration through sign-in and reset, session-cookie attributes and session renewal at
// sign-in, path traversal in download URLs, and oversized bodies. Each case is one an attacker would try first.
import http from "node:http";
import { desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mailOutbox } from "@db/schema";
import { startServer } from "../../server";
import { ensureBuild } from "../support/build";
import { tempServerEnv, type RunningServer } from "../support/server";
import { signUpEnterprise } from "@test/support/accounts";
import { beginEnrolment } from "~/modules/identity/mfa.server";
import { sessionCookie } from "../integration/messaging-support";

let server: RunningServer;
let base: string;
let account: { email: string; password: string };
let accountUserId: string;

beforeAll(async () => {
  ensureBuild();
  server = await startServer(tempServerEnv());
  base = `http://127.0.0.1:${server.port}`;
  const e = await signUpEnterprise(server.ctx);
  account = { email: e.actor.email, password: "correct horse battery" };
  accountUserId = e.actor.userId;
}, 600_000);

afterAll(async () => {
  await server?.close();
});

const formHeaders = { "Content-Type": "application/x-www-form-urlencoded", "Sec-Fetch-Site": "same-origin" };
const post = (path: string, data: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, { method: "POST", headers: { ...formHeaders, ...headers }, body: new URLSearchParams(data).toString(), redirect: "manual" });

/** A raw request whose Host header the client chooses (fetch will not send a forged Host). */
function rawPost(path: string, body: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: "127.0.0.1", port: server.port, path, method: "POST", headers: { ...headers, "Content-Length": Buffer.byteLength(body) } },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

describe("mailed links", () => {
  it("a reset link points at the app's own origin, whatever Host and Origin the request claimed", async () => {
    const status = await rawPost("/forgot-password", new URLSearchParams({ email: account.email }).toString(), {
      Host: "evil.example",
      Origin: "http://evil.example",
      "Content-Type": "application/x-www-form-urlencoded",
    });
    expect(status).toBeLessThan(500);
    const mail = server.ctx.db.select().from(mailOutbox).where(eq(mailOutbox.to, account.email)).orderBy(desc(mailOutbox.createdAt)).get();
    expect(mail?.body, "a reset mail was written").toBeTruthy();
    expect(mail!.body).not.toContain("evil.example");
    expect(mail!.body).toMatch(/http:\/\/localhost:\d+\/reset-password\//);
  });
});

describe("framing and cookies", () => {
  it("pages may not be framed by another site", async () => {
    const res = await fetch(`${base}/login`);
    const csp = res.headers.get("content-security-policy") ?? "";
    const xfo = res.headers.get("x-frame-options") ?? "";
    expect(/frame-ancestors '(none|self)'/.test(csp) || /^(DENY|SAMEORIGIN)$/i.test(xfo)).toBe(true);
  });

  it("the session cookie is HttpOnly and SameSite=Lax, and each sign-in gets a new one", async () => {
    const first = await post("/login", account, { Origin: base });
    const second = await post("/login", account, { Origin: base });
    const cookieOf = (res: Response) => res.headers.getSetCookie().find((c) => /session/i.test(c)) ?? "";
    expect(cookieOf(first)).toMatch(/HttpOnly/i);
    expect(cookieOf(first)).toMatch(/SameSite=Lax/i);
    expect(cookieOf(first).split(";")[0]).not.toBe(cookieOf(second).split(";")[0]);
  });
});

describe("no account enumeration", () => {
  const visibleText = (html: string) =>
    html
      .replace(/<script[\s\S]*?<\/script>/g, "")
      .replace(/nonce="[^"]*"/g, "")
      .replace(/value="[^"]*"/g, "")
      .replace(/\s+/g, " ");

  it("a wrong password and an unknown address get the same answer at sign-in", async () => {
    const known = await post("/login", { email: account.email, password: "wrong password 1" }, { Origin: base });
    const unknown = await post("/login", { email: "nobody-here@example.test", password: "wrong password 1" }, { Origin: base });
    expect(known.status).toBe(unknown.status);
    expect(visibleText(await known.text())).toBe(visibleText(await unknown.text()));
  });

  it("a reset request says the same for a known and an unknown address", async () => {
    const known = await post("/forgot-password", { email: account.email }, { Origin: base });
    const unknown = await post("/forgot-password", { email: "nobody-here@example.test" }, { Origin: base });
    expect(known.status).toBe(unknown.status);
    expect(visibleText(await known.text())).toBe(visibleText(await unknown.text()));
  });
});

describe("requests an attacker shapes", () => {
  it("a download path with ../ reaches no file outside the app's stored files", async () => {
    for (const path of ["/messages/attachments/..%2F..%2Fpackage.json", "/messages/attachments/%2e%2e%2f%2e%2e%2fpackage.json", "/decks/..%2F..%2Fpackage.json/pages/1"]) {
      const res = await fetch(`${base}${path}`, { redirect: "manual" });
      const body = await res.text();
      expect(body, path).not.toContain('"dependencies"');
    }
  });

  it("a body far over the size limit is refused before it is read", async () => {
    const res = await fetch(`${base}/login`, { method: "POST", headers: { ...formHeaders, Origin: base }, body: "email=" + "a".repeat(30 * 1024 * 1024) });
    expect(res.status).toBe(413);
  });
});

describe("the enrolment QR code", () => {
  it("is served only to the session whose user has begun enrolling, as a private, uncached SVG", async () => {
    const cookie = await sessionCookie(server.ctx, accountUserId);
    expect((await fetch(`${base}/mfa/qr.svg`)).status).toBe(404);
    expect((await fetch(`${base}/mfa/qr.svg`, { headers: { cookie } })).status).toBe(404); // nothing begun yet
    beginEnrolment(server.ctx, accountUserId);
    const res = await fetch(`${base}/mfa/qr.svg`, { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^image\/svg\+xml/);
    expect(res.headers.get("cache-control")).toMatch(/no-store/);
    expect(await res.text()).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
  });
});
