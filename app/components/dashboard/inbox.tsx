import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { InboxItem } from "~/modules/dashboard/inbox.server";

/** "What needs doing": each line says what waits and links to where it is done; lines that wait for the user lead. */
export function DashboardInbox({ items }: { items: InboxItem[] }) {
  const { t } = useTranslation();
  if (!items.length) return null;
  return (
    <section className="card" aria-labelledby="inbox-heading" data-testid="dashboard-inbox">
      <h2 id="inbox-heading" className="text-lg font-semibold">
        {t("dashboard.inbox.title")}
      </h2>
      <ul className="mt-3 divide-y divide-slate-100">
        {items.map((item) => (
          <li key={item.key} className="flex min-h-11 items-center justify-between gap-3 py-2 text-sm" data-testid={`inbox-${item.key}`} data-attention={item.attention || undefined}>
            <span className="flex items-center gap-2">
              {item.attention ? <span aria-hidden className="inline-block h-2 w-2 shrink-0 rounded-full bg-amber-500" /> : <span aria-hidden className="inline-block h-2 w-2 shrink-0" />}
              <span>{t(`dashboard.inbox.${item.key}`, item.values)}</span>
            </span>
            <Link to={item.href} className="shrink-0 whitespace-nowrap">
              {t(`dashboard.inbox.open.${item.key}`)}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
