import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requireActor } from "~/modules/identity/auth.server";
import { listMyReminders } from "~/modules/staff/reminders.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "reminders");

const query = z.object({ day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional().catch(undefined) });

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const { day } = query.parse(Object.fromEntries(new URL(request.url).searchParams));
  return { day: day ?? null, items: listMyReminders(context.app, actor, day) };
}

/** Only in-app paths are followed from a reminder. */
const safeHref = (href: string) => (href.startsWith("/") && !href.startsWith("//") ? href : "/reminders");

export default function RemindersPage() {
  const { t } = useTranslation("staff");
  const { t: tAny } = useTranslation();
  const { items } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-6">
      <h1 className="page-title">{t("reminders.title")}</h1>
      <p className="text-sm text-slate-600">{t("reminders.intro")}</p>
      <section className="card overflow-x-auto">
        {items.length === 0 ? (
          <p className="p-4 text-sm text-slate-500">{t("reminders.empty")}</p>
        ) : (
          <table className="table table-cards">
            <thead>
              <tr>
                <th scope="col">{t("reminders.day")}</th>
                <th scope="col">{t("reminders.source")}</th>
                <th scope="col">{t("reminders.text")}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((r) => (
                <tr key={r.id}>
                  <td data-label={t("reminders.day")} className="tabular-nums">{r.day}</td>
                  <td data-label={t("reminders.source")}>{t(`reminders.sources.${r.source}`)}</td>
                  <td data-label={t("reminders.text")}><Link className="text-brand-700 hover:underline" to={safeHref(r.href)}>{tAny(r.key, r.values)}</Link></td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
