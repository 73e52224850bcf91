import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { eventually, signIn, screenshot, searchNeeds, specBrowser, navLink, waitForHydration } from "./support";

// The matchmaking loop from the demo logins, clicking where a user would click: a bank RM finds a loan need
// in the needs list, follows it and offers from its page; a guarantor joins; a second bank first sends nonsense
// (field errors, nothing stored) and then offers; the enterprise opens its need and compares, chats with the
// first bank in real time (two browser contexts) with exchange staff invited, accepts and records the outcome.

const NEED = "正极材料扩产";

const browser = specBrowser();

async function as(email: string, options: { javaScript?: boolean } = {}): Promise<Page> {
  const context = await browser.open("zh-CN", options);
  const page = await context.newPage();
  await signIn(page, email);
  return page;
}

/** Follows a link in the main navigation, as a user would. */
async function navigate(page: Page, label: string, url: RegExp) {
  const link = await navLink(page, { name: label });
  // Known issue (see the issue 18 note): in this journey Playwright at times reports an opened menu's link as not
  // visible; the link must still be in the menu, and its address is followed then.
  const href = await link.getAttribute("href");
  await Promise.all([page.waitForURL(url), (await link.isVisible()) ? link.click() : page.goto(href!)]);
}

/** A member finds the need in the needs list by keyword and opens its page. */
async function findNeed(page: Page): Promise<string> {
  await page.goto("/dashboard");
  await navigate(page, "融资需求", /\/search\?index=financing_needs$/);
  const rows = await searchNeeds(page, NEED, (r) => r.filter((text) => text.includes(NEED)).length === 1);
  const row = rows.filter({ hasText: NEED });
  await Promise.all([page.waitForURL(/\/needs\/[^/?]+$/), row.getByRole("link").first().click()]);
  // The need page's buttons are used at once: with JavaScript, only once React has taken the page over.
  if (await page.evaluate(() => "__remixContext" in window).catch(() => false)) await waitForHydration(page);
  return new URL(page.url()).pathname.split("/")[2]!;
}

const inAMonth = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);

/** Amounts are typed in 万元 and rates in %, as a banker writes them; the form echoes the amount beside the field. */
async function fillLoan(page: Page, terms: { ratePct: string; upfrontFeePct?: string; guaranteeRequired?: boolean }) {
  await page.locator('input[name="terms.amount"]').fill("3000");
  await eventually(() => page.getByTestId("terms-amount-echo").textContent()).toContain("= 3,000万元");
  await page.locator('input[name="terms.termMonths"]').fill("24");
  await page.locator('input[name="terms.rateBp"]').fill(terms.ratePct);
  await page.locator('input[name="terms.upfrontFeeBp"]').fill(terms.upfrontFeePct ?? "0");
  await page.locator('input[name="terms.collateral"][value="orders"]').check();
  if (terms.guaranteeRequired) await page.locator('input[name="terms.guaranteeRequired"]').check();
  await page.locator('textarea[name="terms.conditions"]').fill("需提供订单清单");
  await page.locator('input[name="validUntil"]').fill(inAMonth);
}

describe("financing: need → offers → compare → chat → accept → outcome", () => {
  // First: the full loop accepts an offer, which takes the need off the market.
  test("without JavaScript a member follows an enterprise and a need and messages the enterprise with plain forms", async () => {
    const page = await as("lease1@inst.demo", { javaScript: false });
    const needId = await findNeed(page);
    const actions = page.getByTestId("need-actions");
    await Promise.all([page.waitForURL(`**/needs/${needId}`), actions.getByRole("button", { name: "关注", exact: true }).click()]);
    await eventually(() => page.getByTestId("need-actions").getByRole("button", { name: "取消关注" }).isVisible()).toBe(true);
    await Promise.all([page.waitForURL(/\/enterprises\/[^/]+$/), page.locator("header").getByRole("link").filter({ hasText: "金沙锂电" }).first().click()]);
    const onProfile = page.getByTestId("enterprise-actions");
    await Promise.all([page.waitForURL(/\/enterprises\/[^/]+$/), onProfile.getByRole("button", { name: "关注", exact: true }).click()]);
    await eventually(() => page.getByTestId("enterprise-actions").getByRole("button", { name: "取消关注" }).isVisible()).toBe(true);
    await page.goto(`/needs/${needId}`);
    await Promise.all([page.waitForURL(/\/messages\/[^/]+$/), page.getByTestId("need-actions").getByRole("button", { name: "联系企业" }).click()]);
    await page.locator('textarea[name="body"]').fill("请问贵司能否提供近两年的订单清单？");
    await Promise.all([page.waitForURL(/\/messages\/[^/]+#m\d+$/), page.getByTestId("send").click()]);
    await eventually(() => page.getByTestId("message-body").filter({ hasText: "订单清单" }).count()).toBe(1);
    await page.goto("/market/follows");
    const following = page.locator("#following ~ ul");
    await eventually(() => following.textContent()).toContain(NEED);
    await eventually(() => following.textContent()).toContain("新疆金沙锂电科技有限公司");
  }, 180_000);

  test("the full loop across four organisations, by clicking", async () => {
    // 1. The bank RM finds the loan need in the needs list, follows it and makes an offer from the need's page.
    const bank = await as("bank1@inst.demo");
    const needId = await findNeed(bank);
    const actions = bank.getByTestId("need-actions");
    await actions.getByRole("button", { name: "关注", exact: true }).click();
    await eventually(() => actions.getByRole("button", { name: "取消关注" }).isVisible()).toBe(true);
    await Promise.all([bank.waitForURL(/\/market\/needs\/[^/]+\/offer$/), actions.getByRole("link", { name: "报价", exact: true }).click()]);
    await fillLoan(bank, { ratePct: "3.6", upfrontFeePct: "0.5", guaranteeRequired: true });
    await Promise.all([bank.waitForURL(/\/market\/offers\/[^/]+$/), bank.getByRole("button", { name: "提交报价" }).click()]);
    const bankOfferUrl = bank.url();
    await eventually(() => bank.getByTestId("total-cost").textContent()).toContain("3.85%");
    // Back on the need's page the bank now revises rather than offers again; the feed shows what it follows.
    await bank.goto(`/needs/${needId}`);
    await eventually(() => bank.getByTestId("need-actions").getByRole("link", { name: "修改我的报价" }).isVisible()).toBe(true);
    await navigate(bank, "关注与动态", /\/market\/follows$/);
    await eventually(() => bank.getByTestId("feed-item").filter({ hasText: NEED }).count()).toBeGreaterThan(0);

    // 2. A guarantor offers to back the bank's loan offer (投担联动) from its offers page; the bank agrees.
    const guarantor = await as("guar1@inst.demo");
    await navigate(guarantor, "我的报价", /\/market\/offers$/);
    const toBack = guarantor.locator('[data-testid="offer-to-back"]', { hasText: NEED });
    await toBack.locator('input[name="coverageBp"]').fill("80");
    await toBack.locator('input[name="feeBp"]').fill("1");
    await Promise.all([guarantor.waitForURL(/\/market\/offers\/[^/]+$/), toBack.getByRole("button", { name: "加入担保" }).click()]);
    await bank.goto(bankOfferUrl);
    const proposals = bank.getByTestId("guarantee-proposals");
    await eventually(() => proposals.textContent()).toContain("西域融资担保");
    await Promise.all([bank.waitForURL(bankOfferUrl), proposals.getByRole("button", { name: "同意担保（生成新版本报价）" }).click()]);
    await eventually(() => bank.getByTestId("total-cost").textContent()).toContain("4.65%");
    await guarantor.reload();
    await eventually(() => guarantor.getByTestId("parties").textContent()).toContain("天山商业银行");
    await eventually(() => guarantor.getByTestId("parties").textContent()).toContain("西域融资担保");
    // 3.60% + 0.50% fee over 2 years (0.25%) + 1% guarantee fee on 80% (0.80%) = 4.65%
    await eventually(() => guarantor.getByTestId("total-cost").textContent()).toContain("4.65%");

    // 3. A second bank finds the same need; its first attempt is nonsense and is refused field by field.
    const bank2 = await as("bank2@inst.demo");
    expect(await findNeed(bank2)).toBe(needId);
    await Promise.all([bank2.waitForURL(/\/market\/needs\/[^/]+\/offer$/), bank2.getByTestId("need-actions").getByRole("link", { name: "报价", exact: true }).click()]);
    await bank2.locator('input[name="terms.amount"]').fill("-5000000");
    await bank2.locator('input[name="terms.termMonths"]').fill("24");
    await bank2.locator('input[name="terms.rateBp"]').fill("10000"); // 10,000% a year
    await bank2.locator('textarea[name="terms.conditions"]').fill('<img src=x onerror="document.title=\'pwned\'">放款条件');
    await bank2.locator('input[name="validUntil"]').fill("2020-01-01");
    // The browser's own checks (min date) would stop a person; the server must stop a script that skips them.
    await bank2.locator("form#offer").evaluate((form: HTMLFormElement) => {
      form.noValidate = true;
    });
    await bank2.getByRole("button", { name: "提交报价" }).click();
    const errors = bank2.locator(".field-error");
    await eventually(() => errors.count()).toBe(4);
    const shown = (await errors.allTextContents()).join(" | ");
    for (const message of ["金额不能为负数", "年利率不能超过 36%", "有效期不能早于今天", "不要包含 HTML 标签"]) expect(shown).toContain(message);
    expect(bank2.url()).toMatch(/\/offer$/);
    expect(await bank2.getByTestId("my-offer").count()).toBe(0);
    expect(await bank2.title()).not.toBe("pwned");
    await fillLoan(bank2, { ratePct: "3.95" });
    await Promise.all([bank2.waitForURL(/\/market\/offers\/[^/]+$/), bank2.getByRole("button", { name: "提交报价" }).click()]);

    // 4. The enterprise opens its need from "my needs" and compares: the combined offer shows both parties.
    const enterprise = await as("ent01@demo.xj");
    await navigate(enterprise, "我的融资需求", /\/needs\/mine$/);
    await Promise.all([enterprise.waitForURL(`**/needs/${needId}`), enterprise.getByTestId("own-need").filter({ hasText: NEED }).getByRole("link").first().click()]);
    await Promise.all([enterprise.waitForURL(/\/offers$/), enterprise.getByTestId("need-actions").getByRole("link", { name: "比较报价（2）" }).click()]);
    const rows = enterprise.getByTestId("offer-row");
    await eventually(() => rows.count()).toBe(2);
    const first = rows.filter({ hasText: "天山商业银行" });
    await eventually(() => first.textContent()).toContain("西域融资担保");
    await eventually(() => first.getByTestId("all-in").textContent()).toContain("4.65%");
    await eventually(() => rows.filter({ hasText: "丝路银行" }).getByTestId("all-in").textContent()).toContain("3.95%");
    await eventually(() => rows.filter({ hasText: "丝路银行" }).getByTestId("all-in").getAttribute("class")).toMatch(/bg-emerald-50/);
    await screenshot(enterprise, "financing-compare");

    // 5. It chats with the first bank in real time: the bank opens the same conversation from its offer.
    await Promise.all([enterprise.waitForURL(/\/messages\/[^/]+$/), first.getByRole("button", { name: "在线沟通" }).click()]);
    const conversationUrl = enterprise.url();
    await bank.goto(bankOfferUrl);
    await Promise.all([bank.waitForURL(/\/messages\/[^/]+$/), bank.getByRole("button", { name: "在线沟通" }).click()]);
    expect(bank.url()).toBe(conversationUrl);
    await eventually(() => bank.getByTestId("connection").getAttribute("data-state")).toBe("online");
    await eventually(() => enterprise.getByTestId("connection").getAttribute("data-state")).toBe("online");
    await enterprise.locator('textarea[name="body"]').fill("担保费能否再降一点？");
    await enterprise.getByTestId("send").click();
    await eventually(() => bank.getByTestId("message-body").filter({ hasText: "担保费能否再降一点？" }).count()).toBe(1);
    await bank.locator('textarea[name="body"]').fill("可以，担保费可降至 0.8%。");
    await bank.getByTestId("send").click();
    await eventually(() => enterprise.getByTestId("message-body").filter({ hasText: "可降至 0.8%" }).count()).toBe(1);
    // The enterprise invites the exchange's staff into the thread.
    const staffName = (await enterprise.locator("#staffUserId option").first().textContent())!.trim();
    await enterprise.locator("#staffUserId").selectOption({ index: 0 });
    await enterprise.getByRole("button", { name: "邀请", exact: true }).click();
    await eventually(() => enterprise.locator("main").textContent()).toContain(`股交中心人员: ${staffName}`);

    // 6. It accepts the combined offer and records the outcome from the comparison's link.
    await enterprise.goto(`/market/needs/${needId}/offers`);
    await enterprise.getByTestId("offer-row").filter({ hasText: "天山商业银行" }).getByRole("button", { name: "接受" }).click();
    const accepted = enterprise.getByTestId("offer-row").filter({ hasText: "天山商业银行" });
    await eventually(() => accepted.textContent()).toContain("已接受");
    await Promise.all([enterprise.waitForURL(/\/market\/offers\/[^/]+/), accepted.getByRole("link", { name: "登记融资结果" }).click()]);
    await enterprise.waitForLoadState("networkidle");
    await enterprise.locator('input[name="amountObtained"]').fill("3000");
    await enterprise.getByRole("button", { name: "登记融资结果" }).click();
    await eventually(() => enterprise.locator("main").textContent()).toContain("已完成");

    // The regulators' page counts it.
    const regulator = await as("finance@reg.demo");
    await navigate(regulator, "融资成效", /\/market\/outcomes/);
    await eventually(() => regulator.getByTestId("outcome-totals").isVisible()).toBe(true);
    await screenshot(regulator, "financing-outcomes");
  }, 240_000);
});
