import { handleIntents } from "~/utils/actions.server";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { EventTime, PhaseBadge } from "~/components/roadshows/event-bits";
import { can } from "~/modules/access";
import { getActor, redirectWithToast } from "~/modules/identity/auth.server";
import { phaseOf, registrationCounts, venueOf, visibleEvent } from "~/modules/roadshows/events.server";
import { attendanceReport, dueDiligenceQa, replayTimeline } from "~/modules/roadshows/record.server";
import { cancelRegistration, register, registrationOf } from "~/modules/roadshows/registrations.server";
import { replayAt, replayRange, type ReplayItem } from "~/modules/roadshows/replay";
import { formatDateTime } from "~/utils/dates";
import { pageTitle } from "~/utils/meta";
import { orHttpError } from "~/utils/route.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, "roadshow", { name: data?.event.title ?? "" });

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const ctx = context.app;
  const actor = await getActor(request, ctx);
  const { event, parties } = orHttpError(() => visibleEvent(ctx, actor, params.id ?? ""));
  const venue = venueOf(ctx, event.venueId);
  const phase = phaseOf(event, ctx.clock.now());
  const seesAttendance = !!actor && can(actor, "view:roadshow-attendance:own", parties);
  return {
    event: {
      id: event.id,
      title: event.title,
      description: event.description,
      format: event.format,
      audience: event.audience,
      startsAt: event.startsAt,
      endsAt: event.endsAt,
      capacity: event.capacity,
      registrationDeadline: event.registrationDeadline,
      cancelReason: event.cancelReason,
      recordingUrl: event.recordingUrl,
    },
    venue: { name: venue.name, address: venue.address },
    presenters: parties.slots.map((s) => ({ position: s.position, name: s.name, orgId: s.enterpriseOrgId })),
    phase,
    counts: registrationCounts(ctx, event.id),
    registration: registrationOf(ctx, actor, event.id),
    signedIn: !!actor,
    // Registration runs to its deadline, which may fall after the room has opened (30 minutes before the start).
    canRegister: can(actor, "register:roadshow:audience", parties) && event.state === "scheduled" && event.registrationDeadline > ctx.clock.now(),
    canCancel: event.state === "scheduled" && event.startsAt > ctx.clock.now(),
    canJoin: !!actor && can(actor, "join:roadshow-live:audience", parties) && phase !== "upcoming" && phase !== "cancelled",
    canEdit: can(actor, "schedule:roadshow:any") && phase !== "ended" && phase !== "cancelled",
    canRecord: !!actor && can(actor, "download:roadshow-record:own", parties) && phase === "ended",
    qa: dueDiligenceQa(ctx, actor, event.id),
    replay: replayTimeline(ctx, actor, event.id),
    attendance: seesAttendance && phase !== "upcoming" ? attendanceReport(ctx, actor!, event.id) : null,
  };
}

/**
 * The replay: a scrubber over the event's time; at the chosen moment the slide then on screen (with the viewer's own
 * watermark, for those who may see the deck) and the chat and Q&A up to then (later items dimmed; an item seeks).
 */
function ReplayPlayer({ eventId, items, startsAt, endsAt, showSlides }: { eventId: string; items: ReplayItem[]; startsAt: number; endsAt: number; showSlides: boolean }) {
  const { t, i18n } = useTranslation("roadshows");
  const { from, to } = replayRange(items, startsAt, endsAt);
  const [at, setAt] = useState(to);
  const { slide, happened } = replayAt(items, at);
  return (
    <section className="card space-y-3" aria-labelledby="replay-h">
      <h2 id="replay-h" className="text-lg font-semibold">{t("replay.title")}</h2>
      <div>
        <label htmlFor="replay-at" className="field-label">{t("replay.moment", { time: formatDateTime(at, i18n.language) })}</label>
        <input id="replay-at" type="range" min={from} max={to} step={1000} value={at} onChange={(ev) => setAt(Number(ev.target.value))} className="w-full" data-testid="replay-scrubber" />
      </div>
      <div className="grid gap-4 md:grid-cols-2">
        <figure data-testid="replay-slide" data-page={slide?.page ?? ""}>
          {slide ? (
            <>
              {showSlides ? <img src={`/roadshows/${eventId}/deck/${slide.deckId}/${slide.page}`} alt={t("replay.slide", { deck: slide.deckTitle, page: slide.page })} className="w-full select-none rounded border" draggable={false} /> : null}
              <figcaption className="mt-1 text-sm text-slate-600">{t("replay.slide", { deck: slide.deckTitle, page: slide.page })}</figcaption>
            </>
          ) : (
            <p className="text-sm text-slate-500">{t("replay.noSlide")}</p>
          )}
        </figure>
        <ol className="max-h-96 space-y-1 overflow-y-auto text-sm" data-testid="replay">
          {items.map((r, i) => (
            <li key={i} className={i < happened ? "" : "opacity-40"} aria-current={i === happened - 1 ? "true" : undefined} data-happened={i < happened ? "yes" : "no"}>
              <button type="button" className="text-left" onClick={() => setAt(r.at)}>
                <span className="text-xs text-slate-500">{formatDateTime(r.at, i18n.language).slice(-5)} </span>
                {r.kind === "slide" ? t("replay.slide", { deck: r.deckTitle, page: r.page }) : null}
                {r.kind === "chat" ? <span className="whitespace-pre-wrap">{`${r.name}（${r.orgName}）：${r.body}`}</span> : null}
                {r.kind === "question" ? <span className="whitespace-pre-wrap">{t("replay.question", { body: r.body })}</span> : null}
                {r.kind === "answer" ? <span className="whitespace-pre-wrap">{t("replay.answer", { body: r.body, answer: r.answerText ?? (r.answeredLive ? t("live.answeredLive") : "") })}</span> : null}
              </button>
            </li>
          ))}
        </ol>
      </div>
    </section>
  );
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const ctx = context.app;
  const id = params.id ?? "";
  const actor = await getActor(request, ctx);
  if (!actor) return redirect(`/login?redirectTo=${encodeURIComponent(`/roadshows/${id}`)}`);
  const back = (kind: "success" | "error", message: string, values?: Record<string, string | number>) => redirectWithToast(ctx, request, `/roadshows/${id}`, { kind, message, values });
  return handleIntents(
    request,
    { register: z.object({}), cancel: z.object({}) },
    {
      register: () => back("success", `roadshows:toast.${register(ctx, actor, id).state}`),
      cancel: () => {
        cancelRegistration(ctx, actor, id);
        return back("success", "roadshows:toast.registrationCancelled");
      },
    },
    // The public event page shows no form errors: a refusal (full, closed, not invited) is a toast on it.
    { refuseWith: ({ key, values }) => back("error", key === "common:validation.choose" ? "roadshows:errors.invalid" : key, values) },
  );
}

const minutes = (ms: number) => Math.round(ms / 60_000);

export default function RoadshowEventPage() {
  const { t, i18n } = useTranslation("roadshows");
  const d = useLoaderData<typeof loader>();
  const e = d.event;
  return (
    <main id="main" className="mx-auto max-w-5xl space-y-6 px-4 py-8">
      <header className="space-y-2">
        <p className="text-sm"><Link to="/roadshows">{t("list.title")}</Link></p>
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="page-title">{e.title}</h1>
          <PhaseBadge phase={d.phase} />
        </div>
        <p className="text-slate-700">
          <EventTime startsAt={e.startsAt} endsAt={e.endsAt} /> · {t(`format.${e.format}`)} · {d.venue.name}
          {d.venue.address ? ` (${d.venue.address})` : ""}
        </p>
        <p className="text-sm text-slate-600">{t(`audience.${e.audience}`)} · {t("event.seats", { registered: d.counts.registered, capacity: e.capacity, waitlisted: d.counts.waitlisted })} · {t("event.deadline", { time: formatDateTime(e.registrationDeadline, i18n.language) })}</p>
        {d.phase === "cancelled" ? <p className="card border-red-200 bg-red-50 text-red-800">{t("event.cancelledBecause", { reason: e.cancelReason ?? "" })}</p> : null}
      </header>

      <section className="card space-y-3">
        <h2 className="text-lg font-semibold">{t("event.lineup")}</h2>
        <ol className="list-decimal space-y-1 pl-6">
          {d.presenters.map((p) => (
            <li key={p.position}><Link to={`/enterprises/${p.orgId}`}>{p.name}</Link></li>
          ))}
        </ol>
        {e.description ? <p className="whitespace-pre-wrap text-sm text-slate-700">{e.description}</p> : null}
      </section>

      <section className="card flex flex-wrap items-center gap-3">
        {d.registration ? (
          <span className="badge bg-emerald-100 text-emerald-800">{d.registration.state === "registered" ? t("event.youAreRegistered") : t("event.youAreWaitlisted", { position: d.registration.position ?? 0 })}</span>
        ) : null}
        {d.canRegister && !d.registration ? (
          <Form method="post"><button name="intent" value="register" className="btn-primary">{d.counts.registered >= e.capacity ? t("event.joinWaitlist") : t("event.register")}</button></Form>
        ) : null}
        {d.registration && d.canCancel ? (
          <Form method="post"><button name="intent" value="cancel" className="btn-secondary">{t("event.cancelRegistration")}</button></Form>
        ) : null}
        {!d.signedIn && d.phase !== "ended" && d.phase !== "cancelled" ? <Link to={`/login?redirectTo=/roadshows/${e.id}`} className="btn-primary">{t("event.signInToRegister")}</Link> : null}
        <a href={`/roadshows/${e.id}/calendar.ics`} className="btn-secondary" download>{t("event.ics")}</a>
        {d.canJoin ? <Link to={`/roadshows/${e.id}/live`} className="btn-primary">{d.phase === "live" ? t("event.enterLive") : t("event.openReplay")}</Link> : null}
        {d.canEdit ? <Link to={`/roadshows/events/${e.id}`} className="btn-secondary">{t("event.edit")}</Link> : null}
        {d.canRecord ? <a href={`/roadshows/${e.id}/record.pdf`} className="btn-secondary">{t("event.record")}</a> : null}
        {e.recordingUrl && d.phase === "ended" ? <a href={e.recordingUrl} rel="noopener noreferrer" target="_blank" className="btn-secondary">{t("event.recording")}</a> : null}
      </section>

      {d.phase === "ended" ? (
        <section className="card space-y-3" aria-labelledby="qa-h">
          <h2 id="qa-h" className="text-lg font-semibold">{t("event.ddQa")}</h2>
          {d.qa.length ? (
            <ol className="space-y-3">
              {d.qa.map((q) => (
                <li key={q.id} className="rounded border border-slate-200 p-3">
                  <p className="font-medium">{t("event.question")}: {q.body}</p>
                  <p className="mt-1 whitespace-pre-wrap text-sm text-slate-700">{t("event.answer")}: {q.answerText ?? ""}{q.answeredLive ? ` ${t("live.answeredLive")}` : ""}</p>
                  <p className="mt-1 text-xs text-slate-500">{t("live.votes", { n: q.votes })}{q.enterpriseName ? ` · ${q.enterpriseName}` : ""}</p>
                </li>
              ))}
            </ol>
          ) : (
            <p className="text-slate-500">{t("event.noQa")}</p>
          )}
        </section>
      ) : null}

      {d.replay.length ? <ReplayPlayer eventId={e.id} items={d.replay} startsAt={e.startsAt} endsAt={e.endsAt} showSlides={d.canJoin} /> : null}

      {d.attendance ? (
        <section className="card space-y-3 overflow-x-auto" aria-labelledby="att-h">
          <h2 id="att-h" className="text-lg font-semibold">{t("attendance.title")}</h2>
          <p className="text-sm"><a href={`/roadshows/${e.id}/attendance.xlsx`} className="btn-secondary">{t("attendance.export")}</a></p>
          <p className="text-sm text-slate-600">{t("attendance.totals", { people: d.attendance.totals.people, orgs: d.attendance.totals.organisations, flips: d.attendance.totals.slideChanges })}</p>
          {d.attendance.totals.withheld ? <p className="text-sm text-slate-500">{t("attendance.withheld", { n: d.attendance.totals.withheld })}</p> : null}
          <table className="table table-cards">
            <thead>
              <tr>
                <th scope="col">{t("attendance.person")}</th>
                <th scope="col">{t("attendance.org")}</th>
                <th scope="col">{t("attendance.joined")}</th>
                <th scope="col">{t("attendance.left")}</th>
                <th scope="col">{t("attendance.minutes")}</th>
                <th scope="col">{t("attendance.pages")}</th>
                <th scope="col">{t("attendance.questions")}</th>
                <th scope="col">{t("attendance.votes")}</th>
              </tr>
            </thead>
            <tbody>
              {d.attendance.lines.map((l) => (
                <tr key={l.userId}>
                  <td data-label={t("attendance.person")}>{l.name}</td>
                  <td data-label={t("attendance.org")}>{l.orgName}</td>
                  <td data-label={t("attendance.joined")}>{formatDateTime(l.firstJoinedAt, i18n.language)}</td>
                  <td data-label={t("attendance.left")}>{formatDateTime(l.lastLeftAt, i18n.language)}</td>
                  <td data-label={t("attendance.minutes")}>{minutes(l.presentMs)}</td>
                  <td data-label={t("attendance.pages")}>{l.pagesSeen}</td>
                  <td data-label={t("attendance.questions")}>{l.questions}</td>
                  <td data-label={t("attendance.votes")}>{l.votes}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </main>
  );
}
