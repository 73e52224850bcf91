import type { BrowserContext, Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { ENTERPRISES } from "@seed/world";
import { eventually, signIn, navLink, screenshot, setLocaleCookie, specBrowser, waitForHydration } from "./support";

/**
 * The roadshow journey on the running demo: the scheduler creates a joint roadshow with a deck → a bank registers and
 * downloads the .ics → in the live room the enterprise flips pages while a bank and a PE watch in two browser contexts
 * (each gets the new page, rendered with their own watermark) → the PE asks, the moderator approves, the bank upvotes,
 * the enterprise answers. "After the end" is checked on the demo's past roadshow (the clock cannot be moved on a
 * running server): its DD Q&A, the activity-record PDF and the attendance; the enterprise of the past joint roadshow
 * publishes one answered question as an FAQ and a bank reads it on the profile. One pass of the public page in English.
 */
const browser = specBrowser();
const TIANRUN = ENTERPRISES[1]![0];
const TIANHONG = ENTERPRISES[8]![0];

async function signedIn(email: string, locale: "zh-CN" | "en" = "zh-CN"): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.open(locale);
  if (locale === "en") await setLocaleCookie(context, "en");
  const page = await context.newPage();
  await signIn(page, email);
  return { context, page };
}

/** A Beijing-time value for a datetime-local input, `minutes` from now. */
function beijingLocal(minutes: number): string {
  const d = new Date(Date.now() + minutes * 60_000 + 8 * 3_600_000);
  return d.toISOString().slice(0, 16);
}

async function enterRoom(page: Page, eventId: string, consent: boolean): Promise<void> {
  await page.goto(`/roadshows/${eventId}/live`);
  await waitForHydration(page);
  if (consent) await page.locator("#consent").check();
  await page.getByRole("button", { name: "进入直播间" }).click();
  await eventually(() => page.locator('[data-testid="live-room"]').getAttribute("data-online")).toBe("yes");
}

let eventId = "";

describe("roadshows", () => {
  test("the scheduler creates a joint roadshow with a deck; a bank registers and gets the .ics", async () => {
    const { page: scheduler } = await signedIn("roadshow@xjex.demo");
    await waitForHydration(scheduler);
    const scheduleLink = await navLink(scheduler, { href: "/roadshows/schedule" });
    await Promise.all([scheduler.waitForURL(/\/roadshows\/schedule/), scheduleLink.click()]);
    await eventually(() => scheduler.locator("h1.page-title").first().textContent()).toBe("路演排期");
    await scheduler.goto("/roadshows/events/new");
    await waitForHydration(scheduler);
    await scheduler.locator("#f-title").fill("新能源装备集中路演（第二期）");
    await scheduler.locator("#f-format").selectOption("onsite");
    await scheduler.locator("#f-venueId").selectOption({ label: "深交所全国路演平台新疆基地（200 座）" });
    await scheduler.locator("#f-startsAt").fill(beijingLocal(20));
    await scheduler.locator("#f-endsAt").fill(beijingLocal(80));
    await scheduler.locator("#f-registrationDeadline").fill(beijingLocal(10));
    await scheduler.locator("#f-capacity").fill("100");
    await scheduler.locator('select[name="slots[0].enterpriseOrgId"]').selectOption({ label: TIANRUN });
    await scheduler.locator('select[name="slots[0].deckId"]').selectOption({ label: `${TIANRUN} · 天润新能源 B 轮路演（定向）` });
    await scheduler.locator('select[name="slots[1].enterpriseOrgId"]').selectOption({ label: TIANHONG });
    await scheduler.getByLabel("古丽娜·阿不都").check();

    // A javascript: stream URL is refused with a clear message and nothing is stored.
    await scheduler.locator("#f-streamUrl").evaluate((el) => ((el as HTMLInputElement).type = "text"));
    await scheduler.locator("#f-streamUrl").fill("javascript:alert(1)");
    await scheduler.getByRole("button", { name: "创建路演" }).click();
    await eventually(() => scheduler.locator(".field-error").allTextContents()).toContain("只接受 http:// 或 https:// 开头的地址。");
    await scheduler.locator("#f-streamUrl").fill("");
    await Promise.all([scheduler.waitForURL(/\/roadshows\/[a-z0-9]{20,}$/), scheduler.getByRole("button", { name: "创建路演" }).click()]);
    eventId = new URL(scheduler.url()).pathname.split("/").pop()!;
    await eventually(() => scheduler.locator("h1.page-title").textContent()).toBe("新能源装备集中路演（第二期）");
    await expect(scheduler.locator("ol").first().textContent()).resolves.toContain(TIANHONG);

    const { context: bankContext, page: bank } = await signedIn("bank1@inst.demo");
    await bank.goto(`/roadshows/${eventId}`);
    await waitForHydration(bank);
    await bank.getByRole("button", { name: "报名参加" }).click();
    await eventually(() => bank.locator("main").textContent()).toContain("您已报名");
    const ics = await bankContext.request.get(`/roadshows/${eventId}/calendar.ics`);
    expect(ics.status()).toBe(200);
    expect(ics.headers()["content-type"]).toContain("text/calendar");
    const body = await ics.text();
    expect(body).toContain("SUMMARY:新能源装备集中路演（第二期）");
    expect(body).toContain("DTSTART;TZID=Asia/Shanghai:");
    await screenshot(bank, "roadshow-event-zh");
  });

  test("live room: the enterprise flips pages for a bank and a PE, each with their own watermark; moderated Q&A", async () => {
    expect(eventId).not.toBe("");
    const { page: enterprise } = await signedIn("ent02@demo.xj");
    const { context: bankContext, page: bank } = await signedIn("bank1@inst.demo");
    const { context: peContext, page: pe } = await signedIn("pe1@inst.demo");
    const { page: moderator } = await signedIn("service@xjex.demo");
    await enterRoom(enterprise, eventId, false);
    await enterRoom(bank, eventId, true);
    await enterRoom(pe, eventId, true);
    await enterRoom(moderator, eventId, false);

    await eventually(() => bank.locator('[data-testid="slide"]').getAttribute("data-page")).toBe("1");
    await enterprise.getByRole("button", { name: "下一页" }).click();
    await eventually(() => bank.locator('[data-testid="slide"]').getAttribute("data-page")).toBe("2");
    await eventually(() => pe.locator('[data-testid="slide"]').getAttribute("data-page")).toBe("2");
    // Same page, two viewers: two different images (each watermark names its viewer).
    const src = (await bank.locator('[data-testid="slide"]').getAttribute("src"))!;
    const [bankImage, peImage] = await Promise.all([bankContext.request.get(src), peContext.request.get(src)]);
    expect(bankImage.headers()["content-type"]).toBe("image/webp");
    expect(Buffer.compare(await bankImage.body(), await peImage.body())).not.toBe(0);
    await eventually(() => bank.locator('[data-testid="slide"]').evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);

    // A viewer browses away and comes back to the presenter's page; a viewer cannot move anyone else.
    await bank.getByRole("button", { name: "下一页" }).click();
    await eventually(() => bank.locator('[data-testid="slide"]').getAttribute("data-page")).toBe("3");
    await expect(pe.locator('[data-testid="slide"]').getAttribute("data-page")).resolves.toBe("2");
    await bank.getByRole("button", { name: "回到主讲人当前页" }).click();
    await eventually(() => bank.locator('[data-testid="slide"]').getAttribute("data-page")).toBe("2");

    // The PE asks anonymously; nobody but staff sees it until the moderator approves.
    await pe.locator("#question").fill("B 轮资金中用于海外市场的比例是多少？");
    await pe.getByLabel("匿名提问（其他观众看不到我的姓名）").check();
    await pe.getByRole("button", { name: "提交问题" }).click();
    await eventually(() => moderator.locator('[data-testid="pending-questions"]').textContent()).toContain("B 轮资金中用于海外市场的比例是多少？");
    await expect(moderator.locator('[data-testid="pending-questions"]').textContent()).resolves.toContain("赵一鸣");
    await expect(bank.locator('[data-testid="questions"]').textContent()).resolves.not.toContain("海外市场");
    await moderator.locator('[data-testid="pending-questions"]').getByRole("button", { name: "通过" }).click();
    const question = bank.locator('[data-testid="questions"] li', { hasText: "海外市场" });
    await eventually(() => question.count()).toBe(1);
    await expect(question.textContent()).resolves.toContain("匿名观众");
    await question.getByRole("button", { name: "点赞" }).click();
    await eventually(() => pe.locator('[data-testid="questions"] li', { hasText: "海外市场" }).locator('[data-testid="votes"]').textContent()).toBe("1");
    await eventually(() => question.getByRole("button", { name: "点赞" }).isDisabled()).toBe(true);

    const onStage = enterprise.locator('[data-testid="questions"] li', { hasText: "海外市场" });
    await onStage.getByPlaceholder("文字回答").fill("约 25%，主要用于中亚市场渠道建设。");
    await onStage.getByRole("button", { name: "回答", exact: true }).click();
    await eventually(() => question.textContent()).toContain("约 25%，主要用于中亚市场渠道建设。");

    // Chat: sent, seen by the other side, HTML shown as text.
    await bank.locator("#chat-input").fill("<b>天山银行</b> 已进入");
    await bank.getByRole("button", { name: "发送", exact: true }).click();
    await eventually(() => pe.locator('[data-testid="chat"]').textContent()).toContain("<b>天山银行</b> 已进入");
    await screenshot(bank, "roadshow-live-zh");
  });

  test("after a roadshow: DD Q&A for the audience, the activity-record PDF and attendance for the enterprise and staff", async () => {
    const { context: entContext, page: ent } = await signedIn("ent01@demo.xj");
    await ent.goto("/roadshows");
    await Promise.all([ent.waitForURL(/\/roadshows\/[a-z0-9]{20,}$/), ent.getByRole("link", { name: "金沙锂电 2026 融资专场路演" }).click()]);
    const pastId = new URL(ent.url()).pathname.split("/").pop()!;
    await eventually(() => ent.locator("main").textContent()).toContain("尽调问答");
    await expect(ent.locator("main").textContent()).resolves.toContain("资金约 60% 用于两条新产线");
    await expect(ent.locator("main").textContent()).resolves.toContain("出席与互动");
    const pdf = await entContext.request.get(`/roadshows/${pastId}/record.pdf`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()["content-type"]).toBe("application/pdf");
    expect((await pdf.body()).subarray(0, 5).toString()).toBe("%PDF-");

    const { page: staff } = await signedIn("roadshow@xjex.demo");
    await staff.goto(`/roadshows/${pastId}`);
    await eventually(() => staff.locator("main table").textContent()).toContain("王海燕");
    const { page: otherBank } = await signedIn("bank2@inst.demo");
    await otherBank.goto(`/roadshows/${pastId}`);
    await eventually(() => otherBank.locator("main").textContent()).toContain("资金约 60% 用于两条新产线");
    await expect(otherBank.locator("main table").count()).resolves.toBe(0);
    // The replay player: choosing the moment of the first page flip shows that page (with this viewer's watermark)
    // and dims what came later.
    await waitForHydration(otherBank);
    const firstFlip = otherBank.locator('[data-testid="replay"] li', { hasText: "翻到" }).first();
    const flipPage = /第 (\d+) 页/.exec((await firstFlip.textContent()) ?? "")![1]!;
    await firstFlip.getByRole("button").click();
    await eventually(() => otherBank.locator('[data-testid="replay-slide"]').getAttribute("data-page")).toBe(flipPage);
    await eventually(() => otherBank.locator('[data-testid="replay-slide"] img').evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    await expect(otherBank.locator('[data-testid="replay"] li').last().getAttribute("data-happened")).resolves.toBe("no");
    const refused = await otherBank.goto(`/roadshows/${pastId}/record.pdf`);
    expect(refused?.status()).toBe(404);
  });

  test("the enterprise publishes an answered question as an FAQ on its profile; a bank sees it there, without the asker", async () => {
    const { page: ent } = await signedIn("ent02@demo.xj");
    await waitForHydration(ent);
    const faqLink = await navLink(ent, { href: "/roadshows/faq" });
    await Promise.all([ent.waitForURL(/\/roadshows\/faq$/), faqLink.click()]);
    await eventually(() => ent.locator("h1.page-title").textContent()).toBe("路演问答精选");
    const candidate = ent.locator('[data-testid="faq-candidate"]', { hasText: "本轮融资的资金主要投向哪些产线？" });
    await eventually(() => candidate.count()).toBe(1);
    await candidate.getByLabel("要发布的回答").fill("约 60% 投向两条新产线，明年三季度达产。");
    await candidate.getByRole("button", { name: "发布到主页" }).click();
    const entry = ent.locator('[data-testid="faq-published"] [data-testid="faq-entry"]', { hasText: "本轮融资的资金主要投向哪些产线？" });
    await eventually(() => entry.count()).toBe(1);
    // The answer as given in the room stays beside the published wording.
    await expect(entry.textContent()).resolves.toContain("资金约 60% 用于两条新产线");
    const profileHref = (await ent.getByRole("link", { name: "在企业主页查看" }).getAttribute("href"))!;

    const { page: bank } = await signedIn("bank2@inst.demo");
    await bank.goto(profileHref);
    const faq = bank.locator('[data-testid="profile-faq"]');
    await eventually(() => faq.textContent()).toContain("本轮融资的资金主要投向哪些产线？");
    await expect(faq.textContent()).resolves.toContain("约 60% 投向两条新产线，明年三季度达产。");
    await expect(faq.textContent()).resolves.toContain("新能源装备集中路演（第一期）");
    // The asker (pe1, who asked under their name in the room) is not named on the profile.
    await expect(faq.textContent()).resolves.not.toContain("赵一鸣");
    await expect(faq.textContent()).resolves.not.toContain("雪莲");
    await screenshot(bank, "enterprise-profile-faq-zh");
  });

  test("the public list in English, without login", async () => {
    const context = await browser.open("en");
    await setLocaleCookie(context, "en");
    const page = await context.newPage();
    await page.goto("/roadshows");
    await eventually(() => page.locator("h1.page-title").textContent()).toBe("Roadshows");
    await expect(page.locator("main").textContent()).resolves.toContain("绿色农业与食品加工专场路演");
    await expect(page.locator("main").textContent()).resolves.not.toContain("高端装备定向路演");
    await screenshot(page, "roadshows-public-en");
  });
});
