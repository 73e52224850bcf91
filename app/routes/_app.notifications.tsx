import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { NOTIFICATION_KINDS, type NotificationKind } from "@db/schema/constants";
import { handleIntents } from "~/utils/actions.server";
import { Pagination } from "~/components/ui/pagination";
import { redirectWithToast, requireActor } from "~/modules/identity/auth.server";
import { listNotifications, markNotificationsRead, preferencesOf, setPreferences } from "~/modules/messaging/notifications.server";
import { formatDateTime } from "~/utils/dates";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const url = new URL(request.url);
  const page = Math.max(1, Math.min(10_000, Number(url.searchParams.get("page")) || 1));
  const unreadOnly = url.searchParams.get("unread") === "1";
  return { ...listNotifications(context.app, actor, { page, unreadOnly }), page, unreadOnly, preferences: preferencesOf(context.app, actor.userId) };
}

/** One checkbox per notification kind ("inApp.<kind>"); an unticked box is not posted. */
const ticked = z.object(Object.fromEntries(NOTIFICATION_KINDS.map((kind) => [kind, z.boolean().default(false)])) as Record<NotificationKind, z.ZodDefault<z.ZodBoolean>>).default({});

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const back = `/notifications${new URL(request.url).search}`;
  const markedRead = () => redirectWithToast(context.app, request, back, { kind: "success", message: "messaging:centre.markedRead" });
  return handleIntents(
    request,
    {
      preferences: z.object({ inApp: ticked, emailDigest: ticked }),
      read: z.object({ id: z.array(z.string().max(40)).default([]) }),
      readAll: z.object({}),
    },
    {
      preferences: ({ inApp, emailDigest }) => {
        setPreferences(context.app, actor, NOTIFICATION_KINDS.map((kind) => ({ kind, inApp: inApp[kind], emailDigest: emailDigest[kind] })));
        return redirectWithToast(context.app, request, back, { kind: "success", message: "messaging:centre.saved" });
      },
      read: ({ id }) => {
        markNotificationsRead(context.app, actor, id.slice(0, 100));
        return markedRead();
      },
      readAll: () => {
        markNotificationsRead(context.app, actor, "all");
        return markedRead();
      },
    },
    { refuseWith: ({ key, values }) => redirectWithToast(context.app, request, back, { kind: "error", message: key, values }) },
  );
}

/** Only in-app paths are followed from a notification. */
const safeHref = (href: string) => (href.startsWith("/") && !href.startsWith("//") ? href : "/notifications");

export default function NotificationCentre() {
  const { t, i18n } = useTranslation("messaging");
  const { items, hasMore, page, unread, unreadOnly, preferences } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <div className="max-w-4xl space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="page-title">{t("centre.title")}</h1>
        <div className="flex items-center gap-2 text-sm">
          <Link to={unreadOnly ? "/notifications" : "/notifications?unread=1"} className="btn-secondary px-3 py-1">
            {unreadOnly ? t("centre.all") : t("centre.unreadOnly")}
          </Link>
          {unread ? (
            <Form method="post">
              <button name="intent" value="readAll" className="btn-primary px-3 py-1" data-testid="mark-all-read">
                {t("centre.markAllRead")}
              </button>
            </Form>
          ) : null}
        </div>
      </div>
      {items.length === 0 ? <p className="card text-center text-sm text-slate-500">{t("centre.empty")}</p> : null}
      <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white" data-testid="notification-list">
        {items.map((n) => (
          <li key={n.id} className={`flex items-start gap-3 px-4 py-3 ${n.readAt ? "" : "bg-brand-50/40"}`} data-testid="notification" data-read={n.readAt ? "1" : "0"}>
            <div className="min-w-0 flex-1">
              <p className="text-xs text-slate-500">
                {t(`centre.kinds.${n.kind}`)} · {formatDateTime(n.updatedAt, i18n.language)}
              </p>
              <Link to={safeHref(n.payload.href)} className={`text-sm ${n.readAt ? "text-slate-700" : "font-medium text-slate-900"}`}>
                {t(n.payload.key, n.payload.values)}
              </Link>
            </div>
            {n.readAt ? (
              <span className="text-xs text-slate-500">{t("centre.read")}</span>
            ) : (
              <Form method="post" action={`/notifications?${params.toString()}`}>
                <input type="hidden" name="id" value={n.id} />
                <button name="intent" value="read" className="text-xs underline">
                  {t("centre.markRead")}
                </button>
              </Form>
            )}
          </li>
        ))}
      </ul>
      <Pagination page={page} pageCount={hasMore ? page + 1 : page} />

      <section className="card space-y-3">
        <h2 className="text-lg font-semibold">{t("centre.preferences")}</h2>
        <p className="text-sm text-slate-600">{t("centre.preferencesIntro")}</p>
        <Form method="post">
          <table className="table table-cards">
            <caption className="sr-only">{t("centre.preferences")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("centre.kindColumn")}</th>
                <th scope="col">{t("centre.inApp")}</th>
                <th scope="col">{t("centre.emailDigest")}</th>
              </tr>
            </thead>
            <tbody>
              {preferences.map((p) => (
                <tr key={p.kind}>
                  <th scope="row" className="font-normal">
                    {t(`centre.kinds.${p.kind}`)}
                  </th>
                  <td data-label={t("centre.inApp")}>
                    <input type="checkbox" name={`inApp.${p.kind}`} defaultChecked={p.inApp} aria-label={`${t(`centre.kinds.${p.kind}`)} · ${t("centre.inApp")}`} />
                  </td>
                  <td data-label={t("centre.emailDigest")}>
                    <input
                      type="checkbox"
                      name={`emailDigest.${p.kind}`}
                      defaultChecked={p.emailDigest}
                      aria-label={`${t(`centre.kinds.${p.kind}`)} · ${t("centre.emailDigest")}`}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <button name="intent" value="preferences" className="btn-primary mt-3" data-testid="save-preferences">
            {t("centre.save")}
          </button>
        </Form>
      </section>
    </div>
  );
}
