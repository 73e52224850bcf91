import { Link, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** Plain links (works without JS, keeps the rest of the query). */
export function Pagination({ page, pageCount }: { page: number; pageCount: number }) {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  if (pageCount <= 1) return null;
  const hrefFor = (p: number) => {
    const next = new URLSearchParams(params);
    next.set("page", String(p));
    return `?${next.toString()}`;
  };
  return (
    <nav aria-label={t("pagination.label")} className="mt-4 flex items-center gap-3 text-sm">
      {page > 1 ? <Link to={hrefFor(page - 1)} rel="prev">{t("pagination.prev")}</Link> : <span className="text-slate-500" aria-disabled="true">{t("pagination.prev")}</span>}
      <span aria-current="page">{t("pagination.pageOf", { page, pageCount })}</span>
      {page < pageCount ? <Link to={hrefFor(page + 1)} rel="next">{t("pagination.next")}</Link> : <span className="text-slate-500" aria-disabled="true">{t("pagination.next")}</span>}
    </nav>
  );
}
