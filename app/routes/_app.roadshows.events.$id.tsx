import { getFormProps, useForm } from "@conform-to/react";
import { dispatchIntent, handleForm } from "~/utils/actions.server";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FormErrors } from "~/components/ui/field";
import { translateMessage } from "~/components/ui/message";
import { redirectWithToast, requireActor } from "~/modules/identity/auth.server";
import { cancelEvent, createEvent, editorChoices, eventForEditor, updateEvent } from "~/modules/roadshows/events.server";
import { getRequestForScheduler } from "~/modules/roadshows/requests.server";
import { eventFormInput } from "~/modules/roadshows/schemas";
import { toShanghaiLocal } from "~/modules/roadshows/time";
import { pageTitle } from "~/utils/meta";
import { orHttpError } from "~/utils/route.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, data?.id === "new" ? "roadshowNew" : "roadshowEdit");

const SLOT_ROWS = 4;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const ctx = context.app;
  const choices = orHttpError(() => editorChoices(ctx, actor));
  const id = params.id ?? "new";
  const requestId = new URL(request.url).searchParams.get("request");
  const fromRequest = requestId ? orHttpError(() => getRequestForScheduler(ctx, actor, requestId)) : null;
  const existing = id === "new" ? null : orHttpError(() => eventForEditor(ctx, actor, id));
  const e = existing?.event;
  const start = e?.startsAt ?? (fromRequest ? Date.parse(`${fromRequest.preferredDates[0]}T10:00:00+08:00`) : null);
  return {
    id,
    choices,
    fromRequest: fromRequest ? { id: fromRequest.id, enterpriseOrgId: fromRequest.enterpriseOrgId, deckId: fromRequest.deckId, audience: fromRequest.audience, dates: fromRequest.preferredDates, note: fromRequest.note } : null,
    defaults: {
      title: e?.title ?? "",
      description: e?.description ?? "",
      format: e?.format ?? "onsite",
      venueId: e?.venueId ?? "",
      startsAt: start ? toShanghaiLocal(start) : "",
      endsAt: e ? toShanghaiLocal(e.endsAt) : start ? toShanghaiLocal(start + 2 * 3_600_000) : "",
      registrationDeadline: e ? toShanghaiLocal(e.registrationDeadline) : start ? toShanghaiLocal(start - 24 * 3_600_000) : "",
      audience: e?.audience ?? fromRequest?.audience ?? "members",
      capacity: e?.capacity ?? 60,
      streamUrl: e?.streamUrl ?? "",
      recordingUrl: e?.recordingUrl ?? "",
      slots: existing ? existing.parties.slots.map((s) => ({ enterpriseOrgId: s.enterpriseOrgId, deckId: s.deckId ?? "" })) : fromRequest ? [{ enterpriseOrgId: fromRequest.enterpriseOrgId, deckId: fromRequest.deckId ?? "" }] : [],
      moderatorUserIds: existing?.parties.moderatorUserIds ?? [],
      invitedOrgIds: existing?.parties.invitedOrgIds ?? [],
      state: e?.state ?? "scheduled",
    },
  };
}

const actionInput = z.discriminatedUnion("intent", [
  eventFormInput.extend({ intent: z.literal("save") }),
  z.object({ intent: z.literal("cancel"), reason: z.string({ required_error: "roadshows:errors.reason" }).max(500) }),
]);

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const ctx = context.app;
  const id = params.id ?? "new";
  return handleForm(request, actionInput, (v) =>
    dispatchIntent<typeof v, Promise<Response>>(v, {
      cancel: ({ reason }) => {
        cancelEvent(ctx, actor, id, reason);
        return redirectWithToast(ctx, request, "/roadshows/schedule", { kind: "success", message: "roadshows:toast.eventCancelled" });
      },
      save: (event) => {
        const input = { ...event, streamUrl: event.streamUrl ?? null, recordingUrl: event.recordingUrl ?? null, description: event.description ?? null };
        if (id === "new") {
          const created = createEvent(ctx, actor, input, { fromRequestId: event.fromRequestId });
          return redirectWithToast(ctx, request, `/roadshows/${created}`, { kind: "success", message: "roadshows:toast.eventCreated" });
        }
        const { rescheduled } = updateEvent(ctx, actor, id, input);
        return redirectWithToast(ctx, request, `/roadshows/${id}`, { kind: "success", message: rescheduled ? "roadshows:toast.eventRescheduled" : "roadshows:toast.eventSaved" });
      },
    }),
  );
}

export default function EventEditorPage() {
  const { t } = useTranslation("roadshows");
  const { id, choices, defaults, fromRequest } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form] = useForm({ id: "event", lastResult, shouldValidate: "onSubmit" });
  const err = (name: string) => {
    const list = (lastResult as { error?: Record<string, string[] | null> } | undefined)?.error?.[name];
    return list?.length ? <p className="field-error" role="alert">{list.map((m) => translateMessage(t, m)).join(" ")}</p> : null;
  };
  const slotRows = Array.from({ length: SLOT_ROWS }, (_, i) => defaults.slots[i] ?? { enterpriseOrgId: "", deckId: "" });
  const text = (name: keyof typeof defaults, label: string, type = "text", hint?: string) => (
    <div>
      <label htmlFor={`f-${name}`} className="field-label">{label}</label>
      <input id={`f-${name}`} name={name} type={type} defaultValue={String(defaults[name] ?? "")} className="field-input" />
      {hint ? <p className="field-hint">{hint}</p> : null}
      {err(name)}
    </div>
  );
  return (
    <div className="space-y-6">
      <p className="text-sm"><Link to="/roadshows/schedule">{t("schedule.title")}</Link></p>
      <h1 className="page-title">{id === "new" ? t("editor.newTitle") : t("editor.editTitle", { title: defaults.title })}</h1>
      {fromRequest ? <p className="card text-sm">{t("editor.fromRequest", { dates: fromRequest.dates.join("、"), note: fromRequest.note ?? "" })}</p> : null}
      <Form method="post" {...getFormProps(form)} className="card grid max-w-4xl gap-4 sm:grid-cols-2">
        <FormErrors id={form.errorId} errors={form.errors} />
        {fromRequest ? <input type="hidden" name="fromRequestId" value={fromRequest.id} /> : null}
        <div className="sm:col-span-2">{text("title", t("editor.title"))}</div>
        <div>
          <label htmlFor="f-format" className="field-label">{t("editor.format")}</label>
          <select id="f-format" name="format" defaultValue={defaults.format} className="field-input">
            {(["onsite", "hybrid", "online"] as const).map((f) => <option key={f} value={f}>{t(`format.${f}`)}</option>)}
          </select>
        </div>
        <div>
          <label htmlFor="f-venueId" className="field-label">{t("editor.venue")}</label>
          <select id="f-venueId" name="venueId" defaultValue={defaults.venueId} className="field-input">
            <option value="">{t("editor.choose")}</option>
            {choices.venues.map((v) => <option key={v.id} value={v.id}>{t("editor.venueOption", { name: v.name, capacity: v.capacity })}</option>)}
          </select>
          {err("venueId")}
        </div>
        {text("startsAt", t("editor.startsAt"), "datetime-local", t("editor.beijingTime"))}
        {text("endsAt", t("editor.endsAt"), "datetime-local", t("editor.beijingTime"))}
        {text("registrationDeadline", t("editor.deadline"), "datetime-local")}
        {text("capacity", t("editor.capacity"), "number")}
        <div>
          <label htmlFor="f-audience" className="field-label">{t("editor.audience")}</label>
          <select id="f-audience" name="audience" defaultValue={defaults.audience} className="field-input">
            {(["public", "members", "invited"] as const).map((a) => <option key={a} value={a}>{t(`audience.${a}`)}</option>)}
          </select>
        </div>
        {text("streamUrl", t("editor.streamUrl"), "url", t("editor.streamHint"))}
        {text("recordingUrl", t("editor.recordingUrl"), "url")}
        <div className="sm:col-span-2">
          <label htmlFor="f-description" className="field-label">{t("editor.description")}</label>
          <textarea id="f-description" name="description" defaultValue={defaults.description} rows={3} className="field-input" />
        </div>
        <fieldset className="space-y-2 sm:col-span-2">
          <legend className="field-label">{t("editor.slots")}</legend>
          <p className="field-hint">{t("editor.slotsHint")}</p>
          {slotRows.map((s, i) => (
            <div key={i} className="grid gap-2 sm:grid-cols-[2rem_1fr_1fr] sm:items-center">
              <span className="text-sm text-slate-500">{i + 1}.</span>
              <select aria-label={t("editor.presenter", { n: i + 1 })} name={`slots[${i}].enterpriseOrgId`} defaultValue={s.enterpriseOrgId} className="field-input">
                <option value="">{t("editor.noPresenter")}</option>
                {choices.enterprises.map((o) => <option key={o.id} value={o.id}>{o.name}</option>)}
              </select>
              <select aria-label={t("editor.deck", { n: i + 1 })} name={`slots[${i}].deckId`} defaultValue={s.deckId} className="field-input">
                <option value="">{t("editor.noDeck")}</option>
                {choices.decks.map((d) => <option key={d.id} value={d.id}>{`${choices.enterprises.find((e) => e.id === d.org)?.name ?? ""} · ${d.title}`}</option>)}
              </select>
            </div>
          ))}
          {err("slots")}
        </fieldset>
        <fieldset className="space-y-1">
          <legend className="field-label">{t("editor.moderators")}</legend>
          {choices.staff.map((s) => (
            <label key={s.userId} className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="moderatorUserIds" value={s.userId} defaultChecked={defaults.moderatorUserIds.includes(s.userId)} />
              {s.name}
            </label>
          ))}
          {err("moderatorUserIds")}
        </fieldset>
        <fieldset className="space-y-1">
          <legend className="field-label">{t("editor.invited")}</legend>
          <p className="field-hint">{t("editor.invitedHint")}</p>
          <div className="max-h-48 overflow-y-auto">
            {choices.institutions.map((o) => (
              <label key={o.id} className="flex items-center gap-2 text-sm">
                <input type="checkbox" name="invitedOrgIds" value={o.id} defaultChecked={defaults.invitedOrgIds.includes(o.id)} />
                {o.name}
              </label>
            ))}
          </div>
          {err("invitedOrgIds")}
        </fieldset>
        <div className="sm:col-span-2">
          <button name="intent" value="save" className="btn-primary">{id === "new" ? t("editor.create") : t("editor.save")}</button>
        </div>
      </Form>
      {id !== "new" && defaults.state === "scheduled" ? (
        <section className="card max-w-4xl space-y-2">
          <h2 className="text-lg font-semibold">{t("editor.cancelTitle")}</h2>
          <Form method="post" className="flex flex-wrap items-end gap-2">
            <div className="flex-1">
              <label htmlFor="reason" className="field-label">{t("editor.reason")}</label>
              <input id="reason" name="reason" className="field-input" required minLength={2} maxLength={500} />
              {err("reason")}
            </div>
            <button name="intent" value="cancel" className="btn-secondary">{t("editor.cancel")}</button>
          </Form>
        </section>
      ) : null}
    </div>
  );
}
