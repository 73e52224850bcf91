/**
 * The cross-cutting quality net: one demo login per role visits every link its rendered header shows (the nav, the
 * notification centre, the account), plus the first detail page and the sub-pages (tabs, "new" forms) each of those
 * pages links to, in zh-CN (English: the header pages); the public pages are crawled logged out.
 * Every page must answer < 400, log no page or console errors, show no raw i18n keys, have exactly one <h1>, carry
 * the right <html lang>, name every visible form control and give every image an alt. Problems are collected per
 * role and reported together (also written to test-results/crawl/problems.json, with a full-page screenshot of each
 * page that broke a rule) so one run lists them all.
 *
 * axe-core runs once per distinct page structure (ADR 0025, 0026): on each visitor's first page (which carries its
 * header and language), and on every page whose set of element paths outside the header — tags, classes, styles,
 * roles, ARIA, which attributes and text are present, whether references resolve, the viewport — no earlier page
 * had. The directory or a notice is the same markup for every role and language, a list of 20 rows the same as one
 * of 2; axe's verdict on them cannot differ. Every page is still visited and gets every other check.
 *
 * Full document loads (ADR 0026): each visitor's first page, and in the zh-CN desktop pass every route no visitor
 * has loaded fully yet, are loaded and hydrated; the other visits fetch the page from the server (status, server
 * rendering) and open it with the app's router, as a link click does. Every route's server render and hydration
 * are thus checked at least once, and every visit gets every check on what it renders.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { Browser, BrowserContext, ConsoleMessage, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { resources } from "~/i18n/resources";
import { baseUrl, desktopMenuLayout, launchBrowser, signIn, newContext, resultsDir, setLocaleCookie, waitForHydration, type Locale } from "./support";

const LOCALES: Locale[] = ["zh-CN", "en"];

// bank4 is the language spec's account; its stored locale must stay English and nobody else may use it.
// One login per distinct menu: guarantors, leasing and securities firms see the institution pages a bank and a PE
// fund see, and the service and roadshow staff a subset of the admin's and reviewer's (all twelve logins were
// crawled clean on 2026-11-25); crawling all twelve nearly doubled the longest spec on CI's two cores.
const ROLES = [
  { role: "enterprise", email: "ent07@demo.xj" },
  { role: "bank", email: "bank3@inst.demo" },
  { role: "pe", email: "pe2@inst.demo" },
  // ent07's own prefecture (Karamay), so the bureau's queue is the one that enterprise applies through.
  { role: "bureau", email: "bureau6502@gov.demo" },
  { role: "regulator", email: "miit@reg.demo" },
  { role: "exchange-admin", email: "admin@xjex.demo" },
  { role: "reviewer", email: "reviewer@xjex.demo" },
] as const;

const crawlDir = path.join(resultsDir, "crawl");

// axe-core runs inside each page the crawl checks; a critical or serious WCAG 2.1 A/AA finding is a problem.
const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
type AxeFinding = { id: string; impact: string; help: string; nodes: number; target: string };

type Problem = { who: string; locale: Locale; url: string; problem: string };

/** What one page shows, read inside the browser after hydration. */
type PageAudit = { lang: string; h1: number; rawKeys: string[]; unnamed: string[]; noAlt: string[] };

// Top-level groups of every namespace: a lone dotted token that starts with one of them is a key that was not
// translated (i18next renders a missing key as the key itself, without its namespace).
const KEY_GROUPS = [...new Set(Object.values(resources).flatMap((namespaces) => Object.values(namespaces).flatMap((catalogue) => Object.keys(catalogue))))];

let browser: Browser;
// One context and one tab per language for the whole spec, handed from visitor to visitor with fresh cookies: a
// cold context costs seconds on CI's two cores (its own HTTP cache for the same immutable bundles, a new renderer
// for a new tab), and the crawl used to open three per role. What a visitor sees depends only on its cookies (the
// app keeps nothing else in the browser but chat messages not yet sent, which the crawl never writes).
const tabs = new Map<Locale, { context: BrowserContext; page: Page }>();
const allProblems: Problem[] = [];

beforeAll(async () => {
  fs.rmSync(crawlDir, { recursive: true, force: true });
  fs.mkdirSync(crawlDir, { recursive: true });
  browser = await launchBrowser();
  for (const locale of LOCALES) {
    const context = await newContext(browser, locale);
    tabs.set(locale, { context, page: await context.newPage() });
  }
});

afterAll(async () => {
  fs.writeFileSync(path.join(crawlDir, "problems.json"), JSON.stringify({ problems: allProblems, visits }, null, 2));
  const judged = visits.filter((v) => v.axeMs !== undefined);
  const seconds = (ms: number) => (ms / 1000).toFixed(1);
  process.stdout.write(
    `[crawl] ${visits.length} page visits (${seconds(visits.reduce((t, v) => t + v.ms, 0))} s loading); axe-core judged ${judged.length} distinct pages (${seconds(judged.reduce((t, v) => t + v.axeMs!, 0))} s)\n`,
  );
  await Promise.all([...tabs.values()].map(({ context }) => context.close().catch(() => undefined)));
  await browser?.close();
});

function tab(locale: Locale): { context: BrowserContext; page: Page } {
  const found = tabs.get(locale);
  if (!found) throw new Error(`no ${locale} tab: the spec's beforeAll did not run`);
  return found;
}

/** The language's tab for the next visitor: none of the last one's cookies, only the given ones and the language. */
async function handOver(locale: Locale, cookies: Awaited<ReturnType<BrowserContext["cookies"]>> = []): Promise<Page> {
  const { context, page } = tab(locale);
  // Off the last visitor's page first, so nothing it still does (revalidation, live updates) runs on new cookies.
  await page.goto("about:blank");
  await context.clearCookies();
  await context.addCookies(cookies);
  // Set after the session cookies: the account's stored language (which login copied into `lng`) must not decide.
  await setLocaleCookie(context, locale);
  return page;
}

function auditInBrowser(keyGroups: string[]): PageAudit {
  const groups = new Set(keyGroups);
  const visible = (el: Element) => (el as HTMLElement).checkVisibility?.({ checkVisibilityCSS: true }) ?? true;
  const labelOf = (el: Element) => {
    const name = el.getAttribute("name");
    const id = el.getAttribute("id");
    const type = el.getAttribute("type");
    return `<${el.tagName.toLowerCase()}${type ? ` type=${type}` : ""}${name ? ` name=${name}` : ""}${id ? ` id=${id}` : ""}>`;
  };

  // What a reader sees as prose: identifiers marked up as code (audit event codes, hashes) are not catalogue text.
  const codeStyle = document.createElement("style");
  codeStyle.textContent = "code, pre, kbd, samp { display: none !important; }";
  document.head.append(codeStyle);
  const texts = [document.body.innerText];
  codeStyle.remove();
  for (const el of document.querySelectorAll("[placeholder], [aria-label], [title]")) {
    if (!visible(el)) continue;
    for (const attr of ["placeholder", "aria-label", "title"]) {
      const value = el.getAttribute(attr);
      if (value) texts.push(value);
    }
  }
  const rawKeys = new Set<string>();
  for (const text of texts) {
    for (const m of text.match(/\b[a-z]+:[a-zA-Z]+\.[a-zA-Z.]+\b/g) ?? []) rawKeys.add(m);
    for (const m of text.match(/\{\{\s*\w+\s*\}\}/g) ?? []) rawKeys.add(m);
    for (const token of text.split(/[\s,，。:：;；()（）"“”'‘’]+/)) {
      if (!/^[a-z][a-zA-Z0-9]*(\.[a-zA-Z0-9_]+)+$/.test(token)) continue;
      // A known group, or a camelCase path that is not a file name (a key whose whole group is missing).
      if (groups.has(token.split(".")[0]!) || (/[a-z][A-Z]/.test(token) && !/\.(pdf|png|jpe?g|webp|gif|svg|xlsx?|csv|docx?|zip|txt)$/i.test(token))) rawKeys.add(token);
    }
  }

  const unnamed: string[] = [];
  for (const el of document.querySelectorAll("input, select, textarea")) {
    const input = el as HTMLInputElement;
    if (input.type === "hidden" || !visible(el) || el.closest("[aria-hidden='true']")) continue;
    if (["submit", "button", "reset"].includes(input.type)) continue;
    const labelledBy = (el.getAttribute("aria-labelledby") ?? "").split(/\s+/).filter(Boolean);
    const named =
      Boolean(el.getAttribute("aria-label")?.trim()) ||
      labelledBy.some((id) => document.getElementById(id)?.textContent?.trim()) ||
      [...(input.labels ?? [])].some((label) => label.textContent?.trim());
    if (!named) unnamed.push(labelOf(el));
  }

  const noAlt = [...document.querySelectorAll("img:not([alt])")].map((img) => img.getAttribute("src") ?? "<img>");
  return { lang: document.documentElement.lang, h1: document.querySelectorAll("h1").length, rawKeys: [...rawKeys].sort(), unnamed, noAlt };
}

/**
 * What axe-core's verdict on a page depends on, without the data it shows: the set of distinct element paths outside
 * the site header, each element by its tag, class, style (lengths as "N": a bar's width is data), role, type, lang
 * and ARIA state values, which other attributes are present, whether it has text of its own, whether a reference
 * (for, headers, aria-labelledby…) resolves, and whether a scroll container actually scrolls; whether any id is
 * repeated; the title's presence and the viewport width. Not the language (axe's rules read markup, colours and
 * names, not which language the words are in; each visitor's first page is judged in each language anyway), not
 * how often or in what order a path repeats (a list of 20 rows is judged as one of 2), and not id values (generated
 * from the data). Names in aria-label and the like count as present or not (axe asks whether a name exists).
 */
function structureInBrowser(): string {
  const KEPT = new Set(["class", "role", "type", "lang", "tabindex", "disabled", "hidden", "open", "scope", "colspan", "rowspan"]);
  const NAMES = new Set(["aria-label", "aria-description", "aria-valuetext", "aria-valuenow", "aria-valuemin", "aria-valuemax"]);
  const REFERENCES = new Set(["for", "headers", "list", "aria-labelledby", "aria-describedby", "aria-controls", "aria-owns", "aria-activedescendant", "aria-errormessage", "aria-details", "aria-flowto"]);
  const resolves = (value: string) => value.split(/\s+/).filter(Boolean).every((id) => document.getElementById(id));
  const attribute = (a: Attr): string => {
    if (REFERENCES.has(a.name)) return `${a.name}=${!a.value.trim() ? "" : resolves(a.value) ? "ok" : "missing"}`;
    if (a.name === "style") return `style=${a.value.replace(/(?<![#\w.-])-?\d*\.?\d+(%|px|r?em|vw|vh)/g, "N")}`;
    if (KEPT.has(a.name) || (a.name.startsWith("aria-") && !NAMES.has(a.name))) return `${a.name}=${a.value}`;
    return a.value.trim() ? a.name : `${a.name}=`;
  };
  // An element's path is a hash of its parent's path and its own description: the same for the same path on any
  // page, whatever came before it.
  const hash = (text: string): string => {
    let h1 = 0xdeadbeef;
    let h2 = 0x41c6ce57;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 2654435761);
      h2 = Math.imul(h2 ^ c, 1597334677);
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    return (h2 >>> 0).toString(36) + (h1 >>> 0).toString(36);
  };
  const paths = new Set<string>();
  const walk = (el: Element, parent: string): void => {
    if (el.tagName === "HEADER" && !el.closest("main")) return;
    const attrs = [...el.attributes].map(attribute).sort().join(" ");
    const text = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent?.trim()) ? "+" : "";
    const scrolls = /overflow/.test(`${el.getAttribute("class") ?? ""} ${el.getAttribute("style") ?? ""}`) && (el.scrollWidth > el.clientWidth || el.scrollHeight > el.clientHeight) ? " scrolls" : "";
    const key = `${parent}<${el.tagName}${attrs ? ` ${attrs}` : ""}${text}${scrolls}`;
    const path = hash(key);
    paths.add(path);
    for (const child of el.children) walk(child, path);
  };
  walk(document.body, "");
  const ids = [...document.querySelectorAll("[id]")].map((el) => el.id);
  return [String(window.innerWidth), document.title.trim() ? "titled" : "untitled", new Set(ids).size < ids.length ? "repeated-id" : "", ...[...paths].sort()].join("\n");
}

/**
 * What does not fit a phone screen, read in the browser: how far the page is wider than the window, and each table
 * of records wider than the element holding it (a list of records becomes cards on a phone, `table-cards`). Only a
 * numeric grid marked `data-wide` (WideTable: its own labelled, focusable scrolling region) may be wider.
 */
function phoneFitInBrowser(): { overflow: number; tables: string[] } {
  const tables = [...document.querySelectorAll("table:not([data-wide])")].flatMap((table) => {
    const parent = table.parentElement ?? document.body;
    const style = getComputedStyle(parent);
    // The parent's content box: a card's padding is not room for the table.
    const room = parent.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    if (table.scrollWidth <= room + 1) return [];
    const name = table.querySelector("caption")?.textContent?.trim() || table.querySelector("th")?.textContent?.trim() || "a table";
    return [`table "${name.slice(0, 40)}" is ${table.scrollWidth}px wide in ${room}px (not cards on a phone, nor marked data-wide)`];
  });
  return { overflow: document.documentElement.scrollWidth - window.innerWidth, tables };
}

/** Structures axe-core has already judged in this spec. */
const axeJudged = new Set<string>();

/**
 * Collects page and console errors of one page; `take` hands over what arrived since the last call, `stop` ends
 * the collection (the tab then serves the next visitor, whose crawler collects its own).
 */
function errorCollector(page: Page) {
  let errors: string[] = [];
  const onPageError = (error: Error) => errors.push(`page error: ${error.message.split("\n")[0]}`);
  const onConsole = (message: ConsoleMessage) => {
    if (message.type() === "error") errors.push(`console error: ${message.text().split("\n")[0]}${message.location().url ? ` (${message.location().url})` : ""}`);
  };
  page.on("pageerror", onPageError);
  page.on("console", onConsole);
  return {
    take() {
      const taken = errors;
      errors = [];
      return taken;
    },
    stop() {
      page.off("pageerror", onPageError);
      page.off("console", onConsole);
    },
  };
}

type Visit = { who: string; locale: Locale; url: string; status: number | null; ms: number; axeMs?: number };
const visits: Visit[] = [];

/**
 * Opens a URL with the app's own router (what a click on a link does) and waits for the render; returns the route
 * errors the router holds afterwards (a loader's 404 or a render error caught by a boundary).
 */
async function navigateInBrowser(url: string): Promise<string[]> {
  type Router = { navigate: (to: string) => Promise<void>; state: { errors: Record<string, unknown> | null } };
  const router = (window as unknown as { __remixRouter?: Router }).__remixRouter;
  if (!router) return ["the app's router is not on the page"];
  await router.navigate(url);
  // The router's new state is rendered by React as a transition, which may take several frames on a big page: wait
  // until React has no update left to commit (the root's pending lanes; the hydration wait reads the same root).
  const key = Object.keys(document).find((k) => k.startsWith("__reactContainer$"));
  const root = key ? (document as unknown as Record<string, { stateNode?: { pendingLanes?: number } }>)[key]?.stateNode : undefined;
  const deadline = performance.now() + 15_000;
  do await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  while ((root?.pendingLanes ?? 0) !== 0 && performance.now() < deadline);
  if ((root?.pendingLanes ?? 0) !== 0) return ["the page did not finish rendering within 15 s of its data arriving"];
  return Object.values(router.state.errors ?? {}).map((error) => {
    const e = error as { status?: number; statusText?: string; message?: string };
    return e.status ? `${e.status} ${e.statusText ?? ""}`.trim() : (e.message ?? String(error));
  });
}

/** Routes (paths with object ids as ":id") some visitor has loaded as a full, hydrated document. */
const fullyLoadedRoutes = new Set<string>();
const routeOf = (url: string) => new URL(url, "http://crawl").pathname.split("/").map((segment) => (hasId(`/${segment}`) ? ":id" : segment)).join("/");

/** Only resource routes answer with something other than HTML: files, images, exports. */
const isDownload = (error: unknown) => /Download is starting|net::ERR_ABORTED/.test((error as Error).message);

class Crawler {
  readonly visited = new Set<string>();
  readonly problems: Problem[] = [];
  private readonly errors: ReturnType<typeof errorCollector>;
  private last: string;
  private axeRuns = 0;

  /**
   * `load`: a full document load, hydrated (server rendering, hydration and the page together), for the visitor's
   * first page and every route no visitor has loaded so yet; a route another role's visit has loaded fully is
   * opened as below (its hydration was checked; this role's data and markup still get every check).
   * `client`: the first page is loaded so; later pages are fetched once from the server (status, server rendering)
   * and then opened by the app's router, as a click on a link would (a pass whose pages another pass already loads
   * fully: the English and phone passes see the same server render and hydration in another language or width).
   */
  constructor(
    readonly page: Page,
    readonly who: string,
    readonly locale: Locale,
    readonly navigation: "load" | "client" = "load",
  ) {
    this.errors = errorCollector(page);
    this.last = page.url();
  }

  report(url: string, problem: string) {
    this.problems.push({ who: this.who, locale: this.locale, url, problem });
  }

  /** Visits a URL and, when it is an HTML page, checks everything the brief asks of it. */
  async check(url: string): Promise<void> {
    // Errors that arrived after the previous page was checked (late effects, image loads) belong to it.
    for (const error of this.errors.take()) this.report(this.last, `${error} (after the checks)`);
    this.visited.add(url);
    this.last = url;
    const known = this.problems.length;
    const started = Date.now();
    let status: number | null = null;
    const visit: Visit = { who: this.who, locale: this.locale, url, status: null, ms: 0 };
    try {
      const route = routeOf(url);
      const fullLoad = this.visited.size === 1 || (this.navigation === "load" && !fullyLoadedRoutes.has(route));
      if (fullLoad) fullyLoadedRoutes.add(route);
      if (!fullLoad) {
        // The server's answer for the URL as a browser's first request (status, server rendering), then the page
        // as the app opens it from a link: the page's data and render, without loading the document and every
        // script again (a full load cost ~4× the browser's CPU of a client navigation, measured in ADR 0026).
        // A connection of its own: a kept-alive one idle for the server's keep-alive timeout (5 s) can be closed by the
        // server just as this request goes out (read ECONNRESET, seen once); a browser retries such a request, this
        // client does not.
        const response = await this.page.request.get(url, { failOnStatusCode: false, headers: { Connection: "close" } });
        status = response.status();
        const html = (response.headers()["content-type"] ?? "").startsWith("text/html");
        await response.dispose();
        if (status >= 400) this.report(url, `HTTP ${status}`);
        if (!html) return;
        const routeErrors = await this.page.evaluate(navigateInBrowser, url);
        for (const error of routeErrors) this.report(url, `route error after a client navigation: ${error}`);
      } else {
        const response = await this.page.goto(url, { waitUntil: "load" });
        status = response?.status() ?? null;
        if (status === null || status >= 400) this.report(url, `HTTP ${status}`);
        if (!(response?.headers()["content-type"] ?? "").startsWith("text/html")) return;
        await waitForHydration(this.page);
      }
    } catch (error) {
      if (!isDownload(error)) this.report(url, `did not load and hydrate: ${(error as Error).message.split("\n")[0]}`);
      return;
    } finally {
      visit.status = status;
      visit.ms = Date.now() - started;
      visits.push(visit);
    }
    const audit = await this.page.evaluate(auditInBrowser, KEY_GROUPS);
    if (audit.lang !== this.locale) this.report(url, `<html lang="${audit.lang}">`);
    if (audit.h1 !== 1) this.report(url, `${audit.h1} <h1> elements`);
    for (const key of audit.rawKeys) this.report(url, `raw i18n key on screen: ${key}`);
    for (const control of audit.unnamed) this.report(url, `form control without an accessible name: ${control}`);
    for (const src of audit.noAlt) this.report(url, `image without alt: ${src}`);
    // The visitor's first page carries its header; after that, a structure already judged is skipped.
    const structure = createHash("sha256").update(await this.page.evaluate(structureInBrowser)).digest("hex");
    if (this.axeRuns === 0 || !axeJudged.has(structure)) {
      axeJudged.add(structure);
      this.axeRuns++;
      const axeStarted = Date.now();
      for (const f of await this.accessibilityFindings()) this.report(url, `axe ${f.impact} ${f.id} (${f.nodes}×, e.g. ${f.target}): ${f.help}`);
      visit.axeMs = Date.now() - axeStarted;
    }
    for (const error of this.errors.take()) this.report(url, error);
    if (this.problems.length > known) await this.screenshot(url);
  }

  /** axe-core's critical and serious findings on the current page (WCAG 2.1 A and AA rules). */
  async accessibilityFindings(): Promise<AxeFinding[]> {
    // Evaluated through the devtools protocol: the app's CSP (rightly) refuses an injected inline <script>.
    await this.page.evaluate(AXE_SOURCE);
    return this.page.evaluate(async (tags) => {
      const axe = (window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
      const result = await axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
      return result.violations
        .filter((v) => v.impact === "critical" || v.impact === "serious")
        .map((v) => ({ id: v.id, impact: v.impact ?? "", help: v.help, nodes: v.nodes.length, target: String(v.nodes[0]?.target[0] ?? "") }));
    }, AXE_TAGS);
  }

  /** A full-page picture of a page that broke a rule, for the person reading the report; only failures get one. */
  private async screenshot(url: string): Promise<void> {
    const name = `${this.who}-${this.locale}-${url.replace(/[^a-zA-Z0-9]+/g, "_").replace(/^_|_$/g, "") || "home"}.png`;
    await this.page.screenshot({ path: path.join(crawlDir, name), fullPage: true }).catch(() => undefined);
  }

  /** Gives late errors a moment to arrive, pins them on the last page checked and stops collecting. */
  async finish(): Promise<Problem[]> {
    await this.page.waitForTimeout(300);
    for (const error of this.errors.take()) this.report(this.last, `${error} (after the checks)`);
    this.errors.stop();
    return this.problems;
  }

  /** The links of the rendered header (the role's nav, the notification bell, the account), in order. */
  async headerLinks(): Promise<string[]> {
    const hrefs = await this.page.locator("header a[href]").evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
    return [...new Set(hrefs.filter((h) => h.startsWith("/")))];
  }

  /** Same-origin links inside <main>, as path + query, in document order. */
  private async mainLinks(): Promise<URL[]> {
    const hrefs = await this.page.locator("main a[href]").evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href));
    const origin = new URL(baseUrl()).origin;
    return hrefs.map((h) => new URL(h)).filter((u) => u.origin === origin && !this.visited.has(u.pathname + u.search));
  }

  /**
   * The first link on the current page that opens one object: a path with an opaque id segment (seeded ids
   * like org_en000100; generated ones are 24 lower-case letters and digits), not yet visited.
   */
  async firstDetailLink(prefix = "/"): Promise<string | null> {
    const detail = (await this.mainLinks()).find((u) => u.pathname.startsWith(prefix) && hasId(u.pathname));
    return detail ? detail.pathname + detail.search : null;
  }

  /** Pages a page leads to that are not objects: tabs, "new" forms, composers (no query, no id, not in the header). */
  async subPageLinks(header: string[]): Promise<string[]> {
    const paths = (await this.mainLinks()).filter((u) => !u.search && !hasId(u.pathname)).map((u) => u.pathname);
    return [...new Set(paths)].filter((p) => !header.includes(p));
  }
}

function hasId(pathname: string): boolean {
  return pathname.split("/").some((s) => /^[a-z][a-z0-9_]{9,}$/.test(s) && /\d/.test(s));
}

/**
 * zh-CN (the first language) goes one level past the header: each list's first detail page and sub-pages.
 * English checks the header pages only — the detail pages share their catalogues with the lists, and crawling
 * them twice doubled the suite's longest spec on CI's two cores — fetched from the server and opened by the app's
 * router after the first page (the zh-CN pass loads and hydrates each of them fully).
 */
async function crawlSignedIn(page: Page, who: string, locale: Locale): Promise<Problem[]> {
  const deep = locale === LOCALES[0];
  const crawler = new Crawler(page, who, locale, deep ? "load" : "client");
  await crawler.check("/dashboard");
  // The desktop menu fits one line at 1280 px in either language (ADR 0826).
  const menu = await desktopMenuLayout(page);
  if (menu.rows !== 1 || !menu.fits) crawler.report("/dashboard", `the menu does not fit one line at 1280 px: ${JSON.stringify(menu)}`);
  const links = await crawler.headerLinks();
  if (!links.some((l) => l !== "/dashboard")) crawler.report("/dashboard", "no nav links rendered");
  const onward = async () => {
    if (!deep) return;
    const detail = await crawler.firstDetailLink();
    const subPages = await crawler.subPageLinks(links);
    for (const url of [...(detail ? [detail] : []), ...subPages]) if (!crawler.visited.has(url)) await crawler.check(url);
  };
  await onward();
  for (const link of links) {
    if (crawler.visited.has(link)) continue;
    await crawler.check(link);
    await onward();
  }
  return crawler.finish();
}

function formatProblems(problems: Problem[]): string {
  return problems.map((p) => `[${p.who} ${p.locale}] ${p.url}: ${p.problem}`).join("\n");
}

describe("crawl: every page for every role in zh-CN, and every header page in English", () => {
  // A crawl that finds nothing proves little unless the checks bite: one page that breaks every rule.
  test("the checks catch a page that breaks every rule", async () => {
    const page = await handOver("en");
    const crawler = new Crawler(page, "self-test", "en");
    await crawler.check("/no-such-page-for-the-crawl");
    expect(crawler.problems.map((p) => p.problem)).toContain("HTTP 404");

    await page.setContent(
      '<html lang="zh-CN"><body><h1>a</h1><h1>b</h1><p>nav.dashboard</p><p>see board:nav.apply</p><code>offer.accepted</code>' +
        '<label>Name <input name="named"></label><input name="bare"><select aria-labelledby="missing"></select>' +
        '<input type="hidden" name="hidden"><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></body></html>',
    );
    const audit = await page.evaluate(auditInBrowser, KEY_GROUPS);
    expect(audit).toEqual({
      lang: "zh-CN",
      h1: 2,
      rawKeys: expect.arrayContaining(["board:nav.apply", "nav.dashboard"]),
      unnamed: ["<input name=bare>", "<select>"],
      noAlt: ["data:image/gif;base64,R0lGODlhAQABAAAAACw="],
    });
    expect(audit.rawKeys).not.toContain("offer.accepted");
    await page.setContent('<html lang="en"><body><main><h1>t</h1><p style="color:#bbb;background:#fff">faint text</p></main></body></html>');
    expect((await crawler.accessibilityFindings()).map((f) => f.id)).toContain("color-contrast");
    // axe is skipped only on a structure it has judged: other text or links do not make a page new, other markup does.
    const structureOf = async (main: string) => {
      await page.setContent(`<html lang="en"><body><header><a href="/x">menu</a></header><main>${main}</main></body></html>`);
      return page.evaluate(structureInBrowser);
    };
    const judged = await structureOf('<h1>One</h1><a href="/a">first</a>');
    expect(await structureOf('<h1>Two</h1><a href="/b">second one</a>')).toBe(judged);
    expect(await structureOf('<h1>One</h1><a href="/a"></a>')).not.toBe(judged);
    expect(await structureOf('<h1 class="text-slate-300">One</h1><a href="/a">first</a>')).not.toBe(judged);
    expect(await structureOf('<h1>One</h1><a href="/a" aria-hidden="true">first</a>')).not.toBe(judged);
    expect(await structureOf('<h1>One</h1><a href="/a" aria-label="">first</a>')).not.toBe(judged);
    // More rows, generated ids and a bar's length are data; a broken reference, a repeated id or a colour are not.
    const list = await structureOf('<ul><li><label for="r1">a</label><input id="r1"></li></ul><div style="width: 20%; color: #1e40af">x</div>');
    expect(await structureOf('<ul><li><label for="r7">b</label><input id="r7"></li><li><label for="r8">c</label><input id="r8"></li></ul><div style="width: 75%; color: #1e40af">y</div>')).toBe(list);
    expect(await structureOf('<ul><li><label for="r1">a</label><input id="r2"></li></ul><div style="width: 20%; color: #1e40af">x</div>')).not.toBe(list);
    expect(await structureOf('<ul><li><label for="r1">a</label><input id="r1"></li><li><label for="r1">b</label><input id="r1"></li></ul><div style="width: 20%; color: #1e40af">x</div>')).not.toBe(list);
    expect(await structureOf('<ul><li><label for="r1">a</label><input id="r1"></li></ul><div style="width: 20%; color: #2e40af">x</div>')).not.toBe(list);
    expect(await structureOf('<ul><li><label for="r1">a</label><input id="r1"></li></ul><p style="width: 20%; color: #1e40af">x</p>')).not.toBe(list);
    await page.evaluate(() => {
      console.error("console boom");
      setTimeout(() => {
        throw new Error("page bang");
      });
    });
    const late = (await crawler.finish()).map((p) => p.problem);
    expect(late).toEqual(expect.arrayContaining([expect.stringContaining("console boom"), expect.stringContaining("page bang")]));
  });

  for (const { role, email } of ROLES) {
    test(`${role} (${email})`, async () => {
      await signIn(await handOver("zh-CN"), email);
      const session = await tab("zh-CN").context.cookies();
      const pages = await Promise.all(LOCALES.map((locale) => handOver(locale, session)));

      // The two languages crawl side by side: most of a page's time is the server's and the browser's, not ours.
      const results = await Promise.all(LOCALES.map((locale, i) => crawlSignedIn(pages[i]!, role, locale)));
      const problems = results.flat();
      allProblems.push(...problems);
      expect(problems, formatProblems(problems)).toEqual([]);
    });
  }

  // A phone (390×844): the menu folds behind one button, nothing is wider than the screen (no table of records
  // either: those become cards), the menu's button is a 44 px touch target, and the pages it lists open. Two roles
  // with the longest menus stand for the rest.
  for (const email of ["ent07@demo.xj", "admin@xjex.demo"]) {
    test(`phone: ${email}'s menu and pages`, async () => {
      const context = await newContext(browser, "zh-CN", { phone: true });
      try {
        const page = await context.newPage();
        // The table check bites: a record table wider than the phone is reported, a marked numeric grid is not.
        const row = `<tr>${"<td>一列很长的内容不换行</td>".repeat(8)}</tr>`;
        await page.setContent(
          `<html><head><style>table{white-space:nowrap}</style></head><body><table><caption>records</caption>${row}</table>` +
            `<div style="overflow-x:auto"><table data-wide>${row}</table></div></body></html>`,
        );
        expect((await page.evaluate(phoneFitInBrowser)).tables).toEqual([expect.stringContaining('table "records"')]);
        await signIn(page, email);
        // The desktop pass loads these pages fully; here the app's router opens them, as the phone menu's links do.
        const crawler = new Crawler(page, `phone ${email}`, "zh-CN", "client");
        await crawler.check("/dashboard");
        const menu = page.getByTestId("nav-phone").locator("summary");
        const box = await menu.boundingBox();
        if (!box || box.height < 44 || box.width < 44) crawler.report("/dashboard", `menu button is not a 44 px touch target: ${JSON.stringify(box)}`);
        const headerHeight = await page.locator("header").first().evaluate((h) => h.getBoundingClientRect().height);
        if (headerHeight > 80) crawler.report("/dashboard", `header takes ${headerHeight}px of the phone screen`);
        await menu.click();
        if (!(await page.getByTestId("nav-main").isVisible())) crawler.report("/dashboard", "the menu button does not open the menu");
        const links = await page.getByTestId("nav-main").locator("a[href]").evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
        if (links.length < 5) crawler.report("/dashboard", `the phone menu lists ${links.length} pages`);
        for (const link of links) {
          await crawler.check(link);
          const fit = await page.evaluate(phoneFitInBrowser);
          if (fit.overflow > 1) crawler.report(link, `page is ${fit.overflow}px wider than the phone screen`);
          for (const table of fit.tables) crawler.report(link, table);
        }
        const problems = await crawler.finish();
        allProblems.push(...problems);
        expect(problems, formatProblems(problems)).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }

  test("public pages, logged out", async () => {
    // Side by side, as the signed-in crawls.
    const results = await Promise.all(
      LOCALES.map(async (locale) => {
        const crawler = new Crawler(await handOver(locale), "public", locale);
        for (const url of ["/", "/login", "/signup", "/forgot-password", "/notices"]) await crawler.check(url);
        const notice = await crawler.firstDetailLink("/notices/");
        if (notice) await crawler.check(notice);
        else crawler.report("/notices", "no notice linked");
        await crawler.check("/directory");
        const enterprise = await crawler.firstDetailLink("/enterprises/");
        if (enterprise) await crawler.check(enterprise);
        else crawler.report("/directory", "no enterprise linked");
        return crawler.finish();
      }),
    );
    const problems = results.flat();
    allProblems.push(...problems);
    expect(problems, formatProblems(problems)).toEqual([]);
  });
});
