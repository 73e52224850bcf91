import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { EventTime } from "~/components/roadshows/event-bits";
import { can } from "~/modules/access";
import { requireActor } from "~/modules/identity/auth.server";
import { hasCalendarFeed, resetCalendarFeed } from "~/modules/roadshows/calendar.server";
import { eventsPresentedBy } from "~/modules/roadshows/events.server";
import { myRegistrations } from "~/modules/roadshows/registrations.server";
import { pageTitle } from "~/utils/meta";
import { baseUrl } from "~/utils/route.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "roadshowsMine");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  return {
    registrations: myRegistrations(context.app, actor.userId),
    presenting: can(actor, "list:roadshow-presented:own") ? eventsPresentedBy(context.app, actor.orgId) : [],
    hasFeed: hasCalendarFeed(context.app, actor),
  };
}

/** A new private feed address (the previous one stops working); shown once. */
export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const token = resetCalendarFeed(context.app, actor);
  return { feedUrl: `${baseUrl(request, context)}/roadshows/feed/${token}.ics` };
}

export default function MyRoadshowsPage() {
  const { t } = useTranslation("roadshows");
  const { registrations, presenting, hasFeed } = useLoaderData<typeof loader>();
  const created = useActionData<typeof action>();
  return (
    <div className="space-y-6">
      <h1 className="page-title">{t("my.title")}</h1>
      {presenting.length ? (
        <section className="card space-y-2">
          <h2 className="text-lg font-semibold">{t("my.presenting")}</h2>
          <ul className="space-y-1">
            {presenting.map((e) => (
              <li key={e.id}><Link to={`/roadshows/${e.id}`}>{e.title}</Link> · <EventTime startsAt={e.startsAt} endsAt={e.endsAt} /> · {t(`phase.${e.phase}`)}</li>
            ))}
          </ul>
        </section>
      ) : null}
      <section className="card space-y-2">
        <h2 className="text-lg font-semibold">{t("my.registered")}</h2>
        {registrations.length ? (
          <ul className="space-y-1">
            {registrations.map((r) => (
              <li key={r.eventId}>
                <Link to={`/roadshows/${r.eventId}`}>{r.title}</Link> · <EventTime startsAt={r.startsAt} endsAt={r.endsAt} /> · {t(`registrationStates.${r.state}`)}
                {r.eventState === "cancelled" ? ` · ${t("phase.cancelled")}` : ""}
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-slate-500">{t("my.none")} <Link to="/roadshows">{t("list.title")}</Link></p>
        )}
      </section>
      <section className="card space-y-2">
        <h2 className="text-lg font-semibold">{t("my.feed")}</h2>
        <p className="text-sm text-slate-600">{t("my.feedIntro")}</p>
        {created ? (
          <p className="break-all rounded bg-slate-50 p-2 font-mono text-sm" data-testid="feed-url">{created.feedUrl}</p>
        ) : null}
        <Form method="post">
          <button className="btn-secondary">{hasFeed || created ? t("my.resetFeed") : t("my.createFeed")}</button>
        </Form>
      </section>
    </div>
  );
}
