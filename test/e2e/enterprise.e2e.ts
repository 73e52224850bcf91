import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Locator, Page } from "playwright-core";
import sharp from "sharp";
import { afterAll, describe, expect, test } from "vitest";
import type { Locale } from "~/i18n/config";
import type { Actor } from "~/modules/identity/actor";
import { viewerWatermark, watermarkHour } from "~/modules/roadshows/decks.server";
import { renderBasePage, watermarkPage } from "~/modules/roadshows/render.server";
import { buildSampleDeck } from "~/modules/roadshows/sample-deck";
import { repoRoot } from "../support/build";
import { eventually, signIn, screenshot, searchNeeds, setLocaleCookie, specBrowser, waitForHydration, navLink } from "./support";

// Issue 5 in the browser: an enterprise edits its profile and financials, narrows who sees a section, publishes a
// members-only loan need and a directed equity need with a deck; a bank sees the first and not the second (page,
// list, search), asks for the hidden section and is granted it; the directed PE fund reads the deck and the page
// image the server sent carries its own watermark; the enterprise sees the views. Then a short pass in English.

const ENTERPRISE = "ent05@demo.xj";
const BANK = "bank3@inst.demo";
const PE = "pe3@inst.demo";
const PE_ORG = "天池股权投资基金管理有限公司";

// One tag per run makes this run's needs and deck easy to find by search and list.
const tag = `R${crypto.randomInt(10_000, 99_999)}`;
const LOAN_TITLE = `扩产流动资金贷款 ${tag}`;
const EQUITY_TITLE = `天池定向 A 轮股权融资 ${tag}`;
const DECK_TITLE = `A 轮路演材料 ${tag}`;
const XSS = `<img src=x onerror="window.__xss=1">`;

const browser = specBrowser();
const renderDir = fs.mkdtempSync(path.join(os.tmpdir(), "e2e-deck-"));

afterAll(() => {
  fs.rmSync(renderDir, { recursive: true, force: true });
});

async function as(email: string): Promise<Page> {
  const context = await browser.open("zh-CN");
  const page = await context.newPage();
  await signIn(page, email);
  await waitForHydration(page);
  return page;
}

/** Clicks something that navigates, waits for the new URL and for hydration (forms typed into earlier can be reset). */
async function follow(page: Page, target: Locator | Promise<Locator>, url: RegExp | ((u: URL) => boolean)): Promise<void> {
  try {
    const link = await target;
    await Promise.all([page.waitForURL(url), link.click()]);
  } catch (error) {
    // What the page says (a field error, a 404) is the quickest clue when a navigation does not happen.
    await screenshot(page, `enterprise-failed-${Date.now()}`).catch(() => undefined);
    const shown = await page.locator("main").innerText({ timeout: 2_000 }).catch(() => "");
    throw new Error(`${(error as Error).message.split("\n")[0]} at ${page.url()}; the page shows:\n${shown.slice(0, 1500)}`);
  }
  await waitForHydration(page);
}

const nav = (page: Page, name: string) => navLink(page, { name });
const toast = (page: Page) => page.getByTestId("toast");
const mainText = (page: Page) => page.locator("main").innerText();
// The header shows the organisation only on wide screens; the title always has "name · organisation".
const whoami = async (page: Page) => ((await page.getByTestId("whoami").getAttribute("title")) ?? "").split(" · ") as [string, string];
const checkOrg = (scope: Locator, name: string) => scope.locator("label", { hasText: name }).locator("input[type=checkbox]").check();

/** Mean absolute difference per channel between two images of the same size (0 = identical). */
async function imageDistance(a: Buffer, b: Buffer): Promise<number> {
  const [ra, rb] = await Promise.all([a, b].map((x) => sharp(x).removeAlpha().raw().toBuffer({ resolveWithObject: true })));
  expect([ra!.info.width, ra!.info.height]).toEqual([rb!.info.width, rb!.info.height]);
  let sum = 0;
  for (let i = 0; i < ra!.data.length; i++) sum += Math.abs(ra!.data[i]! - rb!.data[i]!);
  return sum / ra!.data.length;
}

/**
 * How far a served page image is from the server's own render of this viewer's watermark in this language. The
 * watermark names the hour of the request; a run that straddles the hour may carry either, so the nearer counts.
 */
async function watermarkDistance(received: Buffer, base: Buffer, [name, orgName]: [string, string], locale: Locale, since: number): Promise<number> {
  const viewer = { kind: "actor" as const, actor: { name, orgName } as Actor };
  const hours = [...new Set([watermarkHour(since), watermarkHour(Date.now())])];
  return Math.min(...(await Promise.all(hours.map(async (h) => imageDistance(received, await watermarkPage(base, await viewerWatermark(viewer, h, locale)))))));
}

describe("enterprise profile, disclosure, needs and decks (issue 5)", () => {
  let enterprise: Page;
  let bank: Page;
  let pe: Page;
  let enterpriseId = "";
  let loanUrl = "";
  let equityUrl = "";
  let deckUrl = "";
  let deckPdf: Uint8Array;
  /** The clean raster of page 1, as the server draws it before any watermark. */
  const basePage = async () => (await renderBasePage({ dir: renderDir }, "e2e", async () => deckPdf, 1)).png;

  test("the enterprise edits its profile and financials and directs its financials to one fund", async () => {
    deckPdf = await buildSampleDeck({ title: `Tianchi Series A ${tag}`, pages: 3 });
    enterprise = await as(ENTERPRISE);
    await follow(enterprise, nav(enterprise, "企业资料"), (u) => u.pathname === "/profile");
    enterpriseId = new URL(await enterprise.getByRole("link", { name: "查看展示页" }).evaluate((a) => (a as HTMLAnchorElement).href)).pathname.split("/")[2]!;

    await enterprise.locator('[name="summary"]').fill(`新疆锂电正极材料专精特新企业 ${tag}`);
    await enterprise.locator('[name="products"]').fill(`${XSS}磷酸铁锂正极材料、三元前驱体`);
    await enterprise.locator('[name="patents"]').fill("37");
    await enterprise.locator('[name="website"]').fill("https://tianchi-ent05.example.cn");
    await enterprise.locator('button[name="intent"][value="profile"]').click();
    await eventually(() => toast(enterprise).innerText()).toContain("企业资料已保存");
    await expect(enterprise.locator('[name="patents"]').inputValue()).resolves.toBe("37");

    // Financials: add the 2025 statement.
    await follow(enterprise, enterprise.getByRole("link", { name: "财务数据", exact: true }), /\/profile\/financials$/);
    const form = enterprise.locator("form#statement");
    // Typed in 万元, as the statement reads.
    const values = { fiscalYear: "2025", revenue: "18,600", netProfit: "2150", netAssets: "2.4亿", totalAssets: "41000", liabilities: "17000", rdExpense: "1580", operatingCashFlow: "2600" };
    for (const [name, value] of Object.entries(values)) await form.locator(`[name="${name}"]`).fill(value);
    await form.locator('[name="audited"]').check();
    await form.getByRole("button", { name: "保存" }).click();
    await eventually(() => toast(enterprise).innerText()).toContain("财务数据已保存");
    // The grid reads in one unit, named in its caption: 18,600万元 and "2.4亿" (24,000万元) as figures.
    await eventually(() => enterprise.locator("table tr", { hasText: "2025" }).innerText()).toMatch(/18,600\s+2,150\s+24,000\s+41,000/);
    await expect(enterprise.locator("table caption").first().innerText()).resolves.toBe("单位：万元");

    // Disclosure: the financials section goes from members-only to directed (one PE fund only).
    await follow(enterprise, enterprise.getByRole("link", { name: "基本资料与披露范围" }), (u) => u.pathname === "/profile");
    const financials = enterprise.getByTestId("audience-financials");
    await financials.locator("select").selectOption("directed");
    await checkOrg(financials, PE_ORG);
    await financials.getByRole("button", { name: "保存" }).click();
    await eventually(() => toast(enterprise).innerText()).toContain("披露范围已更新");
    await expect(enterprise.getByTestId("audience-financials").locator("select").inputValue()).resolves.toBe("directed");
  });

  test("it publishes a members-only loan need and a directed equity need with a deck", async () => {
    // The loan, members only (the form's default audience).
    await follow(enterprise, nav(enterprise, "我的融资需求"), /\/needs\/mine$/);
    await follow(enterprise, enterprise.getByRole("link", { name: "贷款", exact: true }), /\/needs\/new\/loan$/);
    await enterprise.locator('[name="title"]').fill(LOAN_TITLE);
    await enterprise.locator('[name="summary"]').fill("订单饱满，扩产需补充流动资金。");
    await enterprise.locator('[name="amount"]').fill("2000"); // 万元
    await enterprise.locator('[name="details.termMonths"]').fill("12");
    await enterprise.locator('[name="details.purpose"]').fill("采购原材料");
    await enterprise.locator('input[name="details.collateral"][value="receivables"]').check();
    await follow(enterprise, enterprise.getByRole("button", { name: "保存草稿" }), /\/needs\/[^/]+$/);
    loanUrl = new URL(enterprise.url()).pathname;
    await follow(enterprise, enterprise.getByRole("button", { name: "发布", exact: true }), (u) => u.pathname === loanUrl);
    await eventually(() => toast(enterprise).innerText()).toContain("需求已发布");

    // The equity need, directed to one PE fund.
    await follow(enterprise, nav(enterprise, "我的融资需求"), /\/needs\/mine$/);
    await follow(enterprise, enterprise.getByRole("link", { name: "股权融资", exact: true }), /\/needs\/new\/equity$/);
    await enterprise.locator('[name="title"]').fill(EQUITY_TITLE);
    await enterprise.locator('[name="amount"]').fill("5000");
    await enterprise.locator('[name="details.valuationMin"]').fill("3亿");
    await enterprise.locator('[name="details.valuationMax"]').fill("42,000");
    await enterprise.locator('[name="details.stakeOfferedBp"]').fill("10"); // %
    await enterprise.locator('[name="details.stage"]').selectOption("a");
    await enterprise.locator('[name="details.useOfFunds"]').fill("新建产线与研发中心");
    await enterprise.locator('[name="audience"]').selectOption("directed");
    await checkOrg(enterprise.locator("main form"), PE_ORG);
    await follow(enterprise, enterprise.getByRole("button", { name: "保存草稿" }), /\/needs\/[^/]+$/);
    equityUrl = new URL(enterprise.url()).pathname;
    await follow(enterprise, enterprise.getByRole("button", { name: "发布", exact: true }), (u) => u.pathname === equityUrl);
    await eventually(() => enterprise.getByTestId("need-stats").isVisible()).toBe(true);
    expect(await mainText(enterprise)).toContain(`定向给：${PE_ORG}`);

    // Its deck, directed to the same fund, behind an NDA click-through; the need is preselected.
    await follow(enterprise, enterprise.getByRole("link", { name: "上传路演材料" }), /\/upload\/decks\/new\?needId=/);
    await enterprise.locator("#deck-title").fill(DECK_TITLE);
    await enterprise.locator("#deck-audience").selectOption("directed");
    await checkOrg(enterprise.locator("main form"), PE_ORG);
    await expect(enterprise.locator("#deck-need option:checked").innerText()).resolves.toBe(EQUITY_TITLE);
    await enterprise.locator("#deck-nda").fill("查看者承诺对本材料保密。");
    await enterprise.locator("#deck-file").setInputFiles({ name: "series-a.pdf", mimeType: "application/pdf", buffer: Buffer.from(deckPdf) });
    await follow(enterprise, enterprise.getByRole("button", { name: "上传", exact: true }), /\/decks\/[^/]+\/manage$/);
    await eventually(() => toast(enterprise).innerText()).toContain("路演材料已上传");
    deckUrl = new URL(enterprise.url()).pathname.replace(/\/manage$/, "");
    expect(await mainText(enterprise)).toContain("series-a.pdf");
  });

  test("a bank sees the members-only need but not the directed one (page, list, search)", async () => {
    bank = await as(BANK);
    await follow(bank, nav(bank, "融资需求"), /\/search\?index=financing_needs$/);
    const rows = await searchNeeds(bank, tag, (r) => r.length === 1);
    expect(await rows.allInnerTexts()).toEqual([expect.stringContaining(LOAN_TITLE)]);

    // Search: the loan is found once indexed; the equity need never is.
    await follow(bank, nav(bank, "搜索"), /\/search/);
    await bank.locator("#search-q").fill(tag);
    await bank.waitForURL((u) => u.searchParams.get("q") === tag);
    const results = bank.locator("section[aria-live]");
    await eventually(async () => (await bank.reload(), await results.innerText()), "the loan need reaches the search index").toContain(LOAN_TITLE);
    expect(await results.innerText()).not.toContain(EQUITY_TITLE);

    // The equity need's page and its deck answer 404 to the bank; nothing about them is shown.
    for (const url of [equityUrl, deckUrl]) {
      const res = await bank.goto(url);
      expect(res?.status(), url).toBe(404);
      expect(await bank.content()).not.toContain(EQUITY_TITLE);
    }
    // The page image too (fetched with the bank's session, as the viewer's <img> would).
    const image = await bank.request.get(`${deckUrl}/page/1`);
    expect(image.status()).toBe(404);
    expect(image.headers()["content-type"]).not.toContain("image");
    await waitForHydration(bank);

    // The loan need opens from the list; the bank says it is interested.
    await follow(bank, nav(bank, "融资需求"), /\/search\?index=financing_needs$/);
    await searchNeeds(bank, tag, (r) => r.length === 1);
    await follow(bank, bank.getByRole("link", { name: LOAN_TITLE }), (u) => u.pathname === loanUrl);
    await bank.locator("#interest-note").fill("可提供应收账款质押贷款");
    await bank.getByRole("button", { name: "我有意向" }).click();
    await eventually(() => toast(bank).innerText()).toContain("已向企业表达意向");
  });

  test("the bank asks for the directed financials, the enterprise grants, the bank then sees them", async () => {
    const [, enterpriseName] = await whoami(enterprise);
    await follow(bank, bank.locator("main header").getByRole("link", { name: enterpriseName, exact: true }), (u) => u.pathname === `/enterprises/${enterpriseId}`);
    const financials = bank.getByRole("region", { name: "财务数据", exact: true });
    await expect(financials.innerText()).resolves.toContain("企业未向您披露此栏目");
    // Text fields are text: the markup typed into the profile is shown, not run.
    await expect(mainText(bank)).resolves.toContain(XSS);
    expect(await bank.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();

    const request = bank.getByRole("region", { name: "申请查看未公开信息" });
    await request.locator("label", { hasText: "财务数据" }).locator("input").check();
    await request.locator("#purpose").fill("授信审查需要近三年财务数据");
    await request.getByRole("button", { name: "提交申请" }).click();
    await eventually(() => toast(bank).innerText()).toContain("申请已发送给企业");

    await follow(enterprise, nav(enterprise, "企业资料"), (u) => u.pathname === "/profile");
    await follow(enterprise, enterprise.getByRole("link", { name: "数据授权" }), /\/profile\/access$/);
    const pending = enterprise.getByTestId("access-request").filter({ hasText: "昆仑农村商业银行" });
    await expect(pending.innerText()).resolves.toContain("授信审查需要近三年财务数据");
    await pending.getByRole("button", { name: "授权", exact: true }).click();
    await eventually(() => toast(enterprise).innerText()).toContain("已授权");
    await eventually(() => enterprise.locator("table tr", { hasText: "昆仑农村商业银行" }).first().innerText()).toContain("已授权");

    await bank.reload();
    await eventually(() => bank.getByTestId("financials-table").innerText()).toContain("2025");
    await expect(bank.getByRole("region", { name: "财务数据", exact: true }).innerText()).resolves.toContain("企业授权");
  });

  test("the directed fund reads the deck and the page image carries its own watermark", async () => {
    pe = await as(PE);
    const [peName, peOrg] = await whoami(pe);
    const [bankName, bankOrg] = await whoami(bank);
    await follow(pe, nav(pe, "融资需求"), /\/search\?index=financing_needs$/);
    await searchNeeds(pe, tag, (r) => r.length === 2);
    await follow(pe, pe.getByRole("link", { name: EQUITY_TITLE }), (u) => u.pathname === equityUrl);
    await follow(pe, pe.getByRole("link", { name: DECK_TITLE }), (u) => u.pathname === deckUrl);
    await follow(pe, pe.getByRole("button", { name: "我已阅读并同意" }), (u) => u.pathname === deckUrl);
    await pe.locator('input[name="consent"]').check();
    const firstPage = pe.waitForResponse((r) => new URL(r.url()).pathname === `${deckUrl}/page/1`);
    const started = Date.now();
    await follow(pe, pe.getByRole("button", { name: "开始查看" }), (u) => u.searchParams.has("s"));
    const response = await firstPage;
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toBe("image/webp");
    const received = await response.body();
    await eventually(() => pe.locator("figure[data-page] img").count()).toBe(3);
    await screenshot(pe, "enterprise-deck-viewer");

    // Rebuild what the server should have drawn from the same PDF: the clean raster, this viewer's watermark, and
    // another viewer's. The received image must be this viewer's copy, not the clean page nor someone else's.
    // The fund reads in Chinese, so its watermark's fixed words are the zh-CN ones.
    const base = await basePage();
    const ownDistance = await watermarkDistance(received, base, [peName, peOrg], "zh-CN", started);
    const other = await watermarkDistance(received, base, [bankName, bankOrg], "zh-CN", started);
    const clean = await imageDistance(received, base);
    expect(peOrg).toBe(PE_ORG);
    expect(ownDistance).toBeLessThan(0.5);
    expect(other).toBeGreaterThan(ownDistance + 0.5);
    expect(clean).toBeGreaterThan(ownDistance + 0.5);
    console.log(`[enterprise e2e] watermark check: own ${ownDistance.toFixed(3)}, other viewer ${other.toFixed(3)}, clean page ${clean.toFixed(3)}`);

    // A reading heartbeat reaches the server (time on page, for the consenting viewer's analytics).
    await pe.waitForRequest((r) => new URL(r.url()).pathname === `${deckUrl}/beat`, { timeout: 20_000 });
  });

  test("the enterprise sees the deck view in its analytics, the views and interest per need, and who viewed what", async () => {
    await follow(enterprise, nav(enterprise, "路演材料"), /\/decks\/mine$/);
    await follow(enterprise, enterprise.getByRole("link", { name: DECK_TITLE }), (u) => u.pathname === `${deckUrl}/manage`);
    const analytics = enterprise.getByTestId("deck-analytics");
    await expect(analytics.innerText()).resolves.toContain("共 1 次浏览，1 位查看者");
    await expect(enterprise.getByTestId("consenting-viewer").innerText()).resolves.toContain(`周婷 · ${PE_ORG}`);
    await eventually(async () => (await enterprise.reload(), await enterprise.getByTestId("consenting-viewer").innerText())).toMatch(/第1页 \d+秒/);
    await screenshot(enterprise, "enterprise-deck-analytics");

    await follow(enterprise, nav(enterprise, "我的融资需求"), /\/needs\/mine$/);
    const row = (title: string) => enterprise.getByTestId("own-need").filter({ hasText: title });
    // The bank opened the loan twice (from the list, and again after saying it was interested) within one
    // visit, which is one view; the fund opened the equity once.
    // The last cell is the need's progress: published, waiting for offers.
    await expect(row(LOAN_TITLE).innerText()).resolves.toMatch(/1 次 \/ 1 家机构\s+1\s+收到报价 · 进行中$/);
    await expect(row(EQUITY_TITLE).innerText()).resolves.toMatch(/1 次 \/ 1 家机构\s+0\s+收到报价 · 进行中$/);

    await follow(enterprise, nav(enterprise, "企业资料"), (u) => u.pathname === "/profile");
    await follow(enterprise, enterprise.getByRole("link", { name: "数据授权" }), /\/profile\/access$/);
    // Client navigation updates the URL before React commits the new page (router updates run in a transition),
    // so the rows are read until they are there rather than once.
    const seen = async () => {
      const views = await enterprise.getByTestId("data-view").allInnerTexts();
      return {
        deck: views.some((v) => v.includes(PE_ORG) && v.includes(`路演材料“${DECK_TITLE}”`)),
        need: views.some((v) => v.includes("昆仑农村商业银行") && v.includes(`融资需求“${LOAN_TITLE}”`)),
        financials: views.some((v) => v.includes("昆仑农村商业银行") && v.includes("财务数据（企业授权）")),
      };
    };
    await eventually(seen).toEqual({ deck: true, need: true, financials: true });
  });

  test("the enterprise edits, pauses and closes the loan need; history is kept", async () => {
    await follow(enterprise, nav(enterprise, "我的融资需求"), /\/needs\/mine$/);
    await follow(enterprise, enterprise.getByRole("link", { name: LOAN_TITLE }), (u) => u.pathname === loanUrl);
    await follow(enterprise, enterprise.getByRole("link", { name: "编辑", exact: true }), (u) => u.pathname === `${loanUrl}/edit`);
    await enterprise.locator('[name="amount"]').fill("2500");
    await follow(enterprise, enterprise.getByRole("button", { name: "保存", exact: true }), (u) => u.pathname === loanUrl);
    await eventually(() => toast(enterprise).innerText()).toContain("需求已更新");
    await expect(enterprise.locator("main header").innerText()).resolves.toContain("2,500万元");

    await enterprise.getByRole("button", { name: "暂停", exact: true }).click();
    await eventually(() => toast(enterprise).innerText()).toContain("需求已暂停");
    await enterprise.locator("#outcome").selectOption("funded_elsewhere");
    await enterprise.locator("#close-note").fill("已获得银行授信");
    await enterprise.getByRole("button", { name: "关闭需求" }).click();
    await eventually(() => toast(enterprise).innerText()).toContain("需求已关闭");
    await eventually(() => enterprise.locator("main header").innerText()).toContain("已关闭");
    const history = await enterprise.getByRole("heading", { name: "修改历史" }).locator("xpath=..").innerText();
    for (const change of ["创建", "发布", "修改", "暂停", "关闭"]) expect(history).toContain(change);

    // Closed needs leave the bank's list.
    await follow(bank, nav(bank, "融资需求"), /\/search\?index=financing_needs$/);
    await searchNeeds(bank, tag, (r) => r.length === 0);
  });

  test("in English the same pages render translated (no raw i18n keys)", async () => {
    const context = enterprise.context();
    // The owner's own copy of page 1 in Chinese goes into the server's render cache first; after the switch to
    // English the page must come back with the English watermark, not that cached copy.
    const owner = await whoami(enterprise);
    const zhStarted = Date.now();
    const zhCopy = await enterprise.request.get(`${deckUrl}/page/1?v=1`);
    expect(zhCopy.status()).toBe(200);
    expect(await watermarkDistance(await zhCopy.body(), await basePage(), owner, "zh-CN", zhStarted)).toBeLessThan(0.5);
    await setLocaleCookie(context, "en");
    const keys = catalogueKeys(["enterprises", "financing", "roadshows", "common"]);
    const check = async (label: string) => {
      await waitForHydration(enterprise);
      expect(await enterprise.evaluate(() => document.documentElement.lang)).toBe("en");
      const text = await enterprise.locator("body").innerText();
      expect(text.match(/\b(?:enterprises|financing|roadshows|common|marketplace|search):[\w.]+/g), label).toBeNull();
      expect(keys.filter((k) => text.includes(k)), label).toEqual([]);
    };
    await enterprise.goto("/dashboard");
    await follow(enterprise, nav(enterprise, "Company profile"), (u) => u.pathname === "/profile");
    await check("profile");
    for (const [tab, url] of [["Financials", /\/profile\/financials$/], ["Data access", /\/profile\/access$/], ["Directed disclosure", /\/profile\/disclosures$/]] as const) {
      await follow(enterprise, enterprise.getByRole("navigation", { name: "Profile sections" }).getByRole("link", { name: tab }), url);
      await check(tab);
    }
    await follow(enterprise, nav(enterprise, "My financing needs"), /\/needs\/mine$/);
    await check("my needs");
    await follow(enterprise, enterprise.getByRole("link", { name: EQUITY_TITLE }), (u) => u.pathname === equityUrl);
    await check("need page");
    await follow(enterprise, nav(enterprise, "Roadshow decks"), /\/decks\/mine$/);
    await check("my decks");
    await follow(enterprise, enterprise.getByRole("link", { name: DECK_TITLE }), (u) => u.pathname === `${deckUrl}/manage`);
    await check("deck analytics");
    await screenshot(enterprise, "enterprise-deck-analytics-en");

    await enterprise.goto(deckUrl);
    const firstPage = enterprise.waitForResponse((r) => new URL(r.url()).pathname === `${deckUrl}/page/1`);
    const started = Date.now();
    await follow(enterprise, enterprise.getByRole("button", { name: "Open deck" }), (u) => u.searchParams.has("s"));
    const response = await firstPage;
    // The image URL names the language, so the browser's own cache cannot mix the two copies either.
    expect(new URL(response.url()).searchParams.get("lng")).toBe("en");
    const received = await response.body();
    const base = await basePage();
    const en = await watermarkDistance(received, base, owner, "en", started);
    const zh = await watermarkDistance(received, base, owner, "zh-CN", started);
    console.log(`[enterprise e2e] English watermark check: en ${en.toFixed(3)}, zh ${zh.toFixed(3)}`);
    expect(en).toBeLessThan(0.5);
    expect(zh).toBeGreaterThan(en + 0.3);
  });
});

/** Every dotted key path in the given English catalogues: a missing translation would show one of them. */
function catalogueKeys(namespaces: string[]): string[] {
  const out: string[] = [];
  const walk = (node: unknown, prefix: string) => {
    if (node && typeof node === "object") for (const [k, v] of Object.entries(node)) walk(v, prefix ? `${prefix}.${k}` : k);
    else if (prefix.includes(".")) out.push(prefix);
  };
  for (const ns of namespaces) walk(JSON.parse(fs.readFileSync(path.join(repoRoot, `app/i18n/locales/en/${ns}.json`), "utf8")), "");
  return out;
}
