import crypto from "node:crypto";
import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { eventually, signIn, screenshot, specBrowser, waitForHydration } from "./support";

// Issue 18 on a 390×844 phone: a bank offers on a loan need typing the amount in 万元 ("3000") and the rate in %
// ("3.65"); a refused submit opens the error summary, which takes focus and links to the field; the enterprise then
// sees 3,000万元 at 3.65% in its comparison, where each offer is a card whose accept button is on screen.

const ENTERPRISE = "ent08@demo.xj";
// Not bank4: the language spec stores English on that account, and a lane runs specs one after another.
const BANK = "bank2@inst.demo";
const BANK_NAME = "丝路银行新疆分行";
const TITLE = `手机端报价测试流动资金贷款 R${crypto.randomInt(10_000, 99_999)}`;
const inAMonth = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);

const browser = specBrowser();

async function phone(email: string): Promise<Page> {
  const context = await browser.open("zh-CN", { phone: true });
  const page = await context.newPage();
  await signIn(page, email);
  await waitForHydration(page);
  return page;
}

describe("phone: an offer typed in 万元 and %", () => {
  test("the bank offers 3000 (万元) at 3.65 (%) on a phone; the enterprise compares 3,000万元 at 3.65%", async () => {
    // The enterprise publishes a 3,000万元 loan need over 12 months.
    const enterprise = await phone(ENTERPRISE);
    await enterprise.goto("/needs/new/loan");
    await waitForHydration(enterprise);
    await enterprise.locator('[name="title"]').fill(TITLE);
    await enterprise.locator('[name="summary"]').fill("订单增长，补充流动资金。");
    await enterprise.locator('[name="amount"]').fill("3000");
    await enterprise.locator('[name="details.termMonths"]').fill("12");
    await enterprise.locator('[name="details.purpose"]').fill("采购原材料");
    await enterprise.locator('input[name="details.collateral"][value="receivables"]').check();
    await Promise.all([enterprise.waitForURL(/\/needs\/[^/]+$/), enterprise.getByRole("button", { name: "保存草稿" }).click()]);
    const needId = new URL(enterprise.url()).pathname.split("/")[2]!;
    await waitForHydration(enterprise);
    await Promise.all([enterprise.waitForResponse((r) => r.request().method() === "POST"), enterprise.getByRole("button", { name: "发布", exact: true }).click()]);
    await eventually(() => enterprise.getByTestId("toast").innerText()).toContain("需求已发布");

    // The bank, on its phone, opens the need's offer form: it starts from the need's amount and term.
    const bank = await phone(BANK);
    await bank.goto(`/needs/${needId}`);
    await Promise.all([bank.waitForURL(/\/market\/needs\/[^/]+\/offer$/), bank.getByTestId("need-actions").getByRole("link", { name: "报价", exact: true }).click()]);
    await waitForHydration(bank);
    const amount = bank.locator('input[name="terms.amount"]');
    await amount.fill("3000");
    await eventually(() => bank.getByTestId("terms-amount-echo").textContent()).toContain("= 3,000万元");
    await bank.locator('input[name="terms.rateBp"]').fill("3.655");
    await bank.locator('input[name="terms.upfrontFeeBp"]').fill("0");
    await bank.locator('input[name="validUntil"]').fill(inAMonth);
    // A rate to three decimals is refused: the summary at the top takes focus and its link leads to the rate.
    await bank.getByRole("button", { name: "提交报价" }).click();
    const summary = bank.getByTestId("error-summary");
    await eventually(() => summary.isVisible()).toBe(true);
    expect(await summary.evaluate((el) => el === document.activeElement)).toBe(true);
    const link = summary.getByRole("link");
    expect(await link.innerText()).toContain("百分比最多保留两位小数");
    await link.click();
    expect(await bank.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe("terms.rateBp");
    await bank.locator('input[name="terms.rateBp"]').fill("3.65");
    await eventually(() => bank.getByTestId("terms-rateBp-echo").textContent()).toContain("= 3.65%");
    await bank.locator('input[name="terms.collateral"][value="receivables"]').check();
    await bank.locator('textarea[name="terms.conditions"]').fill("需提供订单清单");
    await bank.getByRole("button", { name: "提交报价" }).click();
    await bank.waitForURL(/\/market\/offers\/[^/]+$/, { timeout: 20_000 }).catch(async (error: Error) => {
      await screenshot(bank, "phone-offer-not-sent");
      throw new Error(`${error.message.split("\n")[0]}; the page shows:\n${(await bank.locator("main").innerText()).slice(0, 1500)}`);
    });

    // The enterprise compares on its phone: 3,000万元 at 3.65%, the accept button inside the screen's width.
    await enterprise.goto(`/market/needs/${needId}/offers`);
    const row = enterprise.getByTestId("offer-row").filter({ hasText: BANK_NAME });
    await eventually(() => row.count()).toBe(1);
    const text = await row.innerText();
    expect(text).toContain("3,000万元");
    expect(text).toContain("3.65%");
    const accept = row.getByRole("button", { name: "接受" });
    const box = (await accept.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    expect(box.height).toBeGreaterThanOrEqual(44);
    // The bank's name reads on one line, not one character per line.
    const name = row.getByRole("link", { name: BANK_NAME });
    expect((await name.boundingBox())!.height).toBeLessThan(40);
    await screenshot(enterprise, "phone-offer-comparison");
  });
});
