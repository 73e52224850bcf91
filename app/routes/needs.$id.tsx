import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { CLOSE_OUTCOMES } from "@db/schema/constants";
import { NeedActions } from "~/components/financing/need-actions";
import { NeedTimelineView } from "~/components/financing/need-timeline";
import { FormErrors } from "~/components/ui/field";
import { MoneyInput } from "~/components/ui/money-input";
import { getActor, redirectWithToast, requireActor } from "~/modules/identity/auth.server";
import { needFinancingActions } from "~/modules/financing/viewer-actions.server";
import { expressInterest, listInstitutions, viewNeed } from "~/modules/financing/needs-read.server";
import { closeNeedInput, interestInput, matchNeedInput } from "~/modules/financing/needs-schemas";
import { closeNeed, markNeedMatched, needRevisions, pauseNeed, publishNeed, resumeNeed } from "~/modules/financing/needs.server";
import { needTimeline } from "~/modules/financing/offer-progress.server";
import { listVisibleDecksOfNeed } from "~/modules/roadshows/decks.server";
import { formatDateTime } from "~/utils/dates";
import { replyErrors } from "~/utils/action-result";
import { handleIntents } from "~/utils/actions.server";
import { formatMoney, formatRate } from "~/utils/money";
import { orHttpError } from "~/utils/route.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, "need", { name: data?.view.need.title ?? "" });

/** Public needs open without login; everything else answers 404 to whoever may not see it. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const viewer = await getActor(request, context.app);
  const view = orHttpError(() => viewNeed(context.app, viewer, params.id ?? ""));
  return {
    view,
    revisions: view.isOwner && viewer ? needRevisions(context.app, viewer, view.need.id).map((r) => ({ version: r.version, change: r.change, editedAt: r.editedAt })) : [],
    institutions: view.isOwner ? listInstitutions(context.app) : [],
    decks: listVisibleDecksOfNeed(context.app, viewer, view.need.id),
    financing: viewer ? needFinancingActions(context.app, viewer, view.need.id) : null,
    timeline: viewer && view.need.state !== "draft" ? needTimeline(context.app, viewer, view.need.id) : null,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const id = params.id ?? "";
  const done = (intent: string, change: () => unknown) => {
    change();
    return redirectWithToast(context.app, request, `/needs/${id}`, { kind: "success", message: `financing:toast.${intent}` });
  };
  const none = z.object({});
  return handleIntents(
    request,
    { publish: none, pause: none, resume: none, close: closeNeedInput, match: matchNeedInput, interest: interestInput },
    {
      publish: () => done("publish", () => publishNeed(context.app, actor, id)),
      pause: () => done("pause", () => pauseNeed(context.app, actor, id)),
      resume: () => done("resume", () => resumeNeed(context.app, actor, id)),
      close: (input) => done("close", () => closeNeed(context.app, actor, id, input)),
      match: (input) => done("match", () => markNeedMatched(context.app, actor, id, input)),
      interest: ({ note }) => done("interest", () => expressInterest(context.app, actor, id, note)),
    },
  );
}

const MONEY_FIELDS = new Set(["valuationMin", "valuationMax"]);
const BP_FIELDS = new Set(["stakeOfferedBp", "couponMinBp", "couponMaxBp"]);

export default function NeedPage() {
  const { t, i18n } = useTranslation("financing");
  const { view, revisions, institutions, decks, financing, timeline } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { need, enterprise, isOwner, stats } = view;
  const zh = i18n.language.startsWith("zh");
  const detailValue = (k: string, v: unknown): string => {
    if (Array.isArray(v)) return v.map((x) => t(`collateral.${String(x)}`)).join(t("common:listSeparator"));
    if (MONEY_FIELDS.has(k)) return formatMoney(Number(v), i18n.language);
    if (BP_FIELDS.has(k)) return formatRate(Number(v));
    if (k === "stage") return t(`stages.${String(v)}`);
    if (k === "termMonths") return t("fields.months", { n: Number(v) });
    return String(v ?? "");
  };
  return (
    <main id="main" className="mx-auto max-w-4xl space-y-6 px-4 py-8">
      <header className="card space-y-2">
        <p className="flex flex-wrap gap-2 text-sm">
          <span className="badge">{t(`instruments.${need.instrument}`)}</span>
          <span className="badge">{t(`states.${need.state}`)}</span>
          <span className="badge">{t(`audiences.${need.audience}`)}</span>
        </p>
        <h1 className="page-title">{need.title}</h1>
        <p className="text-sm text-slate-600">
          <Link to={`/enterprises/${need.enterpriseOrgId}`}>{zh ? enterprise.name : (enterprise.nameEn ?? enterprise.name)}</Link> · {formatMoney(need.amount, i18n.language)} ·{" "}
          {t("list.until", { date: need.expiresOn })}
        </p>
      </header>
      {financing ? <NeedActions actions={financing} /> : null}
      {timeline ? <NeedTimelineView timeline={timeline} /> : null}
      <section className="card space-y-3">
        {need.summary ? <p className="whitespace-pre-wrap">{need.summary}</p> : null}
        <dl className="grid gap-3 text-sm sm:grid-cols-2" data-testid="need-details">
          {Object.entries(need.details).map(([k, v]) => (
            <div key={k}>
              <dt className="text-slate-500">{t(`fields.${k}`)}</dt>
              <dd className="whitespace-pre-wrap">{detailValue(k, v)}</dd>
            </div>
          ))}
        </dl>
      </section>
      {decks.length ? (
        <section className="card">
          <h2 className="text-lg font-semibold">{t("decks", { ns: "roadshows" })}</h2>
          <ul className="mt-2 space-y-1">
            {decks.map((d) => (
              <li key={d.id}>
                <Link to={`/decks/${d.id}`}>{d.title}</Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <FormErrors errors={replyErrors(actionData)} />

      {view.canExpressInterest ? (
        <section className="card">
          <h2 className="text-lg font-semibold">{t("interest.title")}</h2>
          <Form method="post" className="mt-2 flex flex-wrap items-end gap-3">
            <div className="flex-1">
              <label htmlFor="interest-note" className="field-label">
                {t("interest.note")}
              </label>
              <input id="interest-note" name="note" maxLength={1000} className="field-input" />
            </div>
            <button name="intent" value="interest" className="btn-primary">
              {t("interest.send")}
            </button>
          </Form>
        </section>
      ) : view.myInterest ? (
        <p className="card text-sm text-slate-600">{t("interest.sent", { at: formatDateTime(view.myInterest.createdAt, i18n.language) })}</p>
      ) : null}

      {isOwner ? (
        <>
          <section className="card space-y-3" aria-labelledby="manage-h">
            <h2 id="manage-h" className="text-lg font-semibold">
              {t("manage.title")}
            </h2>
            {stats ? <p className="text-sm" data-testid="need-stats">{t("manage.stats", stats)}</p> : null}
            {view.directed.length ? <p className="text-sm">{t("manage.directedTo", { orgs: view.directed.map((d) => d.name).join(t("common:listSeparator")) })}</p> : null}
            <div className="flex flex-wrap gap-2">
              {["draft", "published", "paused"].includes(need.state) ? (
                <Link to={`/needs/${need.id}/edit`} className="btn-secondary">
                  {t("manage.edit")}
                </Link>
              ) : null}
              <Form method="post" className="flex gap-2">
                {need.state === "draft" ? <button name="intent" value="publish" className="btn-primary">{t("manage.publish")}</button> : null}
                {need.state === "published" ? <button name="intent" value="pause" className="btn-secondary">{t("manage.pause")}</button> : null}
                {need.state === "paused" ? <button name="intent" value="resume" className="btn-primary">{t("manage.resume")}</button> : null}
              </Form>
              {need.state === "published" || need.state === "draft" ? (
                <Link to={`/upload/decks/new?needId=${need.id}`} className="btn-secondary">
                  {t("manage.addDeck")}
                </Link>
              ) : null}
            </div>
            {["published", "paused"].includes(need.state) ? (
              <Form method="post" className="flex flex-wrap items-end gap-3 border-t pt-3">
                <div>
                  <label htmlFor="matchedOrgId" className="field-label">
                    {t("manage.matchedOrg")}
                  </label>
                  <select id="matchedOrgId" name="matchedOrgId" className="field-input">
                    <option value="">—</option>
                    {institutions.map((o) => (
                      <option key={o.id} value={o.id}>
                        {o.name}
                      </option>
                    ))}
                  </select>
                </div>
                <MoneyInput id="matchedAmount" name="matchedAmount" label={t("manage.matchedAmount")} />
                <button name="intent" value="match" className="btn-primary">
                  {t("manage.match")}
                </button>
              </Form>
            ) : null}
            {["draft", "published", "paused"].includes(need.state) ? (
              <Form method="post" className="flex flex-wrap items-end gap-3 border-t pt-3">
                <div>
                  <label htmlFor="outcome" className="field-label">
                    {t("manage.outcome")}
                  </label>
                  <select id="outcome" name="outcome" className="field-input">
                    {CLOSE_OUTCOMES.map((o) => (
                      <option key={o} value={o}>
                        {t(`outcomes.${o}`)}
                      </option>
                    ))}
                  </select>
                </div>
                <div className="flex-1">
                  <label htmlFor="close-note" className="field-label">
                    {t("manage.note")}
                  </label>
                  <input id="close-note" name="note" maxLength={1000} className="field-input" />
                </div>
                <button name="intent" value="close" className="btn-danger">
                  {t("manage.close")}
                </button>
              </Form>
            ) : null}
            {need.closeOutcome ? <p className="text-sm">{t("manage.closedWith", { outcome: t(`outcomes.${need.closeOutcome}`) })}</p> : null}
          </section>
          {view.interests.length ? (
            <section className="card">
              <h2 className="text-lg font-semibold">{t("manage.interestsTitle")}</h2>
              <ul className="mt-2 divide-y text-sm">
                {view.interests.map((i) => (
                  <li key={i.orgId} className="py-2">
                    <strong>{i.orgName}</strong> · {formatDateTime(i.createdAt, i18n.language)}
                    {i.note ? <span className="block whitespace-pre-wrap text-slate-600">{i.note}</span> : null}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          <section className="card">
            <h2 className="text-lg font-semibold">{t("manage.history")}</h2>
            <ol className="mt-2 space-y-1 text-sm">
              {revisions.map((r) => (
                <li key={r.version}>
                  v{r.version} · {t(`changes.${r.change}`)} · {formatDateTime(r.editedAt, i18n.language)}
                </li>
              ))}
            </ol>
          </section>
        </>
      ) : null}
    </main>
  );
}
