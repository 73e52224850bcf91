import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { EmptyState, TierBadge } from "~/components/board/badges";
import { admitFromNotice, endNoticeEarly, getNoticeForStaff, reviewObjection } from "~/modules/board/notices.server";
import { runAction, str } from "~/modules/board/route-support.server";
import { requireActor } from "~/modules/identity/auth.server";
import { formatDateTime } from "~/utils/dates";
import { orHttpError } from "~/utils/route.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "boardNotices");

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  return orHttpError(() => getNoticeForStaff(context.app, actor, params.id!));
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const fd = await request.formData();
  const id = params.id!;
  const here = `/board/notices/${id}`;
  const intent = str(fd, "intent");
  if (intent === "uphold" || intent === "dismiss") {
    return runAction(context, request, () => reviewObjection(context.app, actor, str(fd, "objectionId"), { decision: intent === "uphold" ? "upheld" : "dismissed", comment: str(fd, "comment") }), { to: here, message: "board:staffNotices.reviewed" });
  }
  if (intent === "end-early") return runAction(context, request, () => endNoticeEarly(context.app, actor, id, str(fd, "reason")), { to: here, message: "board:staffNotices.endedEarly" });
  if (intent === "admit") {
    let r = { admitted: 0, rejected: 0 };
    return runAction(context, request, () => {
      r = admitFromNotice(context.app, actor, id);
    }, { to: here, message: "board:staffNotices.admitted", get values() { return r; } });
  }
  throw new Response("Bad intent", { status: 400 });
}

export default function StaffNoticePage() {
  const { t, i18n } = useTranslation("board");
  const d = useLoaderData<typeof loader>();
  const busy = useNavigation().state !== "idle";
  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm text-slate-500"><Link to="/board/notices">{t("staffNotices.title")}</Link> · <a href={`/notices/${d.notice.id}`}>{t("staffNotices.publicPage")}</a></p>
        <h1 className="page-title">{t("notices.noticeTitle", { name: d.notice.title })}</h1>
        <p className="text-sm">{t("notices.period", { start: d.notice.startsOn, end: d.notice.endsOn })} · <span className="badge">{t(`noticePhases.${d.phase}`)}</span> · {t("staffNotices.today", { date: d.today })}</p>
        {d.notice.endedEarlyAt ? <p className="text-sm text-amber-800">{t("notices.endedEarly", { reason: d.notice.endedEarlyReason ?? "" })}</p> : null}
      </div>
      <section className="card space-y-3">
        <h2 className="text-lg font-semibold">{t("staffNotices.admission")}</h2>
        <p className="text-sm text-slate-600">{t(`staffNotices.admitHint.${d.phase}`)}</p>
        {d.canAdmit ? (
          <Form method="post">
            <button name="intent" value="admit" className="btn-primary" disabled={busy}>{t("staffNotices.admit")}</button>
          </Form>
        ) : null}
        {d.canEndEarly ? (
          <Form method="post" className="space-y-2 border-t pt-3">
            <label htmlFor="reason" className="field-label">{t("staffNotices.endEarlyReason")}</label>
            <textarea id="reason" name="reason" required minLength={4} rows={2} className="field-input" aria-describedby="early-hint" />
            <p id="early-hint" className="field-hint">{t("staffNotices.endEarlyHint")}</p>
            <button name="intent" value="end-early" className="btn-secondary" disabled={busy}>{t("staffNotices.endEarly")}</button>
          </Form>
        ) : null}
      </section>
      <section className="card">
        <h2 className="text-lg font-semibold">{t("staffNotices.objections")}</h2>
        {d.objections.length === 0 ? (
          <EmptyState>{t("staffNotices.noObjections")}</EmptyState>
        ) : (
          <ul className="mt-2 space-y-4">
            {d.objections.map((o) => (
              <li key={o.id} className="rounded-md border border-slate-200 p-3 text-sm">
                <p className="font-medium">{o.enterpriseName} · <span className="badge">{t(`objectionStates.${o.state}`)}</span></p>
                <p className="text-slate-600">{o.objectorName} · {o.objectorOrganisation} · {o.objectorPhone} · {o.objectorIdNumber} · {formatDateTime(o.lodgedAt, i18n.language)}</p>
                <p className="mt-1 whitespace-pre-wrap">{o.reasons}</p>
                {o.attachments.length ? (
                  <p className="mt-1">{o.attachments.map((_, i) => <a key={i} className="mr-2" href={`/board/objections/${o.id}/${i}`}>{t("staffNotices.attachment", { n: i + 1 })}</a>)}</p>
                ) : null}
                {o.reviewComment ? <p className="mt-1 text-slate-700">{t("staffNotices.reviewComment")}：{o.reviewComment}</p> : null}
                {o.state === "lodged" ? (
                  <Form method="post" className="mt-2 space-y-2">
                    <input type="hidden" name="objectionId" value={o.id} />
                    <label htmlFor={`c-${o.id}`} className="field-label">{t("staffNotices.reviewComment")}</label>
                    <textarea id={`c-${o.id}`} name="comment" required minLength={2} rows={2} className="field-input" />
                    <div className="flex gap-2">
                      <button name="intent" value="uphold" className="btn-danger" disabled={busy}>{t("staffNotices.uphold")}</button>
                      <button name="intent" value="dismiss" className="btn-secondary" disabled={busy}>{t("staffNotices.dismiss")}</button>
                    </div>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="card">
        <h2 className="text-lg font-semibold">{t("notices.listed")}</h2>
        <ul className="mt-2 space-y-1 text-sm">
          {d.entries.map((e) => (
            <li key={e.planItemId}><TierBadge tier={e.tier} /> {e.enterpriseName} · {t(`appStates.${e.applicationState ?? "on_notice"}`)}</li>
          ))}
        </ul>
      </section>
    </div>
  );
}
