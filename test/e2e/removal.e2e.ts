import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { ENTERPRISES } from "@seed/world";
import { eventually, signIn, screenshot, specBrowser } from "./support";

/**
 * Removal for a violation at any time (Attachment 1 §(五)), in zh-CN, each role in its own browser context: a member
 * follows a listed enterprise → exchange staff record a violation with an evidence file → a reviewer confirms it and
 * proposes removal → the three regulators approve the one-enterprise plan → the enterprise's profile and the
 * follower's feed show the removal with the cited reason.
 */

const browser = specBrowser();

async function as(email: string | null): Promise<Page> {
  const context = await browser.open("zh-CN");
  const page = await context.newPage();
  if (email) await signIn(page, email);
  return page;
}

const ENTERPRISE = ENTERPRISES[6]![0]; // admitted in the seed's first round; no other spec uses it
const SOURCE = `新疆证监局行政处罚决定书〔2026〕${Date.now().toString(36)}号`;
const PDF = Buffer.from("%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");

describe("removal for a violation, end to end (zh-CN)", () => {
  test("record → confirm → propose → three approvals → profile and feed show the cited reason", async () => {
    // 1. Exchange staff record the violation; the form lists the listed enterprises (its value is the profile's id).
    const staff = await as("service@xjex.demo");
    await staff.goto("/board/violations");
    const option = staff.locator('select[name="enterpriseOrgId"] option', { hasText: ENTERPRISE });
    const orgId = await option.getAttribute("value");
    expect(orgId).toBeTruthy();

    // A member follows the enterprise, so the removal reaches its feed.
    const bank = await as("bank2@inst.demo");
    await bank.goto(`/enterprises/${orgId}`);
    await bank.getByTestId("follow-button").click();
    await eventually(() => bank.getByTestId("follow-button").getAttribute("aria-pressed")).toBe("true");

    await staff.locator('select[name="enterpriseOrgId"]').selectOption(orgId!);
    await staff.locator('select[name="kind"]').selectOption("regulatory_penalty");
    await staff.locator('input[name="source"]').fill(SOURCE);
    await staff.locator('input[name="occurredOn"]').fill("2026-02-27");
    await staff.locator('textarea[name="description"]').fill("未按规定披露对外担保事项");
    await staff.locator('textarea[name="evidence"]').fill("处罚决定书文号及公开链接");
    await staff.locator('form:has(select[name="enterpriseOrgId"]) button.btn-primary').click();
    const row = staff.getByTestId("violation-row").filter({ hasText: SOURCE });
    await eventually(() => row.count()).toBe(1);
    // Evidence as a file, checked by content on upload.
    await row.locator('input[name="file"]').setInputFiles({ name: "处罚决定书.pdf", mimeType: "application/pdf", buffer: PDF });
    await row.locator('form[enctype="multipart/form-data"] button').click();
    await eventually(() => staff.getByTestId("violation-row").filter({ hasText: SOURCE }).textContent()).toContain("处罚决定书.pdf");

    // 2. A reviewer confirms it and proposes removal, then submits the one-enterprise plan.
    const reviewer = await as("reviewer@xjex.demo");
    await reviewer.goto("/board/violations");
    const reviewRow = () => reviewer.getByTestId("violation-row").filter({ hasText: SOURCE });
    await reviewRow().locator('button[name="intent"][value="confirm"]').click();
    await eventually(() => reviewRow().locator('button[name="intent"][value="propose"]').count()).toBe(1);
    await Promise.all([reviewer.waitForURL(/\/board\/plans\/.+/), reviewRow().locator('button[name="intent"][value="propose"]').click()]);
    const planUrl = new URL(reviewer.url()).pathname;
    await expect(reviewer.getByTestId("cited-violation").textContent()).resolves.toContain(SOURCE);
    await reviewer.locator('button[name="intent"][value="submit"]').click();
    await eventually(() => reviewer.locator("h1").textContent()).toContain("待审定");

    // 3. The three regulators approve; each sees the cited violation and its evidence file.
    for (const email of ["miit@reg.demo", "finance@reg.demo", "csrc@reg.demo"]) {
      const reg = await as(email);
      await reg.goto(planUrl);
      await expect(reg.getByTestId("cited-violation").textContent()).resolves.toContain("处罚决定书.pdf");
      await reg.locator('button[name="intent"][value="approve"]').click();
      await eventually(() => reg.locator("body").textContent()).toMatch(/本部门已同意|已审定/);
    }

    // 4. The profile shows the removal with the cited reason, to anyone who sees the profile.
    const visitor = await as(null);
    await visitor.goto(`/enterprises/${orgId}`);
    await eventually(() => visitor.getByTestId("removal").textContent()).toContain(SOURCE);
    await expect(visitor.getByTestId("removal").textContent()).resolves.toContain("清退");
    await screenshot(visitor, "removal-profile-zh");

    // 5. The follower's feed shows it too.
    await bank.goto("/market/follows");
    await eventually(() => bank.getByTestId("feed-removal").filter({ hasText: SOURCE }).count()).toBe(1);
    await screenshot(bank, "removal-feed-zh");
  }, 300_000);
});
