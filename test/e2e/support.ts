import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from "playwright-core";
import { afterAll, beforeAll, expect } from "vitest";
import { generateSync } from "otplib";
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from "@seed/world";
import { eq } from "drizzle-orm";
import { openDatabase } from "@db/client";
import { users } from "@db/schema";
import { localeCookie } from "~/i18n/i18n.server";
import { sessionStorage } from "~/modules/identity/auth.server";
import { createSession } from "~/modules/identity/sessions.server";
import { loadConfig } from "~/utils/config.server";
import { systemClock } from "~/utils/context.server";
import { repoRoot } from "../support/build";

export type Locale = "zh-CN" | "en";

/** The server test/e2e/run.ts started; running a spec without the runner is a mistake worth a clear message. */
export function baseUrl(): string {
  const url = process.env.E2E_BASE_URL;
  if (!url) throw new Error("E2E_BASE_URL is not set: run the e2e specs with `npm run test:e2e`");
  return url.replace(/\/$/, "");
}

export const resultsDir = path.join(repoRoot, "test-results");

/** Flags for Debian's chromium in a container: no sandbox, no GPU, and nothing that phones home. */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.E2E_CHROMIUM ?? "/usr/bin/chromium",
    args: CHROMIUM_ARGS,
    headless: true,
    timeout: 60_000,
  });
}

/**
 * A fresh context (own cookies) whose browser asks for the given language (a first visit follows Accept-Language;
 * specs that switch language later set the app's `lng` cookie, see setLocaleCookie). `phone` is a 390×844 touch
 * screen.
 */
export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 } as const;
export async function newContext(
  browser: Browser,
  locale: Locale = "zh-CN",
  options: { javaScript?: boolean; phone?: boolean } = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({
    javaScriptEnabled: options.javaScript ?? true,
    baseURL: baseUrl(),
    locale,
    timezoneId: "Asia/Shanghai",
    ...(options.phone ? PHONE : { viewport: { width: 1280, height: 860 } }),
    extraHTTPHeaders: { "Accept-Language": locale === "zh-CN" ? "zh-CN,zh;q=0.9" : "en-GB,en;q=0.9" },
  });
  context.setDefaultTimeout(45_000);
  context.setDefaultNavigationTimeout(60_000);
  return context;
}

/**
 * The one browser a spec file uses: launched before its tests, and closed after them together with every context
 * opened through `open` (each a fresh context with its own cookies, asking for the given language).
 */
export function specBrowser() {
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close().catch(() => undefined)));
    await browser?.close();
  });
  return {
    async open(locale: Locale = "zh-CN", options: { javaScript?: boolean; phone?: boolean } = {}): Promise<BrowserContext> {
      if (!browser) throw new Error("specBrowser().open was called before the spec's beforeAll launched the browser");
      const context = await newContext(browser, locale, options);
      contexts.push(context);
      return context;
    },
  };
}

/**
 * Fills and submits the login form; waits until the app has navigated away from /login. Exchange, regulator and
 * bureau demo accounts then ask for a TOTP code (seeded with DEMO_TOTP_SECRET): it is computed here.
 */
export async function logIn(page: Page, email: string, password: string = DEMO_PASSWORD): Promise<void> {
  await page.goto("/login");
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill(password);
  await Promise.all([page.waitForURL((url) => url.pathname !== "/login"), page.locator('button[type="submit"]').click()]);
  for (let attempt = 0; attempt < 3 && new URL(page.url()).pathname === "/mfa"; attempt++) {
    await page.locator('input[name="code"]').fill(await nextTotpCode(email));
    await Promise.all([
      page.waitForResponse((res) => res.request().method() === "POST" && /^\/mfa(\.data)?$/.test(new URL(res.url()).pathname)),
      page.locator('button[type="submit"]').click(),
    ]);
    await page.waitForURL((url) => url.pathname !== "/mfa", { timeout: 5_000 }).catch(() => undefined);
  }
  // The URL changes a moment before the signed-in page replaces the login form; callers read the menu at once.
  await page.getByTestId("nav-main").waitFor({ state: "attached" });
}

/**
 * A TOTP code the server will take now. It takes each 30-second step once per account (replay protection) and a
 * code up to 30 s early (clock drift), so a second sign-in within a step uses the next step's code, as a phone whose
 * clock runs a little ahead would; only a third one within the same step has to wait. The step the account last used
 * is read from the lane's database (other spec files sign the same accounts in).
 */
async function nextTotpCode(email: string): Promise<string> {
  const db = readLaneDatabase();
  let lastStep: number | null;
  try {
    lastStep = (db.prepare("select totp_last_step as step from users where email = ?").get(email) as { step: number | null } | undefined)?.step ?? null;
  } finally {
    db.close();
  }
  const nowStep = () => Math.floor(Date.now() / 1000 / TOTP_STEP_SECONDS);
  const step = Math.max(nowStep(), (lastStep ?? -1) + 1);
  // The server takes at most the next step: wait until the wanted step is at most one ahead.
  while (step > nowStep() + 1) await new Promise((r) => setTimeout(r, ((nowStep() + 1) * TOTP_STEP_SECONDS * 1000 - Date.now()) + 50));
  return generateSync({ secret: DEMO_TOTP_SECRET, epoch: step * TOTP_STEP_SECONDS });
}

const TOTP_STEP_SECONDS = 30;

function lanesDatabase(): string {
  const file = process.env.E2E_DATABASE_PATH;
  if (!file) throw new Error("E2E_DATABASE_PATH is not set: run the e2e specs with `npm run test:e2e`");
  return file;
}

/** The lane server's database, read-only (to look at what a journey left behind); the caller closes it. */
export function readLaneDatabase(): Database.Database {
  return new Database(lanesDatabase(), { readonly: true, fileMustExist: true });
}

/**
 * Signs a demo user in without the login form, for journeys that are about something else (the form, the second
 * step and their failures are the foundation spec's and the header spec's subject): a full session in the lane's
 * database, made by the app's own `createSession`, and the cookies the login action would set (the signed session
 * cookie and the user's language), then the page opens `to` (the dashboard, where the form lands) and waits for
 * the signed-in header.
 */
export async function signIn(page: Page, email: string, to = "/dashboard"): Promise<void> {
  const config = laneConfig();
  const { token, locale } = sessionForDemoUser(config, email);
  const storage = sessionStorage(config);
  const session = await storage.getSession();
  session.set("token", token);
  const cookies = [{ name: "__session", value: cookieValue(await storage.commitSession(session)), url: baseUrl() }];
  if (locale) cookies.push({ name: "lng", value: cookieValue(await localeCookie.serialize(locale)), url: baseUrl() });
  await page.context().addCookies(cookies);
  await page.goto(to);
  await page.getByTestId("nav-main").waitFor({ state: "attached" });
}

const cookieValue = (setCookie: string) => setCookie.split(";")[0]!.slice(setCookie.indexOf("=") + 1);

/** The lane server's configuration as far as sessions go: its database and the session secret in its data dir. */
function laneConfig() {
  const databasePath = lanesDatabase();
  return loadConfig({ NODE_ENV: "production", DATABASE_PATH: databasePath, DATA_DIR: path.dirname(databasePath), COOKIE_SECURE: "false" });
}

function sessionForDemoUser(config: ReturnType<typeof laneConfig>, email: string): { token: string; locale: string | null } {
  const db = openDatabase(config.databasePath);
  try {
    const user = db.select({ id: users.id, locale: users.locale }).from(users).where(eq(users.email, email)).get();
    if (!user) throw new Error(`no user ${email} in the lane's database`);
    return { token: createSession({ db, config, clock: systemClock }, user.id).token, locale: user.locale };
  } finally {
    db.$client.close();
  }
}

/** Submits the login form and stays on /login (for the failure cases). */
export async function submitLogin(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/login");
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill(password);
  await Promise.all([
    // With JavaScript, Remix posts to /login.data (single fetch); without, to /login.
    page.waitForResponse((res) => res.request().method() === "POST" && /^\/login(\.data)?$/.test(new URL(res.url()).pathname)),
    page.locator('button[type="submit"]').click(),
  ]);
}

/** Saves a full-page PNG under test-results/ and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Sets the app's language cookie the way the server itself would serialise it. */
export async function setLocaleCookie(context: BrowserContext, locale: Locale): Promise<void> {
  const value = (await localeCookie.serialize(locale)).split(";")[0]!.split("=")[1]!;
  await context.addCookies([{ name: "lng", value, url: baseUrl() }]);
}

/**
 * Waits for what a page shows to settle: after a client-side navigation the URL can change a moment before
 * React has rendered the new loader data, so reading the DOM once would be flaky.
 * This is the browser flavour on purpose: it returns Playwright-style `expect.poll` (`.toBe`, `.toContain` with the
 * expected value in the failure message and a journey-sized timeout). Unit and integration tests wait with
 * test/support/eventually.ts, which resolves with the value a check returns.
 */
export function eventually<T>(read: () => Promise<T> | T, message?: string) {
  return expect.poll(read, { timeout: 30_000, interval: 100, message });
}

/**
 * Waits until React has hydrated the document (the root fiber stops being dehydrated at the hydration commit).
 * Forms filled before that can be reset by hydration, so journeys wait for it before typing.
 */
export async function waitForHydration(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const key = Object.keys(document).find((k) => k.startsWith("__reactContainer$"));
      if (!key) return false;
      const fiber = (document as unknown as Record<string, { stateNode?: { current?: { memoizedState?: { isDehydrated?: boolean } } } }>)[key];
      return fiber?.stateNode?.current?.memoizedState?.isDehydrated === false;
    },
    undefined,
    { timeout: 30_000, polling: 50 },
  );
}

/**
 * A link of the signed-in header's main navigation, as a user reaches it: pages sit in task groups (disclosure
 * menus), so the link's group is opened first, as a click on the group's button would.
 */
export async function navLink(page: Page, target: { name: string } | { href: string }): Promise<Locator> {
  // A menu opened before React has taken over the page can be replaced by a fresh, closed one when it does
  // (without JavaScript the native disclosure is all there is).
  if (await page.evaluate(() => "__remixContext" in window).catch(() => false)) await waitForHydration(page);
  const nav = page.getByTestId("nav-main");
  const link = "href" in target ? nav.locator(`a[href="${target.href}"]`).first() : nav.getByRole("link", { name: target.name, exact: true, includeHidden: true }).first();
  const summary = link.locator("xpath=ancestor::details[1]/summary");
  if ((await summary.count()) > 0 && !(await link.isVisible())) {
    await summary.click();
    // A menu the page closed again while it was still settling (hydration, a client navigation) is opened once more.
    if (!(await link.isVisible())) await summary.evaluate((s) => ((s.parentElement as HTMLDetailsElement).open = true));
  }
  return link;
}

/**
 * The members' list of needs is the search page's needs tab (ADR 0811). Types the words and submits (Enter works with
 * and without JavaScript), then reloads until the rows match `expected` — a need published a moment ago reaches the
 * index within moments, and a closed one is dropped at once by the re-check against the database.
 */
export async function searchNeeds(page: Page, words: string, expected: (rows: string[]) => boolean): Promise<Locator> {
  const box = page.locator("#search-q");
  await box.fill(words);
  await Promise.all([page.waitForURL((u) => u.searchParams.get("q") === words), box.press("Enter")]);
  const rows = page.getByTestId("need-row");
  await eventually(async () => (await page.reload(), expected(await rows.allInnerTexts())), `needs matching “${words}”`).toBe(true);
  // After the reload the rows' links are plain links until React takes over; a click then is a full page load.
  if (await page.evaluate(() => "__remixContext" in window).catch(() => false)) await waitForHydration(page);
  return rows;
}

/**
 * The signed-in desktop menu's layout: how many rows its entries sit on, and whether it ends before the controls
 * to its right begin (ADR 0826: one row at 1280 px for every role, in both languages).
 */
export async function desktopMenuLayout(page: Page): Promise<{ rows: number; entries: number; fits: boolean; navHeight: number }> {
  return page.getByTestId("nav-main").evaluate((nav) => {
    const entries = [...nav.children].map((c) => c.getBoundingClientRect());
    const rows = new Set(entries.map((r) => Math.round(r.top)));
    const navBox = nav.getBoundingClientRect();
    const last = Math.max(...entries.map((r) => r.right));
    // The menu's panel box dissolves into the header's row from md up: what follows the menu there follows the panel.
    const next = (nav.closest(".menu-panel") ?? nav).nextElementSibling?.getBoundingClientRect();
    return { rows: rows.size, entries: entries.length, fits: !next || last <= next.left + 0.5, navHeight: Math.round(navBox.height) };
  });
}
