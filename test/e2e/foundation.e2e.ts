import crypto from "node:crypto";
import fs from "node:fs";
import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { DEMO_LOGINS } from "@seed/index";
import { USCC_ALPHABET, usccCheckChar } from "~/modules/identity/uscc";
import { makeUscc } from "@test/support/uscc";
import { baseUrl, eventually, type Locale, logIn, readLaneDatabase, screenshot, setLocaleCookie, specBrowser, submitLogin } from "./support";

const browser = specBrowser();

async function openPage(locale: Locale = "zh-CN", options: { javaScript?: boolean } = {}): Promise<Page> {
  const context = await browser.open(locale, options);
  // The app decides the language from its own cookie, not Accept-Language (zh-CN is the default for everyone).
  if (locale === "en") await setLocaleCookie(context, "en");
  return context.newPage();
}

/** A valid code in Urumqi's Shayibake district (650106) with a random registration part, so reruns never collide. */
const freshUscc = (): string => makeUscc(undefined, "650106");

function uniqueEmail(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}${crypto.randomInt(1_000_000)}@e2e.example`;
}

async function fillEnterpriseSignUp(page: Page, values: { orgName: string; uscc: string; email: string }): Promise<void> {
  await page.goto("/signup");
  await page.locator('input[name="orgName"]').fill(values.orgName);
  await page.locator('input[name="uscc"]').fill(values.uscc);
  await page.locator('input[name="name"]').fill("阿依古丽");
  await page.locator('input[name="email"]').fill(values.email);
  await page.locator('input[name="password"]').fill("Str0ng-passphrase!");
}


function expectedKind(email: string): string {
  if (email.endsWith("@demo.xj")) return "enterprise";
  if (email.endsWith("@inst.demo")) return "institution";
  if (email.endsWith("@gov.demo")) return "bureau";
  if (email.endsWith("@reg.demo")) return "regulator";
  if (email.endsWith("@xjex.demo")) return "exchange";
  throw new Error(`no organisation kind known for ${email}`);
}

describe("zh-CN journeys", () => {
  test("the landing page is served in Chinese by default", async () => {
    const page = await openPage();
    const res = await page.goto("/");
    expect(res?.status()).toBe(200);
    await eventually(() => page.locator("html").getAttribute("lang")).toBe("zh-CN");
    expect(await page.locator("h1").first().textContent()).toContain("专精特新");
  });

  test("an enterprise signs up with a valid USCC and lands on its dashboard in the right prefecture", async () => {
    const page = await openPage();
    const uscc = freshUscc();
    const orgName = `新疆测试科技有限公司${uscc.slice(8, 12)}`;
    await fillEnterpriseSignUp(page, { orgName, uscc, email: uniqueEmail("signup") });
    await Promise.all([page.waitForURL("**/dashboard"), page.locator('button[type="submit"]').click()]);

    await eventually(() => page.getByTestId("dashboard-enterprise").count()).toBe(1);
    const dashboard = page.getByTestId("dashboard-enterprise");
    expect(await dashboard.textContent()).toContain(uscc);
    expect(await dashboard.textContent()).toContain("乌鲁木齐市");
    expect(await page.getByTestId("toast").textContent()).toContain("注册成功");
    expect(await page.getByTestId("whoami").textContent()).toContain(orgName);

    // The same code again: a clear message and still exactly one organisation with it.
    const second = await openPage();
    await fillEnterpriseSignUp(second, { orgName: "另一家公司", uscc, email: uniqueEmail("dup") });
    await second.locator('button[type="submit"]').click();
    await eventually(() => second.getByText("该统一社会信用代码已注册").count()).toBeGreaterThan(0);
    expect(new URL(second.url()).pathname).toBe("/signup");
    const db = readLaneDatabase();
    try {
      expect(db.prepare("select count(*) as n from organisations where uscc = ?").get(uscc)).toEqual({ n: 1 });
    } finally {
      db.close();
    }
  });

  test("a malformed USCC shows a field error naming the failed check digit, and creates nothing", async () => {
    const page = await openPage();
    const valid = freshUscc();
    const expected = valid[17]!;
    const wrong = USCC_ALPHABET[(USCC_ALPHABET.indexOf(expected) + 1) % USCC_ALPHABET.length]!;
    const malformed = valid.slice(0, 17) + wrong;
    expect(usccCheckChar(malformed.slice(0, 17))).toBe(expected);
    const email = uniqueEmail("badcode");
    await fillEnterpriseSignUp(page, { orgName: "新疆校验位测试有限公司", uscc: malformed, email });
    await page.locator('button[type="submit"]').click();

    const error = page.locator("#signup-uscc-error, [id$='uscc-error']").first();
    await eventually(() => error.textContent()).toContain(`校验位不正确：按 GB 32100 计算，第 18 位应为“${expected}”`);
    expect(await page.locator('input[name="uscc"]').getAttribute("aria-invalid")).toBe("true");
    expect(new URL(page.url()).pathname).toBe("/signup");
    const db = readLaneDatabase();
    try {
      expect(db.prepare("select count(*) as n from users where email = ?").get(email)).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  });

  test("a wrong password and an unknown email get the same single generic message", async () => {
    const page = await openPage();
    const messages: string[] = [];
    for (const [email, password] of [
      ["ent05@demo.xj", "not-the-password"],
      [uniqueEmail("nobody"), "not-the-password"],
    ] as const) {
      await submitLogin(page, email, password);
      const alerts = page.getByRole("alert");
      await eventually(() => alerts.count()).toBe(1);
      messages.push((await alerts.first().textContent())!.trim());
      expect(new URL(page.url()).pathname).toBe("/login");
      expect(await page.getByTestId("whoami").count()).toBe(0);
    }
    expect(messages).toEqual(["邮箱或密码不正确。", "邮箱或密码不正确。"]);
  });

  test("log in, see who you are, log out, and the dashboard asks for a login again", async () => {
    const page = await openPage();
    await logIn(page, "ent02@demo.xj");
    expect(new URL(page.url()).pathname).toBe("/dashboard");
    await eventually(() => page.getByTestId("whoami").textContent()).toContain("新疆天润新能源装备股份有限公司");

    await page.getByTestId("logout").click();
    await eventually(() => page.getByTestId("whoami").count()).toBe(0);
    expect(new URL(page.url()).pathname).toBe("/");
    await page.goto("/dashboard");
    expect(new URL(page.url()).pathname).toBe("/login");
    expect(new URL(page.url()).searchParams.get("redirectTo")).toBe("/dashboard");
  });

  test("an enterprise user opening the exchange's organisation list gets the localised 403 page", async () => {
    const page = await openPage();
    await logIn(page, "ent03@demo.xj");
    const res = await page.goto("/admin/orgs");
    expect(res?.status()).toBe(403);
    expect(await page.locator("main").textContent()).toContain("无权访问");
    expect(await page.locator("main").textContent()).not.toContain("新疆股权交易中心");

    // The same page works for the exchange admin, so the 403 above is a decision, not a broken page.
    const admin = await openPage();
    await logIn(admin, "admin@xjex.demo");
    const ok = await admin.goto("/admin/orgs");
    expect(ok?.status()).toBe(200);
    expect(await admin.locator("main").textContent()).toContain("机构管理");
  });

  test("an institution cannot see or remove another organisation's members", async () => {
    const db = readLaneDatabase();
    let target: { id: string; orgId: string };
    try {
      target = db
        .prepare("select m.id as id, m.org_id as orgId from memberships m join users u on u.id = m.user_id where u.email = ?")
        .get("ent01@demo.xj") as { id: string; orgId: string };
    } finally {
      db.close();
    }
    expect(target.id).toBeTruthy();

    const page = await openPage();
    await logIn(page, "bank1@inst.demo");
    await page.goto("/org/members");
    const listing = (await page.locator("main").textContent())!;
    expect(listing).toContain("bank1@inst.demo");
    expect(listing).not.toContain("ent01@demo.xj");

    const res = await page.request.post("/org/members", { form: { intent: "remove", id: target.id }, headers: { Origin: baseUrl() }, maxRedirects: 0 });
    expect(res.status()).toBe(404);
    const after = readLaneDatabase();
    try {
      expect(after.prepare("select count(*) as n from memberships where id = ?").get(target.id)).toEqual({ n: 1 });
    } finally {
      after.close();
    }
  });

  test("an unknown address gets the localised 404 page", async () => {
    const page = await openPage();
    const res = await page.goto("/no-such-page/at-all");
    expect(res?.status()).toBe(404);
    expect(await page.locator("main").textContent()).toContain("页面不存在");
    expect(await page.locator("html").getAttribute("lang")).toBe("zh-CN");
  });

  test("the demo world offers a login for every role", () => {
    expect(DEMO_LOGINS.length).toBeGreaterThanOrEqual(14);
    expect(new Set(DEMO_LOGINS.map((l) => expectedKind(l.email)))).toEqual(new Set(["enterprise", "institution", "bureau", "regulator", "exchange"]));
  });

  // One test per login, so a slow CI machine gets a full timeout for each and a failure names the account.
  test.each(DEMO_LOGINS.map((l) => [l.email, l.role] as const))("demo login %s (%s) reaches its dashboard", async (email) => {
    const page = await openPage();
    await logIn(page, email);
    expect(new URL(page.url()).pathname).toBe("/dashboard");
    await eventually(() => page.getByTestId(`dashboard-${expectedKind(email)}`).count(), email).toBe(1);
    await page.getByTestId("logout").click();
    await eventually(() => page.getByTestId("logout").count(), email).toBe(0);
    await page.context().close();
  });

  test("a screenshot of the enterprise dashboard in Chinese is saved", async () => {
    const page = await openPage();
    await logIn(page, "ent01@demo.xj");
    await eventually(() => page.getByTestId("dashboard-enterprise").count()).toBe(1);
    expect(await page.locator("h1").first().textContent()).toContain("您好");
    const file = await screenshot(page, "dashboard-enterprise-zh-CN");
    expect(fs.statSync(file).size).toBeGreaterThan(10_000);
  });
});

describe("en journeys", () => {
  test("switching to English from Chinese is remembered after a reload and across log-ins", async () => {
    // bank4 is used by no other spec: the language choice is stored on the account and would leak into them.
    const page = await openPage("zh-CN");
    await logIn(page, "bank4@inst.demo");
    await eventually(() => page.locator("html").getAttribute("lang")).toBe("zh-CN");
    expect(await page.getByTestId("logout").textContent()).toBe("退出");

    await page.getByTestId("language-switch").click();
    await eventually(() => page.locator("html").getAttribute("lang")).toBe("en");
    await eventually(() => page.getByTestId("logout").textContent()).toBe("Log out");
    expect(await page.getByTestId("dashboard-institution").textContent()).toContain("Institution workspace");
    expect(new URL(page.url()).pathname).toBe("/dashboard");

    await page.reload();
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    expect(await page.getByTestId("logout").textContent()).toBe("Log out");
    const file = await screenshot(page, "dashboard-institution-en");
    expect(fs.statSync(file).size).toBeGreaterThan(10_000);

    // The choice is stored on the account: a fresh browser that logs in gets English too.
    const elsewhere = await openPage("zh-CN");
    await logIn(elsewhere, "bank4@inst.demo");
    await eventually(() => elsewhere.locator("html").getAttribute("lang")).toBe("en");
    expect(await elsewhere.getByTestId("logout").textContent()).toBe("Log out");
  });

  test("a malformed USCC is explained in English by the server, without JavaScript", async () => {
    const page = await openPage("en", { javaScript: false });
    const valid = freshUscc();
    const expected = valid[17]!;
    const malformed = valid.slice(0, 17) + (expected === "0" ? "1" : "0");
    await fillEnterpriseSignUp(page, { orgName: "Check Digit Test Co", uscc: malformed, email: uniqueEmail("nojs") });
    const [res] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/signup"),
      page.locator('button[type="submit"]').click(),
    ]);
    expect(res.status()).toBe(200);
    await page.waitForLoadState("domcontentloaded");
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    expect(await page.locator("[id$='uscc-error']").textContent()).toContain(`The check character is wrong: by GB 32100 the 18th character should be “${expected}”`);
  });

  test("the 404 page speaks English to an English reader", async () => {
    const page = await openPage("en");
    const res = await page.goto("/definitely-not-here");
    expect(res?.status()).toBe(404);
    expect(await page.locator("main").textContent()).toContain("Page not found");
  });
});

describe("requests the browser would not send", () => {
  test("a body over 2 MB is refused with 413 before it reaches the login action", async () => {
    const huge = Buffer.alloc(2 * 1024 * 1024 + 1, "a");
    const res = await fetch(`${baseUrl()}/login`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": String(huge.length) },
      body: huge,
    });
    expect(res.status).toBe(413);

    const small = await fetch(`${baseUrl()}/login`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: baseUrl() },
      body: "email=&password=",
    });
    expect(small.status).toBe(200);
  });

  test("a POST from another origin is refused with 403; the same POST from our origin is not", async () => {
    const body = "email=&password=";
    const headers = { "Content-Type": "application/x-www-form-urlencoded" };
    const evil = await fetch(`${baseUrl()}/login`, { method: "POST", headers: { ...headers, Origin: "http://evil.example" }, body, redirect: "manual" });
    expect(evil.status).toBe(403);
    const evilLocale = await fetch(`${baseUrl()}/locale`, { method: "POST", headers: { ...headers, Origin: "http://evil.example" }, body: "locale=en", redirect: "manual" });
    expect(evilLocale.status).toBe(403);
    expect(evilLocale.headers.get("set-cookie")).toBeNull();

    const ours = await fetch(`${baseUrl()}/login`, { method: "POST", headers: { ...headers, Origin: baseUrl() }, body, redirect: "manual" });
    expect(ours.status).toBe(200);
  });
});
