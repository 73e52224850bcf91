// ASVS V3 (web frontend), V4 (API/HTTP), V13 (configuration): what the real server answers at the HTTP level.
import { io as connectClient } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeMessagingWorld } from "@test/support/messaging-world";
import { startServer } from "../../server";
import { sessionCookie } from "../integration/messaging-support";
import { ensureBuild } from "../support/build";
import { tempServerEnv, type RunningServer } from "../support/server";
import { signUpEnterprise } from "@test/support/accounts";

let server: RunningServer;
let base: string;
let world: ReturnType<typeof makeMessagingWorld>;
let enterpriseCookie: string;
let staffCookie: string;
let login: { email: string; password: string };

beforeAll(async () => {
  // Pages and actions run in the Remix bundle: the build must hold the code under test.
  ensureBuild();
  server = await startServer(tempServerEnv());
  base = `http://127.0.0.1:${server.port}`;
  world = makeMessagingWorld(server.ctx);
  enterpriseCookie = await sessionCookie(server.ctx, world.enterprise.userId);
  staffCookie = await sessionCookie(server.ctx, world.exchangeAdmin.userId);
  const e = await signUpEnterprise(server.ctx);
  login = { email: e.actor.email, password: "correct horse battery" };
}, 600_000);

afterAll(async () => {
  await server?.close();
});

const form = (data: Record<string, string>) => new URLSearchParams(data).toString();
const formHeaders = { "Content-Type": "application/x-www-form-urlencoded" };

describe("mutations need a same-origin Origin (or Sec-Fetch-Site: same-origin)", () => {
  it("refuses a POST with neither", async () => {
    const res = await fetch(`${base}/login`, { method: "POST", headers: formHeaders, body: form(login), redirect: "manual" });
    expect(res.status).toBe(403);
    expect(res.headers.get("set-cookie")).toBeNull();
  });

  it("refuses Sec-Fetch-Site other than same-origin when Origin is absent", async () => {
    for (const site of ["same-site", "cross-site", "none"]) {
      const res = await fetch(`${base}/login`, { method: "POST", headers: { ...formHeaders, "Sec-Fetch-Site": site }, body: form(login), redirect: "manual" });
      expect(res.status, site).toBe(403);
    }
  });

  it("accepts Sec-Fetch-Site: same-origin, and a same-origin Origin", async () => {
    const a = await fetch(`${base}/login`, { method: "POST", headers: { ...formHeaders, "Sec-Fetch-Site": "same-origin" }, body: form(login), redirect: "manual" });
    expect(a.status).toBe(302);
    const b = await fetch(`${base}/login`, { method: "POST", headers: { ...formHeaders, Origin: base }, body: form(login), redirect: "manual" });
    expect(b.status).toBe(302);
  });
});

describe("no open redirect after login", () => {
  it("sends /\\t/evil.example to the dashboard, not to another host", async () => {
    const res = await fetch(`${base}/login`, { method: "POST", headers: { ...formHeaders, Origin: base }, body: form({ ...login, redirectTo: "/\t/evil.example" }), redirect: "manual" });
    expect(res.status).toBe(302);
    const location = res.headers.get("location")!;
    expect(new URL(location, base).origin).toBe(base);
    expect(location).toBe("/dashboard");
  });
});

describe("headers", () => {
  it("CSP connect-src allows only our own origin (no websockets to any host)", async () => {
    const res = await fetch(`${base}/login`);
    const csp = res.headers.get("content-security-policy")!;
    const connect = csp.split(";").map((d) => d.trim()).find((d) => d.startsWith("connect-src"));
    expect(connect).toBe("connect-src 'self'");
  });

  it("authenticated pages and .data responses are private, no-store", async () => {
    for (const path of ["/dashboard", "/dashboard.data", "/messages"]) {
      const res = await fetch(`${base}${path}`, { headers: { Cookie: enterpriseCookie }, redirect: "manual" });
      expect(res.status, path).toBeLessThan(400);
      expect(res.headers.get("cache-control"), path).toBe("private, no-store");
    }
  });

  it("socket.io polling responses carry nosniff", async () => {
    const res = await fetch(`${base}/socket.io/?EIO=4&transport=polling`, { headers: { Origin: base, Cookie: enterpriseCookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  });
});

describe("/healthz", () => {
  it("tells anonymous callers only whether the app is up", async () => {
    const res = await fetch(`${base}/healthz`);
    const body = (await res.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(["ok"]);
    expect(JSON.stringify(body)).not.toMatch(/pid|binary|host|path/i);
  });

  it("gives exchange staff the details", async () => {
    const res = await fetch(`${base}/healthz`, { headers: { Cookie: staffCookie } });
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toHaveProperty("checks");
    expect(body).toHaveProperty("search");
  });

  it("gives an ordinary member no details", async () => {
    const res = await fetch(`${base}/healthz`, { headers: { Cookie: enterpriseCookie } });
    expect(Object.keys((await res.json()) as object)).toEqual(["ok"]);
  });
});

describe("malformed bodies", () => {
  it("a malformed multipart body is answered 400, not 500", async () => {
    const bodies: [string, string][] = [
      ["multipart/form-data; boundary=XYZ", "this is not multipart at all"],
      ["multipart/form-data", "--XYZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--XYZ--\r\n"],
      ["multipart/form-data; boundary=XYZ", "--XYZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nunterminated"],
    ];
    for (const [type, body] of bodies) {
      const res = await fetch(`${base}/login`, { method: "POST", headers: { "Content-Type": type, Origin: base, Cookie: enterpriseCookie }, body, redirect: "manual" });
      expect(res.status, `${type} / ${body.slice(0, 20)}`).toBe(400);
    }
  });
});

describe("sockets", () => {
  it("still connect from our origin after the header changes", async () => {
    const socket = connectClient(base, { transports: ["polling"], extraHeaders: { Cookie: enterpriseCookie, Origin: base }, reconnection: false, forceNew: true });
    const connected = await new Promise<boolean>((resolve) => {
      socket.once("connect", () => resolve(true));
      socket.once("connect_error", () => resolve(false));
    });
    socket.close();
    expect(connected).toBe(true);
  });
});
