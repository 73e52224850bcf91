import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pageEtag } from "../../app/utils/http-cache.server";
import { makeOrg } from "../support/actors";
import { eventually } from "../support/eventually";
import { startTempServer } from "../support/server";

// Pages served to anonymous visitors are revalidated with an ETag (ADR 0901); the real server, production build.
let app: Awaited<ReturnType<typeof startTempServer>>;
// The language cookies as the server sets them on a first visit (a returning browser sends them back).
const lng: Record<"zh" | "en", string> = { zh: "", en: "" };

beforeAll(async () => {
  app = await startTempServer({ seed: false, build: "fresh" });
  for (const [key, query] of [["zh", ""], ["en", "?lng=en"]] as const) {
    lng[key] = (await fetch(`${app.base}/${query}`)).headers.get("set-cookie")!.split(";")[0]!;
  }
}, 600_000);

afterAll(async () => {
  await app?.close();
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${app.base}${path}`, { headers: { cookie: lng.zh, ...headers } });

describe("HTTP caching of public pages", () => {
  it("gives an anonymous page a stable ETag (the per-response nonce left out) and asks the browser to revalidate", async () => {
    const [a, b] = [await get("/"), await get("/")];
    expect(a.status).toBe(200);
    expect(a.headers.get("cache-control")).toBe("private, no-cache");
    expect(a.headers.get("etag")).toMatch(/^W\/"[\w-]+"$/);
    expect(b.headers.get("etag")).toBe(a.headers.get("etag"));
    // The nonces differ, so the bodies do; the ETag is the same because it is taken without them.
    expect(a.headers.get("content-security-policy")).not.toBe(b.headers.get("content-security-policy"));
  });

  it("answers 304 without a body, and without a new CSP that would refuse the stored page's scripts", async () => {
    const first = await get("/directory");
    const etag = first.headers.get("etag")!;
    const again = await get("/directory", { "if-none-match": etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    expect(again.headers.get("etag")).toBe(etag);
    expect(again.headers.get("content-security-policy")).toBeNull();
    expect(first.headers.get("content-security-policy")).toContain("nonce-");
  });

  it("serves the page again when it changed (another language) and gives no ETag when a cookie is being set", async () => {
    const zh = await get("/");
    const en = await get("/", { cookie: lng.en, "if-none-match": zh.headers.get("etag")! });
    expect(en.status).toBe(200);
    expect(en.headers.get("etag")).not.toBe(zh.headers.get("etag"));
    const firstVisit = await fetch(`${app.base}/`);
    expect(firstVisit.headers.get("set-cookie")).toContain("lng=");
    expect(firstVisit.headers.get("etag")).toBeNull();
  });

  it("leaves signed-in requests streaming, without an ETag", async () => {
    const res = await get("/login", { cookie: `${lng.zh}; __session=anything` });
    expect(res.headers.get("etag")).toBeNull();
  });
});

describe("pageEtag", () => {
  it("is the same for pages that differ only in the nonce, different otherwise", () => {
    expect(pageEtag('<script nonce="n1">x</script>', "n1")).toBe(pageEtag('<script nonce="n2">x</script>', "n2"));
    expect(pageEtag('<script nonce="n1">x</script>', "n1")).not.toBe(pageEtag('<script nonce="n2">y</script>', "n2"));
  });
});

describe("the page cache for anonymous visitors (ADR 0905)", () => {
  const nonceOf = (res: Response) => /'nonce-([^']+)'/.exec(res.headers.get("content-security-policy") ?? "")?.[1];
  // Background jobs write to the database every few seconds, which (rightly) retires every kept page; a page is
  // asked for again until one answer comes from the cache.
  const fromCache = (path: string, headers: Record<string, string> = {}) =>
    eventually(async () => {
      const res = await get(path, headers);
      return res.headers.get("x-page-cache") === "hit" ? res : null;
    });

  it("serves a public page again from the cache, with this response's nonce in the page and the policy", async () => {
    const again = await fromCache("/notices");
    const html = await again.text();
    const nonce = nonceOf(again);
    expect(nonce).toBeTruthy();
    expect(html).toContain(`nonce="${nonce}"`);
    expect(html.split("nonce=").length).toBeGreaterThan(2);
  });

  it("renders the page again once anything in the database changed, and shows the change", async () => {
    await fromCache("/directory");
    makeOrg(app.server.ctx, "enterprise", { name: "缓存失效测试企业" });
    const after = await get("/directory");
    expect(after.headers.get("x-page-cache")).toBe("miss");
    expect(await after.text()).toContain("缓存失效测试企业");
  });

  it("keeps the languages apart and renders afresh for Cache-Control: no-cache", async () => {
    const zh = await fromCache("/");
    const en = await fromCache("/", { cookie: lng.en });
    expect(await en.text()).toContain('lang="en"');
    expect(await zh.text()).toContain('lang="zh-CN"');
    expect((await get("/", { "cache-control": "no-cache" })).headers.get("x-page-cache")).toBe("miss");
  });

  it("answers a matching If-None-Match from the cache with 304", async () => {
    // fetch() adds Cache-Control: no-cache to any request carrying If-None-Match (the Fetch standard's cache mode), so
    // this is asked as a browser revalidating a stored page asks: plain HTTP with only the validator.
    const first = await get("/directory?page=1");
    const etag = first.headers.get("etag")!;
    expect(etag).toBeTruthy();
    const revalidate = () =>
      new Promise<{ status: number; cache: string | undefined; csp: string | undefined }>((resolve, reject) => {
        http
          .get(`${app.base}/directory?page=1`, { headers: { cookie: lng.zh, "if-none-match": etag } }, (res) => {
            res.resume();
            res.on("end", () => resolve({ status: res.statusCode!, cache: res.headers["x-page-cache"] as string | undefined, csp: res.headers["content-security-policy"] as string | undefined }));
          })
          .on("error", reject);
      });
    const again = await eventually(async () => {
      const res = await revalidate();
      return res.cache === "hit" ? res : null;
    });
    expect(again.status).toBe(304);
    expect(again.csp).toBeUndefined();
  });

  it("never serves or keeps a page for a request with a session or another cookie, nor pages that did not opt in", async () => {
    await get("/directory");
    expect((await get("/directory", { cookie: `${lng.zh}; __session=anything` })).headers.get("x-page-cache")).toBeNull();
    expect((await get("/directory", { cookie: `${lng.zh}; other=1` })).headers.get("x-page-cache")).toBeNull();
    await get("/login");
    const login = await get("/login");
    expect(login.headers.get("x-page-cache")).toBe("miss");
  });
});
