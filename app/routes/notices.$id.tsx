import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { TIERS } from "@db/schema/constants";
import { EmptyState } from "~/components/board/badges";
import { Honeypot } from "~/components/ui/field";
import { getPublicNotice } from "~/modules/board/notices.server";
import { orHttpError } from "~/utils/route.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "publicNotices");

/** Public: the list by tier, the period, and the objection form while the period runs. */
export async function loader({ context, params }: LoaderFunctionArgs) {
  return orHttpError(() => getPublicNotice(context.app, params.id!));
}

export default function NoticePage() {
  const { t } = useTranslation("board");
  const { notice, phase, entries } = useLoaderData<typeof loader>();
  return (
    <main id="main" className="mx-auto max-w-4xl space-y-6 px-4 py-8">
      <p className="text-sm"><Link to="/notices">{t("notices.title")}</Link></p>
      <h1 className="page-title">{t("notices.noticeTitle", { name: notice.title })}</h1>
      <div className="card text-sm">
        <p>{t("notices.lead")}</p>
        <p className="mt-2 font-medium" data-testid="notice-period">{t("notices.period", { start: notice.startsOn, end: notice.endsOn })} · <span className="badge">{t(`noticePhases.${phase}`)}</span></p>
        {notice.endedEarlyAt ? <p className="mt-1 text-amber-800">{t("notices.endedEarly", { reason: notice.endedEarlyReason ?? "" })}</p> : null}
      </div>
      {TIERS.slice()
        .reverse()
        .map((tier) => {
          const list = entries.filter((e) => e.tier === tier);
          return (
            <section key={tier} className="card" aria-labelledby={`tier-${tier}`}>
              <h2 id={`tier-${tier}`} className="text-lg font-semibold">{t(`tiers.${tier}`)}（{list.length}）</h2>
              {list.length === 0 ? (
                <EmptyState>{t("notices.noneInTier")}</EmptyState>
              ) : (
                <table className="table table-cards mt-2">
                  <thead>
                    <tr>
                      <th scope="col">#</th>
                      <th scope="col">{t("fields.enterprise")}</th>
                      <th scope="col">{t("fields.uscc")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {list.map((e, i) => (
                      <tr key={e.planItemId}>
                        <td data-label="#">{i + 1}</td>
                        <td data-label={t("fields.enterprise")}>{e.enterpriseName}</td>
                        <td data-label={t("fields.uscc")} className="font-mono text-xs">{e.uscc}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
          );
        })}
      {phase === "open" ? (
        <section className="card" aria-labelledby="objection-heading">
          <h2 id="objection-heading" className="text-lg font-semibold">{t("notices.objectTitle")}</h2>
          <p className="mt-1 text-sm text-slate-600">{t("notices.objectIntro")}</p>
          <Form method="post" action={`/upload/notices/${notice.id}/objections`} encType="multipart/form-data" reloadDocument className="mt-4 grid gap-3 sm:grid-cols-2">
            <Honeypot />
            <div className="sm:col-span-2">
              <label htmlFor="planItemId" className="field-label">{t("notices.objectTo")}</label>
              <select id="planItemId" name="planItemId" required className="field-input">
                <option value="">{t("form.choose")}</option>
                {entries.map((e) => (
                  <option key={e.planItemId} value={e.planItemId}>{e.enterpriseName}</option>
                ))}
              </select>
            </div>
            {(["objectorName", "objectorOrganisation", "objectorIdNumber", "objectorPhone"] as const).map((f) => (
              <div key={f}>
                <label htmlFor={f} className="field-label">{t(`notices.fields.${f}`)}</label>
                <input id={f} name={f} required className="field-input" autoComplete={f === "objectorName" ? "name" : f === "objectorPhone" ? "tel" : f === "objectorOrganisation" ? "organization" : "off"} />
              </div>
            ))}
            <div className="sm:col-span-2">
              <label htmlFor="reasons" className="field-label">{t("notices.fields.reasons")}</label>
              <textarea id="reasons" name="reasons" required minLength={10} rows={4} className="field-input" />
            </div>
            <div className="sm:col-span-2">
              <label htmlFor="attachment" className="field-label">{t("notices.fields.attachment")}</label>
              <input id="attachment" name="attachment" type="file" accept="application/pdf,image/png,image/jpeg" multiple className="field-input" />
              <p className="field-hint">{t("notices.attachmentHint")}</p>
            </div>
            <p className="text-xs text-slate-500 sm:col-span-2">{t("notices.privacy")}</p>
            <button className="btn-primary sm:col-span-2 sm:justify-self-start">{t("notices.submitObjection")}</button>
          </Form>
        </section>
      ) : null}
    </main>
  );
}
