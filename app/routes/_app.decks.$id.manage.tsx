import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DeckSettingsFields } from "~/components/roadshows/deck-settings";
import { FormErrors } from "~/components/ui/field";
import { WideTable } from "~/components/ui/wide-table";
import { endOfShanghaiDay } from "~/utils/dates";
import { listDirectableOrganisations } from "~/modules/enterprises/profiles.server";
import { listOwnNeeds } from "~/modules/financing/needs-read.server";
import { redirectWithToast, requireActor } from "~/modules/identity/auth.server";
import { deckAnalytics } from "~/modules/roadshows/analytics.server";
import { perPageChart } from "~/modules/roadshows/analytics-chart.server";
import { getLocale } from "~/i18n/i18n.server";
import { createShareLink, getOwnDeck, revokeShareLink, updateDeckSettings } from "~/modules/roadshows/decks.server";
import { deckSettingsInput, shareLinkInput } from "~/modules/roadshows/schemas";
import { formatDate, formatDateTime, shanghaiDate } from "~/utils/dates";
import { z } from "zod";
import { replyErrors } from "~/utils/action-result";
import { handleIntents } from "~/utils/actions.server";
import { baseUrl, orHttpError } from "~/utils/route.server";
import { pageTitle } from "~/utils/meta";
import { ViewingNow } from "~/components/roadshows/viewing-now";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "deckManage");

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const own = orHttpError(() => getOwnDeck(context.app, actor, params.id ?? ""));
  const analytics = deckAnalytics(context.app, actor, own.deck.id);
  const current = own.versions.reduce((max, v) => Math.max(max, v.pageCount), 0);
  return {
    ...own,
    analytics,
    chart: await perPageChart(analytics.aggregate.perPage, current, await getLocale(request)),
    orgs: listDirectableOrganisations(context.app),
    needs: listOwnNeeds(context.app, actor).map((n) => ({ id: n.id, title: n.title })),
    defaultExpiry: shanghaiDate(context.app.clock.now() + 14 * 86_400_000),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const id = params.id ?? "";
  return handleIntents(
    request,
    { settings: deckSettingsInput, revoke: z.object({ linkId: z.string().max(40) }), link: shareLinkInput },
    {
      settings: (settings) => {
        updateDeckSettings(context.app, actor, id, settings);
        return redirectWithToast(context.app, request, `/decks/${id}/manage`, { kind: "success", message: "roadshows:toast.saved" });
      },
      revoke: ({ linkId }) => {
        revokeShareLink(context.app, actor, linkId);
        return redirectWithToast(context.app, request, `/decks/${id}/manage`, { kind: "success", message: "roadshows:toast.linkRevoked" });
      },
      link: ({ label, expiresOn }) => {
        const link = createShareLink(context.app, actor, id, { label, expiresAt: endOfShanghaiDay(expiresOn) });
        // The token is shown once; only its hash is stored.
        return { shareUrl: `${baseUrl(request, context)}/decks/${id}?t=${link.token}` };
      },
    },
  );
}

const seconds = (ms: number) => Math.round(ms / 1000);

export default function ManageDeckPage() {
  const { t, i18n } = useTranslation("roadshows");
  const { deck, directedOrgIds, versions, links, analytics, chart, orgs, needs, defaultExpiry } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="page-title">{deck.title}</h1>
        <Link to={`/decks/${deck.id}`} className="btn-secondary">
          {t("manage.preview")}
        </Link>
      </div>
      <FormErrors errors={replyErrors(actionData && !("shareUrl" in actionData) ? actionData : null)} />

      <section className="card space-y-3" aria-labelledby="an-h" data-testid="deck-analytics">
        <h2 id="an-h" className="text-lg font-semibold">
          {t("analytics.title")}
        </h2>
        <p className="text-sm">
          {t("analytics.summary", {
            sessions: analytics.aggregate.sessions,
            viewers: analytics.aggregate.viewers,
            returning: analytics.aggregate.returningViewers,
            completion: Math.round(analytics.aggregate.averageCompletion * 100),
            completed: analytics.aggregate.completedViewers,
          })}
        </p>
        <ViewingNow deckId={deck.id} initial={analytics.viewingNow} />
        {chart ? (
          <figure className="space-y-1" data-testid="per-page-chart">
            <figcaption className="font-medium">{t("analytics.chartTitle")}</figcaption>
            {/* Rendered on the server by ECharts from our own figures (text escaped by its SSR renderer). */}
            <div role="img" aria-label={t("analytics.chartTitle")} className="hidden overflow-x-auto sm:block [&_svg]:h-auto [&_svg]:max-w-full" dangerouslySetInnerHTML={{ __html: chart.svg }} />
            <div role="img" aria-label={t("analytics.chartTitle")} className="sm:hidden [&_svg]:h-auto [&_svg]:max-w-full" dangerouslySetInnerHTML={{ __html: chart.svgNarrow }} />
          </figure>
        ) : null}
        {analytics.byVersion.length > 1 || analytics.aggregate.sessions > 0 ? (
          <WideTable label={t("analytics.byVersion")} testId="by-version">
              <caption className="text-left font-medium">{t("analytics.byVersion")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("analytics.version")}</th>
                  <th scope="col">{t("analytics.sessionsCol")}</th>
                  <th scope="col">{t("analytics.viewers")}</th>
                  <th scope="col">{t("analytics.totalTime")}</th>
                  <th scope="col">{t("analytics.completionCol")}</th>
                </tr>
              </thead>
              <tbody>
                {analytics.byVersion.map((v) => (
                  <tr key={v.version}>
                    <td>
                      v{v.version} <span className="text-xs text-slate-600">{formatDate(v.uploadedAt, i18n.language)}</span>
                    </td>
                    <td>{v.sessions}</td>
                    <td>{v.viewers}</td>
                    <td>{t("analytics.seconds", { n: seconds(v.totalMs) })}</td>
                    <td>{Math.round(v.averageCompletion * 100)}%</td>
                  </tr>
                ))}
              </tbody>
          </WideTable>
        ) : null}
        {analytics.aggregate.perPage.length ? (
          <details>
            <summary className="cursor-pointer text-sm text-brand-700">{t("analytics.tableView")}</summary>
          <WideTable label={t("analytics.tableView")}>
            <thead>
              <tr>
                <th scope="col">{t("analytics.page")}</th>
                <th scope="col">{t("analytics.totalTime")}</th>
                <th scope="col">{t("analytics.viewers")}</th>
              </tr>
            </thead>
            <tbody>
              {analytics.aggregate.perPage.map((p) => (
                <tr key={p.page}>
                  <td>{p.page}</td>
                  <td>{t("analytics.seconds", { n: seconds(p.totalMs) })}</td>
                  <td>{p.viewers}</td>
                </tr>
              ))}
            </tbody>
          </WideTable>
          </details>
        ) : null}
        <h3 className="font-medium">{t("analytics.consenting")}</h3>
        <p className="text-xs text-slate-500">{t("analytics.consentNote", { n: analytics.anonymousViewers })}</p>
        <ul className="divide-y text-sm">
          {analytics.consentingViewers.map((v) => (
            <li key={v.name} className="py-2" data-testid="consenting-viewer">
              <strong>{v.name}</strong> · {t("analytics.viewerLine", { sessions: v.sessions, completion: Math.round(v.completion * 100) })}
              {v.returning ? <span className="badge ml-2">{t("analytics.returning")}</span> : null} · {formatDateTime(v.lastAt, i18n.language)}
              <span className="block text-slate-600">{v.perPage.map((p) => t("analytics.pageTime", { page: p.page, s: seconds(p.ms) })).join("  ")}</span>
            </li>
          ))}
        </ul>
      </section>

      <section className="card space-y-3">
        <h2 className="text-lg font-semibold">{t("manage.versions")}</h2>
        <ul className="text-sm">
          {versions.map((v) => (
            <li key={v.id}>
              v{v.version} · {v.fileName} · {t("manage.pages", { n: v.pageCount })} · {Math.round(v.byteSize / 1024)} KB · {formatDateTime(v.uploadedAt, i18n.language)}
            </li>
          ))}
        </ul>
        <Form method="post" action={`/upload/decks/${deck.id}/version`} encType="multipart/form-data" className="flex flex-wrap items-end gap-3">
          <div>
            <label htmlFor="new-version" className="field-label">
              {t("manage.newVersion")}
            </label>
            <input id="new-version" name="file" type="file" accept="application/pdf" required className="text-sm" />
          </div>
          <button className="btn-secondary">{t("new.upload")}</button>
        </Form>
      </section>

      <section className="card space-y-3">
        <h2 className="text-lg font-semibold">{t("manage.links")}</h2>
        {actionData && "shareUrl" in actionData ? (
          <p className="break-all rounded bg-green-50 p-2 text-sm" data-testid="share-url">
            {t("manage.linkCreated")} <code>{actionData.shareUrl}</code>
          </p>
        ) : null}
        <ul className="text-sm">
          {links.map((l) => (
            <li key={l.id} className="flex items-center gap-3">
              {l.label} · {t("manage.linkUntil", { date: formatDate(l.expiresAt, i18n.language) })}
              {l.revokedAt ? (
                <span className="badge">{t("manage.revoked")}</span>
              ) : l.expired ? (
                <span className="badge">{t("manage.expired")}</span>
              ) : (
                <Form method="post">
                  <input type="hidden" name="linkId" value={l.id} />
                  <button name="intent" value="revoke" className="text-red-700 hover:underline">
                    {t("manage.revoke")}
                  </button>
                </Form>
              )}
            </li>
          ))}
        </ul>
        <Form method="post" className="flex flex-wrap items-end gap-3">
          <div>
            <label htmlFor="link-label" className="field-label">
              {t("manage.linkLabel")}
            </label>
            <input id="link-label" name="label" required maxLength={60} className="field-input" />
          </div>
          <div>
            <label htmlFor="link-exp" className="field-label">
              {t("manage.linkExpires")}
            </label>
            <input id="link-exp" name="expiresOn" type="date" defaultValue={defaultExpiry} className="field-input" />
          </div>
          <button name="intent" value="link" className="btn-secondary">
            {t("manage.createLink")}
          </button>
        </Form>
      </section>

      <section className="card">
        <h2 className="text-lg font-semibold">{t("manage.settings")}</h2>
        <Form method="post" className="mt-3 space-y-4">
          <DeckSettingsFields orgs={orgs} needs={needs} defaults={{ ...deck, directedOrgIds }} />
          <button name="intent" value="settings" className="btn-primary">
            {t("actions.save", { ns: "common" })}
          </button>
        </Form>
      </section>
    </div>
  );
}
