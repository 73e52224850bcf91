import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { EventCard } from "~/components/roadshows/event-bits";
import { can } from "~/modules/access";
import { getActor } from "~/modules/identity/auth.server";
import { upcomingEvents } from "~/modules/roadshows/events.server";
import { pageTitle } from "~/utils/meta";

// The same page for every anonymous visitor (per URL and language): kept by the page cache (ADR 0905).
export const handle = { pageCache: "public" };

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "roadshows");

/** Public: anonymous visitors see the public roadshows; signed-in users also those for members or their invitations. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await getActor(request, context.app);
  return {
    upcoming: upcomingEvents(context.app, actor),
    past: upcomingEvents(context.app, actor, { includePast: true, limit: 20 }),
    signedIn: !!actor,
    canSchedule: can(actor, "schedule:roadshow:any"),
    canRequest: can(actor, "request:roadshow:own"),
  };
}

export default function RoadshowsPage() {
  const { t } = useTranslation("roadshows");
  const { upcoming, past, signedIn, canSchedule, canRequest } = useLoaderData<typeof loader>();
  return (
    <main id="main" className="mx-auto max-w-5xl space-y-8 px-4 py-8">
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="page-title">{t("list.title")}</h1>
          <p className="mt-1 max-w-3xl text-sm text-slate-600">{t("list.intro")}</p>
        </div>
        <div className="flex gap-2">
          {canSchedule ? <Link to="/roadshows/schedule" className="btn-secondary">{t("nav.schedule")}</Link> : null}
          {canRequest ? <Link to="/roadshows/requests" className="btn-secondary">{t("nav.requests")}</Link> : null}
          {signedIn ? <Link to="/roadshows/mine" className="btn-secondary">{t("nav.mine")}</Link> : <Link to="/login?redirectTo=/roadshows" className="btn-secondary">{t("list.signIn")}</Link>}
        </div>
      </header>
      <section aria-labelledby="up-h" className="space-y-3">
        <h2 id="up-h" className="text-lg font-semibold">{t("list.upcoming")}</h2>
        {upcoming.length ? <ul className="space-y-3">{upcoming.map((e) => <EventCard key={e.id} e={e} />)}</ul> : <p className="card text-slate-500">{t("list.none")}</p>}
      </section>
      <section aria-labelledby="past-h" className="space-y-3">
        <h2 id="past-h" className="text-lg font-semibold">{t("list.past")}</h2>
        {past.length ? <ul className="space-y-3">{past.map((e) => <EventCard key={e.id} e={e} />)}</ul> : <p className="card text-slate-500">{t("list.none")}</p>}
      </section>
    </main>
  );
}
