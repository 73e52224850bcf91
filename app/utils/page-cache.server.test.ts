import { describe, expect, it } from "vitest";
import { createPageCache, isPublicPage, pageWithNonce } from "./page-cache.server";

function cacheWith(options: { maxEntries?: number; maxAgeMs?: number } = {}) {
  let stamp = "1:0";
  let now = 0;
  const cache = createPageCache({ stamp: () => stamp, now: () => now, ...options });
  return { cache, write: () => (stamp = `1:${Number(stamp.split(":")[1]) + 1}`), later: (ms: number) => (now += ms) };
}
const page = (stamp: string, html = "<script nonce=\"N1\">x</script>") => ({ status: 200, headers: [["content-type", "text/html"]] as Array<[string, string]>, stamp, route: "/", html, nonce: "N1" });

describe("the page cache", () => {
  it("keys only GETs whose only cookie is the language, by URL, language cookie or else Accept-Language", () => {
    const { cache } = cacheWith();
    expect(cache.keyFor("POST", "/", {})).toBeNull();
    expect(cache.keyFor("GET", "/", { cookie: "__session=abc" })).toBeNull();
    expect(cache.keyFor("GET", "/", { cookie: "lng=zh-CN; toast=1" })).toBeNull();
    const zh = cache.keyFor("GET", "/", { cookie: "lng=zh-CN", "accept-language": "en" });
    expect(zh).toBe(cache.keyFor("GET", "/", { cookie: "lng=zh-CN", "accept-language": "fr" }));
    expect(zh).not.toBe(cache.keyFor("GET", "/", { cookie: "lng=en" }));
    expect(cache.keyFor("GET", "/", { "accept-language": "en" })).not.toBe(cache.keyFor("GET", "/", { "accept-language": "zh" }));
    expect(cache.keyFor("GET", "/directory?page=2", {})).not.toBe(cache.keyFor("GET", "/directory", {}));
  });

  it("serves a page until anything is written to the database", () => {
    const { cache, write } = cacheWith();
    cache.store("k", page(cache.stamp()));
    expect(cache.lookup("k")?.route).toBe("/");
    write();
    expect(cache.lookup("k")).toBeNull();
    expect(cache.size()).toBe(0);
  });

  it("never serves a page whose render began before a write, even if stored after it", () => {
    const { cache, write } = cacheWith();
    const stampAtStart = cache.stamp();
    write();
    cache.store("k", page(stampAtStart));
    expect(cache.lookup("k")).toBeNull();
  });

  it("serves a page for at most maxAgeMs", () => {
    const { cache, later } = cacheWith({ maxAgeMs: 10_000 });
    cache.store("k", page(cache.stamp()));
    later(10_000);
    expect(cache.lookup("k")).not.toBeNull();
    later(1);
    expect(cache.lookup("k")).toBeNull();
  });

  it("keeps at most maxEntries pages, forgetting the oldest stored first", () => {
    const { cache } = cacheWith({ maxEntries: 2 });
    for (const key of ["a", "b", "c"]) cache.store(key, page(cache.stamp()));
    expect(cache.lookup("a")).toBeNull();
    expect(cache.lookup("b")).not.toBeNull();
    expect(cache.lookup("c")).not.toBeNull();
  });

  it("gives each response its own nonce in every place the stored page had one", () => {
    const { cache } = cacheWith();
    cache.store("k", page(cache.stamp(), '<script nonce="N1">a</script><link nonce="N1">'));
    expect(pageWithNonce(cache.lookup("k")!, "N2")).toBe('<script nonce="N2">a</script><link nonce="N2">');
  });

  it("knows a public page by its route handle", () => {
    expect(isPublicPage({ pageCache: "public" })).toBe(true);
    expect(isPublicPage({ pageCache: "private" })).toBe(false);
    expect(isPublicPage(undefined)).toBe(false);
  });
});
