import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { can } from "~/modules/access";
import { requireActor } from "~/modules/identity/auth.server";
import { calendarEvents, listVenues } from "~/modules/roadshows/events.server";
import { formatShanghai, parseShanghaiLocal, SHANGHAI_OFFSET_MS, shanghaiDayStart } from "~/modules/roadshows/time";
import { pageTitle } from "~/utils/meta";
import { orHttpError } from "~/utils/route.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "roadshowSchedule");

const DAY = 86_400_000;

/** Monday 00:00 (Beijing) of the week holding `ms`. */
function weekStart(ms: number): number {
  const day = shanghaiDayStart(ms);
  const weekday = (new Date(day + SHANGHAI_OFFSET_MS).getUTCDay() + 6) % 7;
  return day - weekday * DAY;
}

/** The staff calendar: a week or a month (Beijing days), optionally one venue; cancelled events are shown struck out. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const url = new URL(request.url);
  const view = url.searchParams.get("view") === "month" ? "month" : "week";
  const venueId = url.searchParams.get("venue") || null;
  const at = parseShanghaiLocal(`${url.searchParams.get("date") ?? ""}T00:00`);
  const anchor = Number.isNaN(at) ? context.app.clock.now() : at;
  let from: number;
  let to: number;
  if (view === "week") {
    from = weekStart(anchor);
    to = from + 7 * DAY;
  } else {
    const [y, m] = formatShanghai(anchor).slice(0, 7).split("-").map(Number) as [number, number];
    from = Date.UTC(y, m - 1, 1) - SHANGHAI_OFFSET_MS;
    to = Date.UTC(y, m, 1) - SHANGHAI_OFFSET_MS;
  }
  const events = orHttpError(() => calendarEvents(context.app, actor, { from, to, venueId }));
  const step = view === "week" ? 7 * DAY : 31 * DAY;
  return {
    view,
    venueId,
    from,
    to,
    prev: formatShanghai(view === "week" ? from - step : from - DAY).slice(0, 10),
    next: formatShanghai(view === "week" ? from + step : to + DAY).slice(0, 10),
    venues: listVenues(context.app),
    events,
    canSchedule: can(actor, "schedule:roadshow:any"),
    canManageVenues: can(actor, "manage:roadshow-venue:any"),
  };
}

export default function SchedulePage() {
  const { t } = useTranslation("roadshows");
  const d = useLoaderData<typeof loader>();
  const days: number[] = [];
  for (let day = d.from; day < d.to; day += DAY) days.push(day);
  const q = (over: Record<string, string>) => `?${new URLSearchParams({ view: d.view, ...(d.venueId ? { venue: d.venueId } : {}), ...over }).toString()}`;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="page-title">{t("schedule.title")}</h1>
          <p className="text-sm text-slate-600">{t("schedule.range", { from: formatShanghai(d.from).slice(0, 10), to: formatShanghai(d.to - 1).slice(0, 10) })}</p>
        </div>
        <div className="flex flex-wrap gap-2">
          {d.canSchedule ? <Link to="/roadshows/events/new" className="btn-primary">{t("schedule.new")}</Link> : null}
          <Link to="/roadshows/requests" className="btn-secondary">{t("nav.requests")}</Link>
          {d.canManageVenues ? <Link to="/roadshows/venues" className="btn-secondary">{t("nav.venues")}</Link> : null}
        </div>
      </div>
      <Form method="get" className="card flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor="view" className="field-label">{t("schedule.view")}</label>
          <select id="view" name="view" defaultValue={d.view} className="field-input">
            <option value="week">{t("schedule.week")}</option>
            <option value="month">{t("schedule.month")}</option>
          </select>
        </div>
        <div>
          <label htmlFor="venue" className="field-label">{t("schedule.venue")}</label>
          <select id="venue" name="venue" defaultValue={d.venueId ?? ""} className="field-input">
            <option value="">{t("schedule.allVenues")}</option>
            {d.venues.map((v) => <option key={v.id} value={v.id}>{v.name}</option>)}
          </select>
        </div>
        <div>
          <label htmlFor="date" className="field-label">{t("schedule.date")}</label>
          <input id="date" name="date" type="date" defaultValue={formatShanghai(d.from).slice(0, 10)} className="field-input" />
        </div>
        <button className="btn-secondary">{t("schedule.show")}</button>
        <Link to={q({ date: d.prev })} className="btn-secondary">{t("schedule.prev")}</Link>
        <Link to={q({ date: d.next })} className="btn-secondary">{t("schedule.next")}</Link>
      </Form>
      <div className={`grid gap-2 ${d.view === "week" ? "md:grid-cols-7" : "md:grid-cols-7"}`} data-testid="calendar">
        {days.map((day) => {
          const todays = d.events.filter((e) => e.startsAt < day + DAY && e.endsAt > day);
          return (
            <section key={day} className="card min-h-24 space-y-1 p-2" aria-label={formatShanghai(day).slice(0, 10)}>
              <h2 className="text-xs font-semibold text-slate-500">{formatShanghai(day).slice(5, 10)}</h2>
              {todays.map((e) => (
                <Link key={e.id} to={d.canSchedule && e.state === "scheduled" ? `/roadshows/events/${e.id}` : `/roadshows/${e.id}`} className={`block rounded border px-1 py-0.5 text-xs ${e.state === "cancelled" ? "border-slate-200 text-slate-500 line-through" : "border-brand-200 bg-brand-50"}`}>
                  <span className="font-medium">{formatShanghai(e.startsAt, { timeOnly: true })}–{formatShanghai(e.endsAt, { timeOnly: true })}</span> {e.title}
                  <span className="block text-slate-500">{e.venueName} · {t("event.seats", { registered: e.registered, capacity: e.capacity, waitlisted: e.waitlisted })}</span>
                </Link>
              ))}
            </section>
          );
        })}
      </div>
    </div>
  );
}
