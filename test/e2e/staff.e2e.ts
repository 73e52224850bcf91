import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { eventually, signIn, screenshot, specBrowser, waitForHydration } from "./support";

/**
 * The service desk end to end in zh-CN: an enterprise raises a service request with its dedicated service person,
 * the service person works it and resolves it within the SLA, the enterprise rates it, and the regulator sees the
 * new figure on the dashboard and downloads the quarterly report pack.
 */
const browser = specBrowser();

async function signedIn(email: string): Promise<Page> {
  const context = await browser.open("zh-CN");
  const page = await context.newPage();
  await signIn(page, email);
  return page;
}

/** "期内提出需求 N 条" on the regulator's dashboard. */
async function requestsRaised(page: Page): Promise<number> {
  await page.goto("/stats");
  const text = (await page.locator('[data-testid="stats-totals"]').textContent()) ?? "";
  const m = /期内提出需求 (\d+) 条/.exec(text);
  if (!m) throw new Error(`no request count on the dashboard: ${text}`);
  return Number(m[1]);
}

describe("service desk", () => {
  test("request → answered within the SLA → rated → the regulator's dashboard and quarterly pack", async () => {
    const regulator = await signedIn("miit@reg.demo");
    const before = await requestsRaised(regulator);

    // The enterprise raises a request from its own page, where it also sees its service person.
    const ent = await signedIn("ent01@demo.xj");
    // The menu lists the page (inside its task group); the spec goes there directly.
    await expect(ent.getByTestId("nav-main").locator('a[href="/service-requests"]').count()).resolves.toBe(1);
    await ent.goto("/service-requests");
    await eventually(() => ent.locator("h1.page-title").first().textContent()).toBe("服务需求");
    await expect(ent.getByText("您的专属服务专员").count()).resolves.toBe(1);
    await waitForHydration(ent);
    const form = ent.locator("form#new-service-request");
    await form.getByLabel("类别").selectOption("financing");
    await form.getByLabel("标题").fill("e2e 流动资金贷款对接");
    await form.getByLabel("需求描述").fill("希望对接 800 万元流动资金贷款，期限一年，可提供应收账款质押。");
    await Promise.all([ent.waitForURL(/\/service-requests\/[^/]+$/), form.getByRole("button", { name: "提交" }).click()]);
    const requestUrl = new URL(ent.url()).pathname;
    await eventually(() => ent.locator("dl").first().textContent()).toContain("待处理");
    await expect(ent.locator("dl").first().textContent()).resolves.toContain("5 个工作日");

    // The service person finds it, starts it and resolves it.
    const service = await signedIn("service@xjex.demo");
    await service.goto("/service-requests");
    await Promise.all([service.waitForURL(requestUrl), service.getByRole("link", { name: "e2e 流动资金贷款对接" }).click()]);
    await waitForHydration(service);
    await Promise.all([service.waitForResponse((r) => r.request().method() === "POST"), service.getByRole("button", { name: "开始处理" }).click()]);
    await eventually(() => service.locator("dl").first().textContent()).toContain("处理中");
    await service.getByLabel("办结说明").fill("已推荐天山商业银行“专精特新贷”，客户经理将于明日联系企业。");
    await Promise.all([service.waitForResponse((r) => r.request().method() === "POST"), service.getByRole("button", { name: "办结" }).click()]);
    await eventually(() => service.locator("dl").first().textContent()).toContain("已办结");
    await expect(service.locator("dl").first().textContent()).resolves.not.toContain("已超时");

    // The enterprise rates it.
    await ent.goto(requestUrl);
    await waitForHydration(ent);
    await ent.locator('input[name="rating"][value="5"]').check();
    await ent.getByLabel("评价意见（可选）").fill("响应很快");
    await Promise.all([ent.waitForResponse((r) => r.request().method() === "POST"), ent.getByRole("button", { name: "提交评价" }).click()]);
    await eventually(() => ent.locator("dl").first().textContent()).toContain("★★★★★");
    await screenshot(ent, "staff-request-rated-zh");

    // The regulator's dashboard counts it; the quarterly pack downloads as a PDF.
    await eventually(() => requestsRaised(regulator)).toBe(before + 1);
    // Each chart is drawn for the desktop and for a phone; the desktop browser shows one of them.
    await expect(regulator.locator('[data-chart="service"] svg:visible').count()).resolves.toBe(1);
    await screenshot(regulator, "staff-stats-zh");
    await regulator.goto("/reports");
    const row = regulator.locator("tbody tr", { hasText: "季报" }).first();
    const [download] = await Promise.all([regulator.waitForEvent("download"), row.getByRole("link", { name: "PDF" }).click()]);
    const file = await download.path();
    const fs = await import("node:fs");
    expect(fs.readFileSync(file).subarray(0, 5).toString()).toBe("%PDF-");
    expect(download.suggestedFilename()).toMatch(/^srdi-board-quarter-\d{4}-Q[1-4]\.pdf$/);
  });

  test("a bank cannot open the service desk", async () => {
    const bank = await signedIn("bank1@inst.demo");
    expect((await bank.goto("/service-requests"))?.status()).toBe(403);
    expect((await bank.goto("/stats"))?.status()).toBe(403);
    await expect(bank.locator('nav a[href="/service-requests"]').count()).resolves.toBe(0);
  });
});
