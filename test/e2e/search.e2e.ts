import crypto from "node:crypto";
import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { enterpriseEmail } from "@seed/index";
import { eventually, signIn, screenshot, specBrowser, waitForHydration } from "./support";

const browser = specBrowser();

async function openPage(options: { javaScript?: boolean } = {}): Promise<Page> {
  const context = await browser.open("zh-CN", options);
  return context.newPage();
}

/** The engine test/e2e/run.ts started this server with; /healthz must agree, so a silent fallback fails. */
const expectedEngine = process.env.E2E_SEARCH_ENGINE === "meilisearch" ? "meilisearch" : "embedded";
const shotSuffix = expectedEngine === "meilisearch" ? "-meilisearch" : "";

describe(`search journey (${expectedEngine})`, () => {
  test("the server searches with the engine this run expects", async () => {
    type Health = {
      search: {
        engine: string;
        mode: string;
        healthy: boolean;
        fallbackReason: string | null;
        indexer: { rebuilding: string[]; pending: number } | null;
        bootstrapped: boolean;
      };
    };
    // The engine's details are for exchange staff only (anonymous /healthz says just ok).
    const staff = await openPage();
    await signIn(staff, "admin@xjex.demo");
    const health = async () => ((await (await staff.request.get("/healthz")).json()) as Health).search;
    expect(await health()).toMatchObject({ engine: expectedEngine, healthy: true, fallbackReason: null });
    // Meilisearch runs as `npm start` runs it: a local server the app supervises.
    if (expectedEngine === "meilisearch") expect((await health()).mode).toBe("supervised");
    // The demo world is indexed in the background at start; the journey needs it in the engine.
    await expect
      .poll(async () => {
        const { bootstrapped, indexer } = await health();
        return bootstrapped && indexer !== null && indexer.rebuilding.length === 0 && indexer.pending === 0;
      }, { timeout: 120_000, interval: 500 })
      .toBe(true);
  });

  test("a bank RM searches in Chinese with a facet, saves it, and is told when an enterprise publishes a matching need", async () => {
    const rm = await openPage();
    await signIn(rm, "bank1@inst.demo");

    // Instant results: typing updates the URL (replace) and the results without pressing a button.
    await rm.goto("/search");
    // Instant results are the app's own: text typed before React has taken over the page is searched on Enter, as
    // without JavaScript (the last test), and on a busy machine the page can be typed into before that.
    await waitForHydration(rm);
    await rm.locator("#search-q").fill("乌鲁木齐 贷款");
    await rm.waitForURL((url) => url.searchParams.get("q") === "乌鲁木齐 贷款");
    await expect.poll(() => rm.locator('[data-testid="result-count"]').textContent()).toMatch(/共 \d+ 条结果/);

    // A facet: only loans.
    await rm.locator('input[name="type"][value="loan"]').check();
    await rm.waitForURL((url) => url.searchParams.getAll("type").includes("loan"));
    const hitsText = await rm.locator("section[aria-live] ol").textContent();
    expect(hitsText ?? "").toContain("贷款");
    await screenshot(rm, `search-rm-results${shotSuffix}`);

    // Save it (alerts on by default for needs).
    const name = `乌鲁木齐贷款 ${crypto.randomInt(1_000_000)}`;
    await rm.locator("#save-name").fill(name);
    // The page is already a /search? URL: the save is done when its confirmation shows, not when the URL matches
    // (leaving for the saved list sooner could cancel the save's request).
    await rm.getByRole("button", { name: "保存搜索" }).click();
    await rm.getByText(`已保存搜索“${name}”。`).waitFor();
    await rm.goto("/search/saved");
    await expect.poll(() => rm.locator("main").textContent()).toContain(name);

    // The Urumqi battery maker publishes a matching loan need through its own pages.
    const ent = await openPage();
    await signIn(ent, enterpriseEmail(0));
    await ent.goto("/needs/new/loan");
    const title = `锂电池隔膜产线流动资金贷款 ${crypto.randomInt(1_000_000)}`;
    await ent.locator('input[name="title"]').fill(title);
    await ent.locator('textarea[name="summary"]').fill("扩大隔膜产能，补充流动资金。");
    await ent.locator('input[name="amount"]').fill("3000"); // 万元
    await ent.locator('input[name="expiresOn"]').fill("2030-12-31");
    await ent.locator('select[name="audience"]').selectOption("public");
    await ent.locator('input[name="details.termMonths"]').fill("12");
    await ent.locator('textarea[name="details.purpose"]').fill("采购原材料");
    await ent.locator('input[name="details.collateral"][value="receivables"]').check();
    await Promise.all([ent.waitForURL(/\/needs\/[^/]+$/), ent.locator('form:has(input[name="title"]) button.btn-primary').click()]);
    await Promise.all([ent.waitForLoadState("load"), ent.locator('button[name="intent"][value="publish"]').click()]);

    // The RM's notification centre shows the saved-search alert, named after the saved search. It arrives after
    // the indexer applies the outbox (a second or two), later than the synchronous "followed enterprise" notice
    // that also names the need, so wait for the saved search's name itself.
    await eventually(async () => {
      await rm.goto("/notifications");
      return (await rm.locator("main").textContent()) ?? "";
    }, "saved-search alert in the notification centre").toContain(name);
    expect(await rm.locator("main").textContent()).toContain(title);
    await screenshot(rm, `search-rm-alert${shotSuffix}`);
  });

  test("works without JavaScript: the plain GET form searches and keeps the query in the URL", async () => {
    const page = await openPage({ javaScript: false });
    await page.goto("/search?index=enterprises");
    await page.locator("#search-q").fill("新能");
    await Promise.all([page.waitForURL((url) => url.searchParams.get("q") === "新能"), page.getByRole("button", { name: "搜索", exact: true }).click()]);
    expect(await page.locator("section[aria-live] ol").textContent()).toContain("新能");
    expect(await page.locator("mark").count()).toBeGreaterThan(0);
    // A typo that still finds something: the results stay, and "did you mean" links to the corrected search.
    await page.goto(`/search?index=enterprises&q=lithiun`);
    expect(await page.locator("section[aria-live] ol").textContent()).toContain("金沙锂电");
    const didYouMean = page.getByTestId("search-did-you-mean");
    expect(await didYouMean.textContent()).toBe("你是不是要找：lithium");
    await Promise.all([page.waitForURL((url) => url.searchParams.get("q") === "lithium"), didYouMean.getByRole("link").click()]);
    expect(await page.getByTestId("search-did-you-mean").count()).toBe(0);
    // Bad input is a page, not an error.
    const res = await page.goto(`/search?q=${encodeURIComponent('"锂电池 NEAR OR - ^ * 🔋 \'; DROP TABLE x; --')}&prefecture=9999&type=x`);
    expect(res?.status()).toBe(200);
  });
});
