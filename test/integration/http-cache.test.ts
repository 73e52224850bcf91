import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pageEtag } from "../../app/utils/http-cache.server";
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
