import { Form, Link, NavLink, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useRootData } from "~/root";
import { NotificationBell } from "./messaging/notification-bell";

export function SiteHeader() {
  const root = useRootData();
  const { t } = useTranslation();
  const location = useLocation();
  const actor = root?.actor ?? null;
  const here = location.pathname + location.search;
  const locale = root?.locale ?? "zh-CN";
  return (
    <header className="border-b border-slate-200 bg-white">
      <a href="#main" className="sr-only-focusable">
        {t("nav.skipToContent")}
      </a>
      <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-4 px-4 py-3">
        <Link to={actor ? "/dashboard" : "/"} className="flex items-center gap-2 text-slate-900 hover:text-slate-900">
          <img src="/favicon.svg" alt="" width={28} height={28} />
          <span className="font-semibold">{t("brand.short")}</span>
        </Link>
        {actor ? (
          <nav aria-label={t("nav.main")} className="flex flex-1 flex-wrap gap-1">
            {(root?.nav ?? []).map((item) => (
              <NavLink
                key={item.to}
                to={item.to}
                className={({ isActive }) =>
                  `rounded px-3 py-1.5 text-sm ${isActive ? "bg-brand-50 font-medium text-brand-700" : "text-slate-700 hover:bg-slate-100 hover:text-slate-900"}`
                }
              >
                {t(item.label)}
              </NavLink>
            ))}
          </nav>
        ) : (
          <nav aria-label={t("nav.main")} className="flex flex-1 gap-1">
            <NavLink to="/directory" className="rounded px-3 py-1.5 text-sm text-slate-700 hover:bg-slate-100">
              {t("nav.directory")}
            </NavLink>
            <NavLink to="/search" className="rounded px-3 py-1.5 text-sm text-slate-700 hover:bg-slate-100">
              {t("search:nav.search")}
            </NavLink>
          </nav>
        )}
        <Form method="post" action="/locale" className="flex items-center gap-1" aria-label={t("nav.language")}>
          <input type="hidden" name="redirectTo" value={here} />
          <button
            name="locale"
            value={locale === "zh-CN" ? "en" : "zh-CN"}
            className="rounded border border-slate-300 px-2 py-1 text-xs text-slate-700 hover:bg-slate-50"
            data-testid="language-switch"
            lang={locale === "zh-CN" ? "en" : "zh-CN"}
          >
            {locale === "zh-CN" ? "English" : "中文"}
          </button>
        </Form>
        {actor ? (
          <div className="flex items-center gap-3 text-sm">
            <NotificationBell />
            <span className="hidden text-slate-600 md:inline" data-testid="whoami">
              {actor.name} · {actor.orgName}
            </span>
            <Form method="post" action="/logout">
              <button className="btn-secondary px-3 py-1" data-testid="logout">
                {t("nav.logout")}
              </button>
            </Form>
          </div>
        ) : (
          <div className="flex items-center gap-2 text-sm">
            <Link to="/login" className="btn-secondary px-3 py-1">
              {t("nav.login")}
            </Link>
            <Link to="/signup" className="btn-primary px-3 py-1">
              {t("nav.signup")}
            </Link>
          </div>
        )}
      </div>
    </header>
  );
}
