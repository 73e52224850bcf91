import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { ENTERPRISES } from "@seed/world";
import { eventually, signIn, screenshot, specBrowser } from "./support";

/**
 * The board admission journey in zh-CN, one role after another, each in its own browser context:
 * admin opens a round → enterprise applies → bureau forwards → admin closes applications → reviewer
 * checks and assembles the plan → the three regulators approve → the public notice lists it → the
 * admin ends the period early (no objections; recorded in the audit chain) and admits → the
 * enterprise sees its tier and service person.
 */

const browser = specBrowser();

async function as(email: string | null): Promise<Page> {
  const context = await browser.open("zh-CN");
  const page = await context.newPage();
  if (email) await signIn(page, email);
  return page;
}

const ENTERPRISE = ENTERPRISES[39]![0]; // 哈密光热发电技术有限公司, left untouched by the seed
const ROUND = `E2E批次${Date.now().toString(36)}`;
const PDF = Buffer.from("%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");

async function clickAndWait(page: Page, selector: string, url: RegExp | ((u: URL) => boolean)) {
  await Promise.all([page.waitForURL(url), page.locator(selector).first().click()]);
}

describe("board admission, end to end (zh-CN)", () => {
  test("from application to admission", async () => {
    // 1. The exchange admin opens a round.
    const admin = await as("admin@xjex.demo");
    await admin.goto("/board/rounds");
    await admin.locator("#n-name").fill(ROUND);
    await admin.locator("#n-bd").fill("2030-01-15");
    await admin.locator("#n-pd").fill("2030-01-26");
    await admin.locator('button[name="intent"][value="open"]').click();
    await eventually(() => admin.locator("table").textContent()).toContain(ROUND);

    // 2. The enterprise fills in the form step by step and submits.
    const ent = await as("ent40@demo.xj");
    await ent.goto("/board/apply");
    await ent.locator("#roundId").selectOption({ label: `${ROUND}（工信局截止 2030-01-15）` });
    await clickAndWait(ent, "form:has(#roundId) button", /step=basics/);
    await ent.locator('select[name="industrySection"]').selectOption("D");
    await ent.locator('textarea[name="mainBusiness"]').fill("塔式光热电站聚光集热系统研发与运维");
    await ent.locator('input[name="contacts[1].name"]').fill("张晓东");
    await ent.locator('input[name="contacts[1].phone"]').fill("13999001122");
    await clickAndWait(ent, 'button[name="intent"][value="basics"]', /step=recognition/);
    await ent.locator('select[name="srdiStatus"]').selectOption("srdi_sme");
    await ent.locator('input[name="srdiCertificateNo"]').fill("XJGXT-2025-0399");
    await ent.locator('select[name="peRounds[0].round"]').selectOption("b");
    await ent.locator('input[name="peRounds[0].investors"]').fill("天池股权投资基金");
    await ent.locator('input[name="peRounds[0].amountWan"]').fill("5000");
    await ent.locator('input[name="peRounds[0].closedOn"]').fill("2025-05-20");
    // A PE-invested enterprise qualifies only as an SME, so its size is declared (Attachment 1 §(二)).
    await ent.locator('select[name="smeSize"]').selectOption("medium");
    await clickAndWait(ent, 'button[name="intent"][value="recognition"]', /step=financials/);
    const year = ent.locator('input[name="years[0].fiscalYear"]');
    await year.fill("2025");
    for (const [f, v] of [["revenueWan", "26000"], ["netProfitWan", "2600"], ["netAssetsWan", "18000"], ["rdExpenseWan", "1700"], ["operatingCashFlowWan", "2400"], ["totalShares", "80000000"]] as const) {
      await ent.locator(`input[name="years[0].${f}"]`).fill(v);
    }
    await clickAndWait(ent, 'button[name="intent"][value="financials"]', /step=files/);
    await ent.locator('input[name="file"]').setInputFiles({ name: "审计报告.pdf", mimeType: "application/pdf", buffer: PDF });
    await clickAndWait(ent, 'form[enctype="multipart/form-data"] button', /step=files/);
    await eventually(() => ent.locator("main").textContent()).toContain("审计报告.pdf");
    await ent.goto(ent.url().replace("step=files", "step=review"));
    await ent.locator('button[name="intent"][value="submit"]').click();
    await eventually(() => ent.locator("h1").textContent()).toContain("已提交待工信局审核");

    // 3. The Hami bureau forwards it.
    const bureau = await as("bureau6505@gov.demo");
    await bureau.goto("/board/queue?state=submitted");
    await bureau.locator("tr", { hasText: ENTERPRISE }).filter({ hasText: ROUND }).locator('button[name="ids"]').click();
    await eventually(() => bureau.locator("tr", { hasText: ENTERPRISE }).filter({ hasText: ROUND }).textContent()).toContain("已报送股交中心");

    // 4. The admin closes applications for the round.
    await admin.goto("/board/rounds");
    await admin.locator("tr", { hasText: ROUND }).locator('button[value="close"]').click();
    await eventually(() => admin.locator("tr", { hasText: ROUND }).textContent()).toContain("审核中");

    // 5. The reviewer checks it (the rules propose a tier with evidence) and assembles the plan.
    const reviewer = await as("reviewer@xjex.demo");
    await reviewer.goto("/board/review?show=toCheck");
    await clickAndWait(reviewer, `a:has-text("${ENTERPRISE}")`, /\/board\/review\/.+/);
    await expect(reviewer.locator('[data-testid="matched-evidence"]').textContent()).resolves.toMatch(/\S/);
    await reviewer.locator('button[name="intent"][value="decide"]').click();
    await eventually(() => reviewer.locator("h1").textContent()).toContain("已初核");
    await reviewer.goto("/board/plans");
    await reviewer.locator("#roundId").selectOption({ label: ROUND });
    await clickAndWait(reviewer, "form:has(#roundId) button", /\/board\/plans\/.+/);
    const planUrl = new URL(reviewer.url()).pathname;
    await reviewer.locator('button[name="intent"][value="submit"]').click();
    await eventually(() => reviewer.locator("h1").textContent()).toContain("待审定");

    // 6. The three regulators approve.
    for (const email of ["miit@reg.demo", "finance@reg.demo", "csrc@reg.demo"]) {
      const reg = await as(email);
      await reg.goto(planUrl);
      await expect(reg.locator("table").textContent()).resolves.toContain(ENTERPRISE);
      await reg.locator('button[name="intent"][value="approve"]').click();
      await eventually(() => reg.locator("body").textContent()).toMatch(/本部门已同意|已审定/);
    }

    // 7. The public notice lists it, without login.
    const visitor = await as(null);
    await visitor.goto("/notices");
    await clickAndWait(visitor, `a:has-text("${ROUND}")`, /\/notices\/.+/);
    await eventually(() => visitor.locator("body").textContent()).toContain(ENTERPRISE);
    await expect(visitor.locator('[data-testid="notice-period"]').textContent()).resolves.toContain("公示期");
    await screenshot(visitor, "board-notice-zh");

    // 8. No objections: the admin ends the period early (audited), then admits.
    await admin.goto("/board/notices");
    await clickAndWait(admin, `a:has-text("${ROUND}")`, /\/board\/notices\/.+/);
    await eventually(() => admin.locator("#reason").count()).toBe(1);
    await admin.locator("#reason").fill("三部门书面同意缩短公示期（e2e 演练）");
    await admin.locator('button[name="intent"][value="end-early"]').click();
    await eventually(() => admin.locator("body").textContent()).toContain("公示期满");
    await admin.locator('button[name="intent"][value="admit"]').click();
    await eventually(() => admin.locator("body").textContent()).toContain("已办结");

    // 9. The enterprise sees its tier, entry date and service person.
    await ent.goto("/board/membership");
    const card = ent.locator('[data-testid="board-membership"]');
    await eventually(() => card.textContent()).toContain("在板");
    await expect(card.textContent()).resolves.toMatch(/规范层|培育层|孵化层/);
    await expect(card.textContent()).resolves.toContain("古丽娜");
    await screenshot(ent, "board-membership-zh");

    // 10. The dashboards carry the board's work: the enterprise's custody countdown, the bureau's queue
    //     (and its own way to file an application), the admin's rounds by state.
    await ent.goto("/dashboard");
    await expect(ent.locator('[data-testid="board-card-custody"]').textContent()).resolves.toMatch(/股权登记托管：剩余 \d+ 个工作日/);
    await bureau.goto("/dashboard");
    await expect(bureau.locator('[data-testid="board-card-to-forward"]').textContent()).resolves.toContain("待报送的申请");
    await expect(bureau.locator('nav a[href="/board/apply"]').count()).resolves.toBeGreaterThan(0);
    await admin.goto("/dashboard");
    await expect(admin.locator('[data-testid="board-card-rounds"]').textContent()).resolves.toContain("已结束");
  }, 420_000);
});
