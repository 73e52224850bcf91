import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { eventually, signIn, screenshot, specBrowser, waitForHydration, navLink } from "./support";

/**
 * The exchange admin's scheduled-jobs page on the running server: the scheduler has already run the
 * interval jobs by the time anyone looks; "Run now" runs one and shows its result; others are refused.
 */
const browser = specBrowser();

async function signedIn(email: string): Promise<Page> {
  const context = await browser.open("zh-CN");
  const page = await context.newPage();
  await signIn(page, email);
  return page;
}

describe("scheduled jobs page", () => {
  test("the admin finds it in the navigation, sees the scheduler's runs, and runs a job now", async () => {
    const admin = await signedIn("admin@xjex.demo");
    const jobsLink = await navLink(admin, { href: "/admin/jobs" });
    await Promise.all([admin.waitForURL(/\/admin\/jobs$/), jobsLink.click()]);
    // The URL changes a moment before the new page renders (client-side navigation).
    await eventually(() => admin.locator("h1.page-title").first().textContent()).toBe("定时任务");
    const mail = admin.locator('[data-testid="job-mail.deliver"]');
    await expect(mail.textContent()).resolves.toContain("发送邮件");
    // The 5-second mail job has run on its own since the server started.
    await eventually(async () => {
      await admin.reload();
      return admin.locator('[data-testid="job-mail.deliver"]').textContent();
    }).toMatch(/成功|运行中/);
    await expect(admin.locator('[data-testid="job-custody.remind"]').textContent()).resolves.toContain("时间表 0 9 * * *（北京时间）");

    await waitForHydration(admin);
    await admin.locator('[data-testid="job-needs.expire"] button[type="submit"]').click();
    await eventually(() => admin.locator('[data-testid="job-run-result"]').textContent()).toContain("已运行“融资需求到期”");
    await eventually(() => admin.locator('[data-testid="job-needs.expire"]').textContent()).toContain("已到期 0 条");
    await screenshot(admin, "jobs-admin-zh");
  });

  test("other users are refused", async () => {
    const bank = await signedIn("bank1@inst.demo");
    const response = await bank.goto("/admin/jobs");
    expect(response?.status()).toBe(403);
    await expect(bank.locator('nav a[href="/admin/jobs"]').count()).resolves.toBe(0);
  });
});
