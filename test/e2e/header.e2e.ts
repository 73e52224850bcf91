import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { logIn, setLocaleCookie, specBrowser, type Locale } from "./support";

/**
 * The signed-in desktop header at 1280 px: every demo role's menu is one line in both languages (ADR 0826). One page
 * per role and language (the dashboard), nothing else is crawled.
 */

const browser = specBrowser();

const ROLES = [
  "ent07@demo.xj",
  "bank3@inst.demo",
  "pe2@inst.demo",
  "guar1@inst.demo",
  "lease1@inst.demo",
  "sec1@inst.demo",
  "bureau6502@gov.demo",
  "miit@reg.demo",
  "admin@xjex.demo",
  "reviewer@xjex.demo",
  "service@xjex.demo",
  "roadshow@xjex.demo",
];

/** The menu's entries' rows (distinct tops), and whether the menu ends before the controls right of it begin. */
async function menuLayout(page: Page) {
  return page.getByTestId("nav-desktop").evaluate((nav) => {
    const entries = [...nav.children].map((c) => c.getBoundingClientRect());
    const rows = new Set(entries.map((r) => Math.round(r.top)));
    const navBox = nav.getBoundingClientRect();
    const last = Math.max(...entries.map((r) => r.right));
    const next = nav.nextElementSibling?.getBoundingClientRect();
    return { rows: rows.size, entries: entries.length, fits: !next || last <= next.left + 0.5, navHeight: Math.round(navBox.height) };
  });
}

describe("desktop header at 1280 px", () => {
  test("each demo role's menu is one line, in Chinese and in English", async () => {
    const problems: string[] = [];
    for (const email of ROLES) {
      const context = await browser.open("zh-CN");
      const page = await context.newPage();
      await logIn(page, email);
      for (const locale of ["zh-CN", "en"] as Locale[]) {
        await setLocaleCookie(context, locale);
        await page.goto("/dashboard");
        const layout = await menuLayout(page);
        if (layout.rows !== 1 || !layout.fits) problems.push(`${email} ${locale}: ${JSON.stringify(layout)}`);
      }
      await context.close();
    }
    expect(problems).toEqual([]);
  });
});
