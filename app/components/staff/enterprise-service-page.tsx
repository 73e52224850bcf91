import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CULTIVATION_STAGES, SERVICE_REQUEST_KINDS, VISIT_KINDS } from "@db/schema/constants";
import { TierBadge } from "~/components/board/badges";
import { FormErrors } from "~/components/ui/field";
import { formatDateTime } from "~/utils/dates";
import type { loader, action } from "~/routes/_app.staff.enterprises.$id";

export function EnterpriseServicePage() {
  const { t, i18n } = useTranslation("staff");
  const { t: tb } = useTranslation("board");
  const { t: tf } = useTranslation("financing");
  const data = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const errors = lastResult?.error ? Object.values(lastResult.error).flat().filter((e): e is string => typeof e === "string") : [];
  const { enterprise: e, history, requests, visits, cultivation, timeline } = data;
  const zh = i18n.language.startsWith("zh");
  return (
    <div className="space-y-6">
      <p className="text-sm"><Link to="/staff/enterprises" className="text-brand-700 hover:underline">← {t("mine.title")}</Link></p>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="page-title">{e.name} <TierBadge tier={e.tier} /></h1>
        <Link className="btn-secondary" to={`/esop?org=${e.id}`}>{t("enterprise.esopLink")}</Link>
      </div>
      {!data.assigned ? <p className="rounded bg-amber-50 p-2 text-sm text-amber-800" role="note">{t("enterprise.notYoursLogged")}</p> : null}
      <FormErrors errors={errors} />
      <div className="grid gap-6 lg:grid-cols-2">
        <section className="card space-y-2" aria-labelledby="sp-h">
          <h2 id="sp-h" className="text-lg font-semibold">{t("enterprise.servicePerson")}</h2>
          <p className="text-sm">{t("enterprise.facts", { entryDate: e.entryDate, prefecture: (zh ? e.prefectureZh : e.prefectureEn) ?? "—" })}</p>
          <ol className="space-y-1 text-sm">
            {history.map((h) => (
              <li key={h.id}>
                <strong>{h.name}</strong> · {formatDateTime(h.startedAt, i18n.language)} – {h.endedAt ? formatDateTime(h.endedAt, i18n.language) : t("enterprise.current")}
                {h.reason ? <span className="text-slate-500"> · {h.reason === "admission" ? t("enterprise.atAdmission") : h.reason}</span> : null}
              </li>
            ))}
          </ol>
          {data.canReassign ? (
            <Form method="post" className="space-y-2 border-t pt-3">
              <input type="hidden" name="intent" value="reassign" />
              <label htmlFor="re-user" className="field-label">{t("enterprise.reassignTo")}</label>
              <select id="re-user" name="userId" required className="field-input">
                {data.choices.map((c) => <option key={c.userId} value={c.userId}>{c.name}</option>)}
              </select>
              <label htmlFor="re-reason" className="field-label">{t("enterprise.reason")}</label>
              <input id="re-reason" name="reason" required minLength={2} maxLength={500} className="field-input" />
              <button className="btn-secondary">{t("enterprise.reassign")}</button>
            </Form>
          ) : null}
        </section>
        <section className="card space-y-2" aria-labelledby="req-h">
          <h2 id="req-h" className="text-lg font-semibold">{t("requests.title")}</h2>
          {requests.length === 0 ? <p className="text-sm text-slate-500">{t("requests.empty")}</p> : (
            <ul className="space-y-1 text-sm">
              {requests.map((r) => (
                <li key={r.id}><Link className="text-brand-700 hover:underline" to={`/service-requests/${r.id}`}>{r.title}</Link> · {t(`kinds.${r.kind}`)} · {t(`states.${r.state}`)} · {t("requests.dueShort", { dueOn: r.dueOn })}</li>
              ))}
            </ul>
          )}
        </section>
      </div>
      <section className="card space-y-3" aria-labelledby="visits-h">
        <h2 id="visits-h" className="text-lg font-semibold">{t("visits.title")}</h2>
        {visits.length === 0 ? <p className="text-sm text-slate-500">{t("visits.empty")}</p> : visits.map((v) => (
          <article key={v.id} id={`visit-${v.id}`} className="border-b pb-3 text-sm last:border-b-0">
            <h3 className="font-medium">{v.visitedOn} · {t(`visits.kinds.${v.kind}`)} · {v.recordedByName}</h3>
            <p className="text-slate-600">{t("visits.participants")}: {v.participants.join("、")}</p>
            <p className="whitespace-pre-wrap">{v.findings}</p>
            {v.files.length > 0 ? <ul className="text-xs">{v.files.map((f) => <li key={f.id}><a className="text-brand-700 hover:underline" href={`/service-files/${f.id}`}>{f.fileName}</a></li>)}</ul> : null}
            {data.canRecordVisit ? (
              <Form method="post" action={`/upload/staff/visits/${v.id}`} encType="multipart/form-data" className="mt-1 flex flex-wrap items-center gap-2 text-xs">
                <label htmlFor={`vf-${v.id}`} className="sr-only">{t("visits.attachment")}</label>
                <input id={`vf-${v.id}`} name="file" type="file" accept="application/pdf,image/png,image/jpeg,image/webp" required className="text-xs" />
                <button className="text-brand-700 underline">{t("visits.addAttachment")}</button>
              </Form>
            ) : null}
            {v.followUps.length > 0 ? (
              <ul className="mt-1 list-disc pl-5">
                {v.followUps.map((f) => (
                  <li key={f.id}>
                    {f.text} ({t(`kinds.${f.kind}`)})
                    {f.serviceRequestId ? <Link className="ml-2 text-brand-700 hover:underline" to={`/service-requests/${f.serviceRequestId}`}>{t("visits.seeRequest")}</Link> : (
                      <Form method="post" className="ml-2 inline"><input type="hidden" name="intent" value="followUp" /><input type="hidden" name="followUpId" value={f.id} /><button className="text-brand-700 underline">{t("visits.makeRequest")}</button></Form>
                    )}
                  </li>
                ))}
              </ul>
            ) : null}
          </article>
        ))}
        {data.canRecordVisit ? (
          <details className="border-t pt-3">
            <summary className="cursor-pointer font-medium">{t("visits.record")}</summary>
            <Form method="post" className="mt-3 grid gap-3 sm:grid-cols-2">
              <input type="hidden" name="intent" value="visit" />
              <input type="hidden" name="id" value={data.visitId} />
              <div>
                <label htmlFor="v-kind" className="field-label">{t("visits.kind")}</label>
                <select id="v-kind" name="kind" className="field-input">{VISIT_KINDS.map((k) => <option key={k} value={k}>{t(`visits.kinds.${k}`)}</option>)}</select>
              </div>
              <div>
                <label htmlFor="v-date" className="field-label">{t("visits.date")}</label>
                <input id="v-date" name="visitedOn" type="date" max={data.today} defaultValue={data.today} required className="field-input" />
              </div>
              <div className="sm:col-span-2">
                <label htmlFor="v-part" className="field-label">{t("visits.participants")}</label>
                <input id="v-part" name="participants" required className="field-input" placeholder={t("visits.participantsHint")} />
              </div>
              <div className="sm:col-span-2">
                <label htmlFor="v-find" className="field-label">{t("visits.findings")}</label>
                <textarea id="v-find" name="findings" required minLength={2} rows={4} className="field-input" />
              </div>
              <div>
                <label htmlFor="v-fu" className="field-label">{t("visits.followUp")}</label>
                <input id="v-fu" name="followUpText" maxLength={1000} className="field-input" />
              </div>
              <div>
                <label htmlFor="v-fuk" className="field-label">{t("requests.kind")}</label>
                <select id="v-fuk" name="followUpKind" className="field-input">{SERVICE_REQUEST_KINDS.map((k) => <option key={k} value={k}>{t(`kinds.${k}`)}</option>)}</select>
              </div>
              <label className="flex items-center gap-2 text-sm sm:col-span-2"><input type="checkbox" name="followUpAsRequest" value="on" />{t("visits.asRequest")}</label>
              <div className="sm:col-span-2"><button className="btn-primary">{t("visits.save")}</button></div>
            </Form>
          </details>
        ) : null}
      </section>
      <section className="card space-y-3" aria-labelledby="cult-h">
        <h2 id="cult-h" className="text-lg font-semibold">{t("cultivation.title")}</h2>
        <ol className="grid gap-2 sm:grid-cols-4">
          {CULTIVATION_STAGES.map((s) => {
            const done = cultivation.find((c) => c.stage === s);
            return (
              <li key={s} className={`rounded border p-2 text-sm ${done ? "border-emerald-300 bg-emerald-50" : "border-slate-200"}`}>
                <p className="font-medium">{t(`cultivation.stages.${s}`)}</p>
                <p className="tabular-nums text-slate-600">{done ? done.reachedOn : t("cultivation.notYet")}</p>
                {done?.note ? <p className="text-xs text-slate-500">{done.note}</p> : null}
                {done ? (
                  <>
                    <ul className="text-xs">{done.files.map((f) => <li key={f.id}><a className="text-brand-700 hover:underline" href={`/service-files/${f.id}`}>{f.fileName}</a></li>)}</ul>
                    {data.canRecordVisit ? (
                      <Form method="post" action={`/upload/staff/cultivation/${done.id}`} encType="multipart/form-data" className="mt-1 flex flex-wrap items-center gap-1 text-xs">
                        <label htmlFor={`ev-${s}`} className="sr-only">{t("cultivation.evidence")}</label>
                        <input id={`ev-${s}`} name="file" type="file" accept="application/pdf,image/png,image/jpeg,image/webp" required className="w-full text-xs" />
                        <input type="hidden" name="enterpriseOrgId" value={e.id} />
                        <button className="text-brand-700 underline">{t("cultivation.addEvidence")}</button>
                      </Form>
                    ) : null}
                  </>
                ) : null}
              </li>
            );
          })}
        </ol>
        {data.canRecordVisit ? (
          <Form method="post" className="flex flex-wrap items-end gap-3 border-t pt-3">
            <input type="hidden" name="intent" value="stage" />
            <div>
              <label htmlFor="st-stage" className="field-label">{t("cultivation.stage")}</label>
              <select id="st-stage" name="stage" className="field-input">{CULTIVATION_STAGES.map((s) => <option key={s} value={s}>{t(`cultivation.stages.${s}`)}</option>)}</select>
            </div>
            <div>
              <label htmlFor="st-date" className="field-label">{t("cultivation.reachedOn")}</label>
              <input id="st-date" name="reachedOn" type="date" max={data.today} required className="field-input" />
            </div>
            <div className="grow">
              <label htmlFor="st-note" className="field-label">{t("cultivation.note")}</label>
              <input id="st-note" name="note" maxLength={1000} className="field-input" />
            </div>
            <button className="btn-secondary">{t("cultivation.record")}</button>
          </Form>
        ) : null}
      </section>
      <section className="card" aria-labelledby="tl-h">
        <h2 id="tl-h" className="mb-2 text-lg font-semibold">{t("timeline.title")}</h2>
        <ol className="space-y-1 text-sm">
          {timeline.map((item, i) => (
            <li key={i} className="flex gap-3">
              <span className="w-24 shrink-0 tabular-nums text-slate-500">{item.at}</span>
              <span className="badge">{t(`timeline.kinds.${item.kind}`)}</span>
              {item.kind === "admitted" ? <span>{tb(`tiers.${item.title}`)}</span> : item.kind === "cultivation" ? <span>{t(`cultivation.stages.${item.title}`)}</span> : item.kind === "financing.obtained" ? <span>{tf(`instruments.${item.title}`, { defaultValue: item.title })} · {t("timeline.amountWan", { n: Math.round(Number(item.values?.amount ?? 0) / 10_000) })}</span> : item.href ? <Link className="text-brand-700 hover:underline" to={item.href}>{item.title}</Link> : <span>{item.title}</span>}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
