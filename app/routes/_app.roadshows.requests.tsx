import { getFormProps, useForm } from "@conform-to/react";
import { dispatchIntent, handleForm } from "~/utils/actions.server";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FormErrors } from "~/components/ui/field";
import { translateMessage } from "~/components/ui/message";
import { can } from "~/modules/access";
import { redirectWithToast, requireActor } from "~/modules/identity/auth.server";
import { listOwnDecks } from "~/modules/roadshows/decks.server";
import { upcomingEvents } from "~/modules/roadshows/events.server";
import { acceptRequestIntoEvent, answerProposal, declineRequest, listRequests, proposeAnotherTime, submitRoadshowRequest, withdrawRequest } from "~/modules/roadshows/requests.server";
import { requestFormInput } from "~/modules/roadshows/schemas";
import { formatShanghai, parseShanghaiLocal } from "~/modules/roadshows/time";
import { ForbiddenError } from "~/utils/errors";
import { pageTitle } from "~/utils/meta";
import { asHttpError } from "~/utils/route.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "roadshowRequests");

/** Enterprises ask for a roadshow and follow its state; the scheduler decides (into an event, another time, or no). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const ctx = context.app;
  const scheduler = can(actor, "schedule:roadshow:any");
  if (!scheduler && !can(actor, "request:roadshow:own")) throw asHttpError(new ForbiddenError());
  return {
    scheduler,
    requests: listRequests(ctx, actor),
    decks: scheduler ? [] : listOwnDecks(ctx, actor).map((d) => ({ id: d.id, title: d.title })),
    events: scheduler ? upcomingEvents(ctx, actor).filter((e) => e.phase === "upcoming").map((e) => ({ id: e.id, title: e.title, startsAt: e.startsAt })) : [],
  };
}

const shanghai = z.string().transform((v, c) => {
  const ms = parseShanghaiLocal(v);
  if (Number.isNaN(ms)) {
    c.addIssue({ code: z.ZodIssueCode.custom, message: "roadshows:errors.time" });
    return z.NEVER;
  }
  return ms;
});

const actionInput = z.discriminatedUnion("intent", [
  requestFormInput.extend({ intent: z.literal("submit") }),
  z.object({ intent: z.literal("accept"), id: z.string().max(40), eventId: z.string({ required_error: "roadshows:errors.chooseEvent" }).max(40) }),
  z.object({ intent: z.literal("propose"), id: z.string().max(40), proposedStartsAt: shanghai, reason: z.string().max(500).optional() }),
  z.object({ intent: z.literal("decline"), id: z.string().max(40), reason: z.string({ required_error: "roadshows:errors.reason" }).max(500) }),
  z.object({ intent: z.literal("agree"), id: z.string().max(40) }),
  z.object({ intent: z.literal("refuse"), id: z.string().max(40) }),
  z.object({ intent: z.literal("withdraw"), id: z.string().max(40) }),
]);

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const ctx = context.app;
  const done = (message: string) => redirectWithToast(ctx, request, "/roadshows/requests", { kind: "success", message });
  return handleForm(request, actionInput, (v) =>
    dispatchIntent<typeof v, Promise<Response>>(v, {
      submit: (input) => {
        submitRoadshowRequest(ctx, actor, input);
        return done("roadshows:toast.requestSubmitted");
      },
      accept: ({ id, eventId }) => {
        acceptRequestIntoEvent(ctx, actor, id, eventId);
        return done("roadshows:toast.requestAccepted");
      },
      propose: ({ id, proposedStartsAt, reason }) => {
        proposeAnotherTime(ctx, actor, id, { startsAt: proposedStartsAt, reason });
        return done("roadshows:toast.requestProposed");
      },
      decline: ({ id, reason }) => {
        declineRequest(ctx, actor, id, reason);
        return done("roadshows:toast.requestDeclined");
      },
      agree: ({ id }) => {
        answerProposal(ctx, actor, id, true);
        return done("roadshows:toast.proposalAnswered");
      },
      refuse: ({ id }) => {
        answerProposal(ctx, actor, id, false);
        return done("roadshows:toast.proposalAnswered");
      },
      withdraw: ({ id }) => {
        withdrawRequest(ctx, actor, id);
        return done("roadshows:toast.requestWithdrawn");
      },
    }),
  );
}

export default function RequestsPage() {
  const { t } = useTranslation("roadshows");
  const { scheduler, requests, decks, events } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form] = useForm({ id: "request", lastResult, shouldValidate: "onSubmit" });
  const fieldError = (name: string) => {
    const list = (lastResult as { error?: Record<string, string[] | null> } | undefined)?.error?.[name];
    return list?.length ? <p className="field-error" role="alert">{list.map((m) => translateMessage(t, m)).join(" ")}</p> : null;
  };
  const open = requests.some((r) => r.state === "waiting" || r.state === "proposed");
  return (
    <div className="space-y-6">
      <h1 className="page-title">{scheduler ? t("requests.staffTitle") : t("requests.title")}</h1>
      <FormErrors id={form.errorId} errors={form.errors} />
      {!scheduler && !open ? (
        <section className="card max-w-3xl">
          <h2 className="text-lg font-semibold">{t("requests.new")}</h2>
          <Form method="post" {...getFormProps(form)} className="mt-3 grid gap-3 sm:grid-cols-2">
            {[0, 1, 2].map((i) => (
              <div key={i}>
                <label htmlFor={`date-${i}`} className="field-label">{t("requests.preferredDate", { n: i + 1 })}</label>
                <input id={`date-${i}`} type="date" name={`preferredDates[${i}]`} className="field-input" required={i === 0} />
              </div>
            ))}
            <div>
              <label htmlFor="audience" className="field-label">{t("editor.audience")}</label>
              <select id="audience" name="audience" className="field-input" defaultValue="members">
                {(["public", "members", "invited"] as const).map((a) => <option key={a} value={a}>{t(`audience.${a}`)}</option>)}
              </select>
            </div>
            <div>
              <label htmlFor="deckId" className="field-label">{t("requests.deck")}</label>
              <select id="deckId" name="deckId" className="field-input">
                <option value="">{t("editor.noDeck")}</option>
                {decks.map((d) => <option key={d.id} value={d.id}>{d.title}</option>)}
              </select>
            </div>
            <div className="sm:col-span-2">
              <label htmlFor="note" className="field-label">{t("requests.note")}</label>
              <textarea id="note" name="note" rows={3} maxLength={1000} className="field-input" />
            </div>
            {fieldError("preferredDates")}
            <button name="intent" value="submit" className="btn-primary sm:col-span-2">{t("requests.submit")}</button>
          </Form>
        </section>
      ) : null}
      <section className="space-y-3">
        {requests.length === 0 ? <p className="card text-slate-500">{t("requests.empty")}</p> : null}
        {requests.map((r) => (
          <article key={r.id} className="card space-y-2" data-request={r.id}>
            <div className="flex flex-wrap items-center justify-between gap-2">
              <h2 className="font-medium">{scheduler ? r.enterpriseName : t("requests.yours")}</h2>
              <span className="badge">{t(`requestStates.${r.state}`)}</span>
            </div>
            <p className="text-sm text-slate-600">
              {t("requests.dates", { dates: r.preferredDates.join("、") })} · {t(`audience.${r.audience}`)}
              {r.deckTitle ? ` · ${r.deckTitle}` : ""}
            </p>
            {r.note ? <p className="whitespace-pre-wrap text-sm">{r.note}</p> : null}
            {r.state === "proposed" && r.proposedStartsAt ? <p className="text-sm">{t("requests.proposed", { time: formatShanghai(r.proposedStartsAt) })}{r.reason ? ` · ${r.reason}` : ""}</p> : null}
            {r.state === "declined" ? <p className="text-sm text-red-700">{t("requests.declinedBecause", { reason: r.reason ?? "" })}</p> : null}
            {r.state === "accepted" && r.eventId ? <p className="text-sm"><Link to={`/roadshows/${r.eventId}`}>{t("requests.acceptedInto", { title: r.eventTitle ?? "" })}</Link></p> : null}
            {scheduler && r.state === "waiting" ? (
              <div className="grid gap-3 border-t border-slate-100 pt-2 md:grid-cols-3">
                <div className="space-y-1">
                  <Link to={`/roadshows/events/new?request=${r.id}`} className="btn-primary inline-block">{t("requests.newEvent")}</Link>
                  <Form method="post" className="flex gap-2">
                    <input type="hidden" name="id" value={r.id} />
                    <select name="eventId" aria-label={t("requests.intoEvent")} className="field-input">
                      <option value="">{t("requests.intoEvent")}</option>
                      {events.map((e) => <option key={e.id} value={e.id}>{`${formatShanghai(e.startsAt)} ${e.title}`}</option>)}
                    </select>
                    <button name="intent" value="accept" className="btn-secondary">{t("requests.accept")}</button>
                  </Form>
                </div>
                <Form method="post" className="space-y-1">
                  <input type="hidden" name="id" value={r.id} />
                  <label className="field-label" htmlFor={`p-${r.id}`}>{t("requests.proposeTime")}</label>
                  <input id={`p-${r.id}`} type="datetime-local" name="proposedStartsAt" className="field-input" required />
                  <input name="reason" aria-label={t("requests.proposeNote")} placeholder={t("requests.proposeNote")} className="field-input" />
                  <button name="intent" value="propose" className="btn-secondary">{t("requests.propose")}</button>
                </Form>
                <Form method="post" className="space-y-1">
                  <input type="hidden" name="id" value={r.id} />
                  <label className="field-label" htmlFor={`d-${r.id}`}>{t("requests.declineReason")}</label>
                  <input id={`d-${r.id}`} name="reason" className="field-input" required minLength={2} />
                  <button name="intent" value="decline" className="btn-secondary">{t("requests.decline")}</button>
                </Form>
              </div>
            ) : null}
            {!scheduler && r.state === "proposed" ? (
              <Form method="post" className="flex gap-2">
                <input type="hidden" name="id" value={r.id} />
                <button name="intent" value="agree" className="btn-primary">{t("requests.agree")}</button>
                <button name="intent" value="refuse" className="btn-secondary">{t("requests.refuse")}</button>
              </Form>
            ) : null}
            {!scheduler && r.state === "waiting" ? (
              <Form method="post">
                <input type="hidden" name="id" value={r.id} />
                <button name="intent" value="withdraw" className="btn-secondary">{t("requests.withdraw")}</button>
              </Form>
            ) : null}
          </article>
        ))}
      </section>
    </div>
  );
}
