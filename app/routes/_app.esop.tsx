import { dispatchIntent, handleForm } from "~/utils/actions.server";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ESOP_AUDIENCES, ESOP_ENTRY_KINDS, ESOP_KINDS } from "@db/schema/constants";
import { FormErrors } from "~/components/ui/field";
import { WideTable } from "~/components/ui/wide-table";
import { can } from "~/modules/access";
import { redirectWithToast, requireActor } from "~/modules/identity/auth.server";
import { addEsopParticipant, createEsopPlan, esopCandidateUsers, esopRegister, recordEsopEntry, sendEsopDisclosure, setEsopCustodyAccount } from "~/modules/staff/esop.server";
import { esopActionForm } from "~/modules/staff/schemas";
import { formatDate, shanghaiDate } from "~/utils/dates";
import { newId } from "~/utils/ids";
import { orHttpError } from "~/utils/route.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "esopRegister");

/** The enterprise's own register; exchange staff open an enterprise's with ?org=. */
const query = z.object({ org: z.string().max(64).optional() });

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const orgId = query.parse(Object.fromEntries(new URL(request.url).searchParams)).org ?? actor.orgId;
  const plans = orHttpError(() => esopRegister(context.app, actor, orgId));
  return {
    orgId,
    plans,
    canManage: can(actor, "manage:esop:own", { enterpriseOrgId: orgId, servicePersonUserId: null }),
    canCustody: can(actor, "register:esop-custody:any"),
    candidates: esopCandidateUsers(context.app, actor, orgId),
    newPlanId: newId(),
    newEntryId: newId(),
    today: shanghaiDate(context.app.clock.now()),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const orgId = query.parse(Object.fromEntries(new URL(request.url).searchParams)).org ?? actor.orgId;
  const done = (intent: string) =>
    redirectWithToast(context.app, request, `/esop${orgId === actor.orgId ? "" : `?org=${encodeURIComponent(orgId)}`}`, { kind: "success", message: `staff:esop.done.${intent}` });
  return handleForm(request, esopActionForm, (v) =>
    dispatchIntent<typeof v, Promise<Response>>(v, {
      plan: (plan) => {
        createEsopPlan(context.app, actor, orgId, plan);
        return done("plan");
      },
      entry: (entry) => {
        recordEsopEntry(context.app, actor, entry);
        return done("entry");
      },
      participant: (participant) => {
        addEsopParticipant(context.app, actor, participant);
        return done("participant");
      },
      send: ({ entryId }) => {
        sendEsopDisclosure(context.app, actor, entryId);
        return done("send");
      },
      custody: ({ planId, custodyAccountNo }) => {
        setEsopCustodyAccount(context.app, actor, planId, custodyAccountNo);
        return done("custody");
      },
    }),
  );
}

export default function EsopPage() {
  const { t, i18n } = useTranslation("staff");
  const d = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const errors = lastResult?.error ? Object.values(lastResult.error).flat().filter((e): e is string => typeof e === "string") : [];
  const nf = new Intl.NumberFormat(i18n.language);
  return (
    <div className="space-y-6">
      <h1 className="page-title">{t("esop.title")}</h1>
      <p className="text-sm text-slate-600">{t("esop.intro")}</p>
      <FormErrors errors={errors} />
      {d.plans.length === 0 ? <p className="card text-sm text-slate-500">{t("esop.empty")}</p> : null}
      {d.plans.map((p) => (
        <section key={p.id} className="card space-y-3" aria-labelledby={`plan-${p.id}`}>
          <h2 id={`plan-${p.id}`} className="text-lg font-semibold">{p.name} <span className="badge">{t(`esop.kinds.${p.kind}`)}</span></h2>
          <p className="text-sm text-slate-600">{t("esop.facts", { approvedOn: p.approvedOn, pool: nf.format(p.poolShares), left: nf.format(p.poolLeft), audience: t(`esop.audiences.${p.audience}`) })}</p>
          <p className="text-sm">{t("esop.custody")}: {p.custodyAccountNo ?? t("esop.noCustody")}</p>
          {d.canCustody ? (
            <Form method="post" className="flex flex-wrap items-end gap-2">
              <input type="hidden" name="intent" value="custody" />
              <input type="hidden" name="planId" value={p.id} />
              <div>
                <label htmlFor={`cu-${p.id}`} className="field-label">{t("esop.custodyAccount")}</label>
                <input id={`cu-${p.id}`} name="custodyAccountNo" defaultValue={p.custodyAccountNo ?? ""} required maxLength={40} className="field-input" />
              </div>
              <button className="btn-secondary">{t("esop.saveCustody")}</button>
            </Form>
          ) : null}
          <WideTable label={t("esop.holders")}>
            <caption className="sr-only">{t("esop.holders")}</caption>
            <thead><tr>{["holder", "granted", "vested", "unvested", "forfeited", "held"].map((k) => <th key={k} scope="col">{t(`esop.cols.${k}`)}</th>)}</tr></thead>
            <tbody>
              {p.holders.map((h) => (
                <tr key={h.holderName}><td>{h.holderName}</td>{[h.granted, h.vested, h.unvested, h.forfeited, h.held].map((n, i) => <td key={i} className="tabular-nums">{nf.format(n)}</td>)}</tr>
              ))}
            </tbody>
          </WideTable>
          <details>
            <summary className="cursor-pointer text-sm text-brand-700">{t("esop.entries", { n: p.entries.length })}</summary>
            <ol className="mt-2 space-y-1 text-sm">
              {p.entries.map((e) => (
                <li key={e.id} className="flex flex-wrap items-center gap-x-2">
                  <span><span className="tabular-nums">{e.effectiveOn}</span> · {t(`esop.entryKinds.${e.kind}`)} · {e.holderName}{e.toHolderName ? ` → ${e.toHolderName}` : ""} · {nf.format(e.shares)} · <span className="text-slate-600">{t("esop.disclosed")}: {e.disclosure}</span></span>
                  {e.sentAt !== null ? (
                    <span className="badge bg-emerald-100 text-emerald-800">{t("esop.sentTo", { n: e.sentTo ?? 0, at: formatDate(e.sentAt, i18n.language) })}</span>
                  ) : d.canManage ? (
                    <Form method="post" className="inline">
                      <input type="hidden" name="intent" value="send" />
                      <input type="hidden" name="entryId" value={e.id} />
                      <button className="text-brand-700 hover:underline">{t("esop.send")}</button>
                    </Form>
                  ) : (
                    <span className="badge">{t("esop.notSent")}</span>
                  )}
                </li>
              ))}
            </ol>
          </details>
          <div className="space-y-2 border-t pt-3">
            <h3 className="font-medium">{t("esop.participants")}</h3>
            <p className="text-xs text-slate-500">{t("esop.participantsHint")}</p>
            {p.participants.length === 0 ? <p className="text-sm text-slate-500">{t("esop.noParticipants")}</p> : (
              <ul className="text-sm">{p.participants.map((x) => <li key={x.userId}>{x.holderName} · <span className="text-slate-600">{x.name}</span></li>)}</ul>
            )}
            {d.canManage && d.candidates.length ? (
              <Form method="post" className="flex flex-wrap items-end gap-2">
                <input type="hidden" name="intent" value="participant" />
                <input type="hidden" name="planId" value={p.id} />
                <div><label htmlFor={`pu-${p.id}`} className="field-label">{t("esop.participantUser")}</label><select id={`pu-${p.id}`} name="userId" className="field-input">{d.candidates.map((u) => <option key={u.id} value={u.id}>{u.name}</option>)}</select></div>
                <div><label htmlFor={`ph-${p.id}`} className="field-label">{t("esop.participantHolder")}</label><input id={`ph-${p.id}`} name="holderName" required maxLength={80} className="field-input" /></div>
                <button className="btn-secondary">{t("esop.addParticipant")}</button>
              </Form>
            ) : null}
          </div>
          {d.canManage ? (
            <Form method="post" className="grid gap-2 border-t pt-3 sm:grid-cols-3">
              <input type="hidden" name="intent" value="entry" />
              <input type="hidden" name="id" value={d.newEntryId} />
              <input type="hidden" name="planId" value={p.id} />
              <div><label htmlFor={`ek-${p.id}`} className="field-label">{t("esop.entryKind")}</label><select id={`ek-${p.id}`} name="kind" className="field-input">{ESOP_ENTRY_KINDS.map((k) => <option key={k} value={k}>{t(`esop.entryKinds.${k}`)}</option>)}</select></div>
              <div><label htmlFor={`eh-${p.id}`} className="field-label">{t("esop.cols.holder")}</label><input id={`eh-${p.id}`} name="holderName" required maxLength={80} className="field-input" /></div>
              <div><label htmlFor={`et-${p.id}`} className="field-label">{t("esop.toHolder")}</label><input id={`et-${p.id}`} name="toHolderName" maxLength={80} className="field-input" /></div>
              <div><label htmlFor={`es-${p.id}`} className="field-label">{t("esop.shares")}</label><input id={`es-${p.id}`} name="shares" type="number" min={1} step={1} required className="field-input" /></div>
              <div><label htmlFor={`ed-${p.id}`} className="field-label">{t("esop.effectiveOn")}</label><input id={`ed-${p.id}`} name="effectiveOn" type="date" max={d.today} required className="field-input" /></div>
              <div className="sm:col-span-3"><label htmlFor={`ex-${p.id}`} className="field-label">{t("esop.disclosure")}</label><input id={`ex-${p.id}`} name="disclosure" required minLength={2} maxLength={2000} className="field-input" /></div>
              <label className="flex items-center gap-2 text-sm sm:col-span-3"><input type="checkbox" name="send" value="1" defaultChecked={p.participants.length > 0} />{t("esop.sendNow")}</label>
              <div><button className="btn-primary">{t("esop.record")}</button></div>
            </Form>
          ) : null}
        </section>
      ))}
      {d.canManage ? (
        <Form method="post" className="card grid gap-3 sm:grid-cols-2" aria-label={t("esop.newPlan")}>
          <h2 className="text-lg font-semibold sm:col-span-2">{t("esop.newPlan")}</h2>
          <input type="hidden" name="intent" value="plan" />
          <input type="hidden" name="id" value={d.newPlanId} />
          <div><label htmlFor="pn" className="field-label">{t("esop.name")}</label><input id="pn" name="name" required minLength={2} maxLength={120} className="field-input" /></div>
          <div><label htmlFor="pk" className="field-label">{t("esop.kind")}</label><select id="pk" name="kind" className="field-input">{ESOP_KINDS.map((k) => <option key={k} value={k}>{t(`esop.kinds.${k}`)}</option>)}</select></div>
          <div><label htmlFor="pp" className="field-label">{t("esop.pool")}</label><input id="pp" name="poolShares" type="number" min={1} step={1} required className="field-input" /></div>
          <div><label htmlFor="pa" className="field-label">{t("esop.approvedOn")}</label><input id="pa" name="approvedOn" type="date" max={d.today} required className="field-input" /></div>
          <div><label htmlFor="pu" className="field-label">{t("esop.audience")}</label><select id="pu" name="audience" className="field-input">{ESOP_AUDIENCES.map((k) => <option key={k} value={k}>{t(`esop.audiences.${k}`)}</option>)}</select></div>
          <div className="self-end"><button className="btn-primary">{t("esop.createPlan")}</button></div>
        </Form>
      ) : null}
    </div>
  );
}
