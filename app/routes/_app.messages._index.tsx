import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { listText } from "~/i18n/list-text";
import { Pagination } from "~/components/ui/pagination";
import { requireActor } from "~/modules/identity/auth.server";
import { listConversations } from "~/modules/messaging/conversations.server";
import { formatDateTime } from "~/utils/dates";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const page = Math.max(1, Math.min(10_000, Number(new URL(request.url).searchParams.get("page")) || 1));
  const { items, hasMore, totalUnread } = listConversations(context.app, actor, { page });
  // Only what the list shows goes into the page (a bank's page carries 30 threads).
  return {
    items: items.map(({ id, subjectType, counterpartName, unread, lastPreview, lastMessageAt, createdAt }) => ({ id, subjectType, counterpartName, unread, lastPreview, lastMessageAt, createdAt })),
    hasMore,
    totalUnread,
    page,
  };
}

export default function ConversationsPage() {
  const { t, i18n } = useTranslation("messaging");
  const { items, hasMore, page, totalUnread } = useLoaderData<typeof loader>();
  // The rows' subjects and unread counts repeat: each asked of i18next once per render (ADR 0915).
  const text = useMemo(() => listText(t), [t]);
  return (
    <div className="max-w-4xl space-y-4">
      <h1 className="page-title">{t("list.title")}</h1>
      <p className="text-sm text-slate-600">{t("list.intro")}</p>
      {totalUnread ? <p className="text-sm font-medium text-brand-700">{t("list.totalUnread", { count: totalUnread })}</p> : null}
      {items.length === 0 ? <p className="card text-center text-sm text-slate-500">{t("list.empty")}</p> : null}
      <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white" data-testid="conversation-list">
        {items.map((c) => (
          <li key={c.id}>
            <Link to={`/messages/${c.id}`} className="flex items-start gap-4 px-4 py-3 text-slate-900 hover:bg-slate-50 hover:text-slate-900" data-testid="conversation-link">
              <div className="min-w-0 flex-1">
                <div className="flex flex-wrap items-baseline gap-2">
                  <span className={c.unread ? "font-semibold" : "font-medium"}>{c.counterpartName}</span>
                  <span className="text-xs text-slate-500">{text.fill("messaging:list.about", "subject", text.label(`messaging:subjects.${c.subjectType}`))}</span>
                </div>
                <p className="truncate text-sm text-slate-600">{c.lastPreview ?? t("list.noMessages")}</p>
              </div>
              <div className="flex shrink-0 flex-col items-end gap-1">
                <span className="text-xs text-slate-500">{formatDateTime(c.lastMessageAt ?? c.createdAt, i18n.language)}</span>
                {c.unread ? (
                  <span className="rounded-full bg-brand-600 px-2 text-xs font-semibold leading-5 text-white" data-testid="unread-count">
                    {text.counted("messaging:list.unread", c.unread)}
                  </span>
                ) : null}
              </div>
            </Link>
          </li>
        ))}
      </ul>
      <Pagination page={page} pageCount={hasMore ? page + 1 : page} />
    </div>
  );
}
