import { Form, Link, NavLink, useLocation, useNavigate } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import type { TFunction } from "i18next";
import { useRootData } from "~/root";
import { NotificationBell } from "./messaging/notification-bell";
import { isCurrentPage, navSections, type NavItem, type NavSection } from "./nav-groups";

const linkTone = (isActive: boolean) =>
  isActive ? "bg-brand-50 font-medium text-brand-700" : "text-slate-700 hover:bg-slate-100 hover:text-slate-900";

export function SiteHeader() {
  const root = useRootData();
  const { t } = useTranslation();
  const location = useLocation();
  const actor = root?.actor ?? null;
  const here = location.pathname + location.search;
  const locale = root?.locale ?? "zh-CN";
  const headerRef = useCloseMenusOnNavigation(location.key);
  const onMenuClick = useMenuLinkNavigation(here + location.hash);
  const sections = actor ? navSections(root?.nav ?? []) : [];
  // Rendered twice (in the header's row and in the phone menu's panel, one of them hidden by CSS); only the header's
  // carries the test id.
  const languageSwitch = (testId?: string) => (
    <Form method="post" action="/locale" className="flex items-center" aria-label={t("nav.language")}>
      <input type="hidden" name="redirectTo" value={here} />
      <button
        name="locale"
        value={locale === "zh-CN" ? "en" : "zh-CN"}
        className="min-h-11 whitespace-nowrap rounded border border-slate-300 px-3 text-xs text-slate-700 hover:bg-slate-50 md:min-h-0 md:px-2 md:py-1"
        data-testid={testId}
        lang={locale === "zh-CN" ? "en" : "zh-CN"}
      >
        {locale === "zh-CN" ? "English" : "中文"}
      </button>
    </Form>
  );
  return (
    // The click handler only takes over the menu links' own clicks (a keyboard's Enter on a link is a click too).
    <header ref={headerRef} className="relative border-b border-slate-200 bg-white" onClick={onMenuClick}>
      <a href="#main" className="sr-only-focusable">
        {t("nav.skipToContent")}
      </a>
      <div className={`mx-auto flex max-w-7xl items-center gap-3 px-4 py-2 md:flex-wrap md:gap-3 md:py-3 xl:flex-nowrap ${actor ? "" : "flex-wrap"}`}>
        <Link to={actor ? "/dashboard" : "/"} className="flex items-center gap-2 text-slate-900 no-underline hover:text-slate-900">
          <img src="/favicon.svg" alt="" width={28} height={28} />
          <span className="whitespace-nowrap font-semibold">{t("brand.short")}</span>
        </Link>
        {actor ? (
          <SignedInMenu sections={sections} pathname={location.pathname} actorLine={`${actor.name} · ${actor.orgName}`} languageSwitch={languageSwitch()} t={t} />
        ) : (
          <nav aria-label={t("nav.main")} className="order-last flex basis-full flex-wrap gap-1 md:order-none md:flex-1 md:basis-auto">
            <NavLink to="/directory" className="whitespace-nowrap rounded px-3 py-1.5 text-sm text-slate-700 hover:bg-slate-100">
              {t("nav.directory")}
            </NavLink>
            <NavLink to="/notices" className="whitespace-nowrap rounded px-3 py-1.5 text-sm text-slate-700 hover:bg-slate-100">
              {t("board:nav.publicNotices")}
            </NavLink>
            <NavLink to="/search" className="whitespace-nowrap rounded px-3 py-1.5 text-sm text-slate-700 hover:bg-slate-100">
              {t("search:nav.search")}
            </NavLink>
          </nav>
        )}
        <div className={actor ? "hidden md:flex" : "flex"}>{languageSwitch("language-switch")}</div>
        {actor ? (
          <div className="ml-auto flex min-w-0 items-center gap-3 text-sm md:ml-0">
            <NotificationBell />
            {/*
              Up to 1536 px only the person's name: the organisation's would push the menu onto a second line at 1280 px
              (ADR 0826). The full line is the title, and in the phone menu; a long name is cut short.
            */}
            <span className="hidden min-w-0 max-w-40 truncate text-slate-600 lg:inline-block 2xl:max-w-60" title={`${actor.name} · ${actor.orgName}`} data-testid="whoami">
              {actor.name}
              <span className="hidden 2xl:inline"> · {actor.orgName}</span>
            </span>
            <Form method="post" action="/logout" className="hidden md:block">
              <button className="btn-secondary whitespace-nowrap px-3 py-1" data-testid="logout">
                {t("nav.logout")}
              </button>
            </Form>
          </div>
        ) : (
          <div className="ml-auto flex items-center gap-2 text-sm md:ml-0">
            <Link to="/login" className="btn-secondary whitespace-nowrap px-3 py-1">
              {t("nav.login")}
            </Link>
            <Link to="/signup" className="btn-primary whitespace-nowrap px-3 py-1">
              {t("nav.signup")}
            </Link>
          </div>
        )}
      </div>
    </header>
  );
}

/**
 * The signed-in menu, one list for every screen (ADR 0930). From md up its entries and task groups sit in the header's
 * row, each group a disclosure opening its pages. Below md the list is a panel under the header, opened by the menu
 * button just before it: a native <details>, and CSS hides the panel while that is shut (`.phone-menu:not([open]) +
 * .menu-panel`, app.css), so it works before and without JavaScript. The panel also carries what the narrow header
 * leaves out: who is signed in, the language switch and logging out.
 */
function SignedInMenu({ sections, pathname, actorLine, languageSwitch, t }: { sections: NavSection[]; pathname: string; actorLine: string; languageSwitch: React.ReactNode; t: TFunction }) {
  return (
    <>
      <details className="phone-menu" data-testid="nav-phone">
        <summary aria-controls="menu-panel">{t("nav.menu")}</summary>
      </details>
      <div id="menu-panel" className="menu-panel">
        <p className="py-2 text-xs text-slate-600 md:hidden">{actorLine}</p>
        <nav aria-label={t("nav.main")} className="menu-list" data-testid="nav-main">
          {sections.map((section) =>
            section.group === null || section.items.length === 1 ? (
              section.items.map((item) => <NavEntry key={item.to + item.label} item={item} pathname={pathname} t={t} />)
            ) : (
              <NavDropdown key={section.group} section={section} pathname={pathname} t={t} />
            ),
          )}
        </nav>
        <div className="mt-3 flex items-center gap-3 border-t border-slate-200 pt-3 md:hidden">
          {languageSwitch}
          <Form method="post" action="/logout">
            <button className="btn-secondary min-h-11 px-3">{t("nav.logout")}</button>
          </Form>
        </div>
      </div>
    </>
  );
}

/**
 * A page of the signed-in menu. The menu is on every signed-in page (10–30 links), and a router NavLink resolves its
 * path several times per render (a tenth of a light page's server CPU went there), so an entry is a plain anchor
 * marked current by NavLink's rule; the header's click handler (useMenuLinkNavigation) makes a click a client-side
 * navigation, as a Link's would be. Without JavaScript it is an ordinary link. Its label is translated with the menu's
 * own `t`: a useTranslation per entry was 36 hook calls on a lender's every page.
 */
function NavEntry({ item, pathname, t, inGroup = false }: { item: NavItem; pathname: string; t: TFunction; inGroup?: boolean }) {
  const current = isCurrentPage(item.to, pathname);
  return (
    <a href={item.to} data-discover="true" data-menu-link="" aria-current={current ? "page" : undefined} className={inGroup ? "menu-link menu-link-in-group" : "menu-link menu-link-top"}>
      {t(item.label)}
    </a>
  );
}

/**
 * What a router Link does on a click, for the menu's plain anchors: a plain left click without modifier keys
 * navigates within the app (replacing the history entry when the link is the page already shown); anything else
 * (a new tab, a download, a modified click) is left to the browser.
 */
function useMenuLinkNavigation(here: string) {
  const navigate = useNavigate();
  return (event: React.MouseEvent) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.altKey || event.ctrlKey || event.shiftKey) return;
    const link = event.target instanceof Element ? event.target.closest("a[data-menu-link]") : null;
    if (!(link instanceof HTMLAnchorElement) || (link.target && link.target !== "_self")) return;
    const href = link.getAttribute("href");
    if (!href) return;
    event.preventDefault();
    navigate(href, { replace: href === here });
  };
}

/** One task group: a disclosure button (works without JavaScript) opening its pages, over the page from md up. */
function NavDropdown({ section, pathname, t }: { section: NavSection; pathname: string; t: TFunction }) {
  const current = section.items.some((i) => pathname === i.to || pathname.startsWith(`${i.to}/`));
  return (
    <details className="menu-group" data-nav-group={section.group}>
      <summary className={`menu-group-button ${linkTone(current)}`}>
        {t(`nav.groups.${section.group}`)}
        <svg aria-hidden="true" width="12" height="12" viewBox="0 0 12 12" className="opacity-70">
          <path d="M2 4l4 4 4-4" fill="none" stroke="currentColor" strokeWidth="1.5" />
        </svg>
      </summary>
      <div className="menu-group-pages">
        {section.items.map((item) => (
          <NavEntry key={item.to + item.label} item={item} pathname={pathname} t={t} inGroup />
        ))}
      </div>
    </details>
  );
}

/**
 * Open menus close when the page changes, on Escape and on a click elsewhere (a native <details> would stay open
 * over the next page). Without JavaScript they stay native disclosures.
 */
function useCloseMenusOnNavigation(locationKey: string) {
  const ref = useRef<HTMLElement>(null);
  const shownKey = useRef(locationKey);
  useEffect(() => {
    // Only a change of page closes them: a menu opened before hydration finished stays open.
    if (shownKey.current === locationKey) return;
    shownKey.current = locationKey;
    ref.current?.querySelectorAll("details[open]").forEach((d) => d.removeAttribute("open"));
  }, [locationKey]);
  useEffect(() => {
    // The phone menu's panel is the element after its button (SignedInMenu): a click in it keeps the menu open.
    const closeOthers = (keep: EventTarget | null) =>
      ref.current?.querySelectorAll("details[open]").forEach((d) => {
        const owns = (node: Node) => d.contains(node) || (d.classList.contains("phone-menu") && !!d.nextElementSibling?.contains(node));
        if (!(keep instanceof Node && owns(keep))) d.removeAttribute("open");
      });
    const onClick = (e: MouseEvent) => closeOthers(e.target);
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") closeOthers(null);
    };
    document.addEventListener("click", onClick);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("click", onClick);
      document.removeEventListener("keydown", onKey);
    };
  }, []);
  return ref;
}
