import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { eventually, launchBrowser, logIn, newContext, screenshot } from "./support";

// The matchmaking loop from the demo logins: a bank RM finds a loan need and offers; a guarantor joins;
// a second bank offers; the enterprise compares, chats with the first bank in real time (two browser
// contexts), accepts and records the outcome.

let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close().catch(() => undefined)));
  await browser?.close();
});

async function as(email: string): Promise<Page> {
  const context = await newContext(browser, "zh-CN");
  contexts.push(context);
  const page = await context.newPage();
  await logIn(page, email);
  return page;
}

const inAYear = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);

async function fillLoan(page: Page, terms: { rateBp: number; upfrontFeeBp?: number; guaranteeRequired?: boolean }) {
  await page.locator('input[name="terms.amount"]').fill("30000000");
  await page.locator('input[name="terms.termMonths"]').fill("24");
  await page.locator('input[name="terms.rateBp"]').fill(String(terms.rateBp));
  await page.locator('input[name="terms.upfrontFeeBp"]').fill(String(terms.upfrontFeeBp ?? 0));
  await page.locator('input[name="terms.collateral"][value="orders"]').check();
  if (terms.guaranteeRequired) await page.locator('input[name="terms.guaranteeRequired"]').check();
  await page.locator('textarea[name="terms.conditions"]').fill("<b>需提供订单清单</b>");
  await page.locator('input[name="validUntil"]').fill(inAYear);
}

describe("marketplace: need → offers → compare → chat → accept → outcome", () => {
  test("the full loop across four organisations", async () => {
    // 1. The bank RM finds the loan need among the dashboard's recommendations (with reasons) and offers.
    const bank = await as("bank1@inst.demo");
    await bank.goto("/dashboard");
    const rec = bank.locator('[data-testid="recommended-need"]', { hasText: "正极材料扩产" });
    await eventually(() => rec.locator("ul li").first().isVisible()).toBe(true);
    await Promise.all([bank.waitForURL(/\/market\/needs\/[^/]+\/offer$/), rec.getByRole("link", { name: "报价" }).click()]);
    const needId = new URL(bank.url()).pathname.split("/")[3]!;
    await fillLoan(bank, { rateBp: 360, upfrontFeeBp: 50, guaranteeRequired: true });
    await Promise.all([bank.waitForURL(/\/market\/offers\/[^/]+$/), bank.getByRole("button", { name: "提交报价" }).click()]);
    const bankOfferUrl = bank.url();
    await eventually(() => bank.getByTestId("total-cost").textContent()).toContain("3.85%");

    // 2. A guarantor joins the bank's loan offer (投担联动).
    const guarantor = await as("guar1@inst.demo");
    await guarantor.goto("/market/offers");
    const toBack = guarantor.locator('[data-testid="offer-to-back"]', { hasText: "正极材料扩产" });
    await toBack.locator('input[name="coverageBp"]').fill("8000");
    await toBack.locator('input[name="feeBp"]').fill("100");
    await Promise.all([guarantor.waitForURL(/\/market\/offers\/[^/]+$/), toBack.getByRole("button", { name: "加入担保" }).click()]);
    await eventually(() => guarantor.getByTestId("parties").textContent()).toContain("天山商业银行");
    await eventually(() => guarantor.getByTestId("parties").textContent()).toContain("西域融资担保");
    // 3.60% + 0.50% fee over 2 years (0.25%) + 1% guarantee fee on 80% (0.80%) = 4.65%
    await eventually(() => guarantor.getByTestId("total-cost").textContent()).toContain("4.65%");

    // 3. A second bank offers on the same need.
    const bank2 = await as("bank2@inst.demo");
    await bank2.goto(`/market/needs/${needId}/offer`);
    await fillLoan(bank2, { rateBp: 395 });
    await Promise.all([bank2.waitForURL(/\/market\/offers\/[^/]+$/), bank2.getByRole("button", { name: "提交报价" }).click()]);

    // 4. The enterprise compares: both offers, the combined one shows both parties, best cost highlighted.
    const enterprise = await as("ent01@demo.xj");
    await enterprise.goto(`/market/needs/${needId}/offers`);
    const rows = enterprise.getByTestId("offer-row");
    await eventually(() => rows.count()).toBe(2);
    const first = rows.filter({ hasText: "天山商业银行" });
    await eventually(() => first.textContent()).toContain("西域融资担保");
    await eventually(() => first.getByTestId("all-in").textContent()).toContain("4.65%");
    await eventually(() => rows.filter({ hasText: "丝路银行" }).getByTestId("all-in").textContent()).toContain("3.95%");
    await eventually(() => rows.filter({ hasText: "丝路银行" }).getByTestId("all-in").getAttribute("class")).toMatch(/bg-emerald-50/);
    await screenshot(enterprise, "marketplace-compare");

    // 5. It chats with the first bank in real time: the bank opens the same conversation from its offer.
    await Promise.all([enterprise.waitForURL(/\/messages\/[^/]+$/), first.getByRole("button", { name: "在线沟通" }).click()]);
    const conversationUrl = enterprise.url();
    await bank.goto(bankOfferUrl);
    await Promise.all([bank.waitForURL(/\/messages\/[^/]+$/), bank.getByRole("button", { name: "在线沟通" }).click()]);
    expect(bank.url()).toBe(conversationUrl);
    await eventually(() => bank.getByTestId("connection").isVisible()).toBe(true);
    await enterprise.locator('textarea[name="body"]').fill("担保费能否再降一点？");
    await enterprise.getByTestId("send").click();
    await eventually(() => bank.getByTestId("message-body").filter({ hasText: "担保费能否再降一点？" }).count()).toBe(1);

    // 6. It accepts the combined offer and records the outcome.
    await enterprise.goto(`/market/needs/${needId}/offers`);
    await enterprise.getByTestId("offer-row").filter({ hasText: "天山商业银行" }).getByRole("button", { name: "接受" }).click();
    await eventually(() => enterprise.getByTestId("offer-row").filter({ hasText: "天山商业银行" }).textContent()).toContain("已接受");
    await enterprise.goto(`${new URL(bankOfferUrl).pathname}#outcome`);
    await enterprise.waitForLoadState("networkidle");
    await enterprise.locator('input[name="amountObtained"]').fill("30000000");
    await enterprise.getByRole("button", { name: "登记融资结果" }).click();
    await eventually(() => enterprise.locator("main").textContent()).toContain("已完成");

    // The regulators' page counts it.
    const regulator = await as("finance@reg.demo");
    await regulator.goto("/market/outcomes");
    await eventually(() => regulator.getByTestId("outcome-totals").isVisible()).toBe(true);
    await screenshot(regulator, "marketplace-outcomes");
  }, 180_000);
});
