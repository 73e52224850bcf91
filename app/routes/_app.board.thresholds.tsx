import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { formatMetricValue } from "~/modules/board/evidence";
import { boardActionOptions, boardDone } from "~/modules/board/route-support.server";
import { handleIntents } from "~/utils/actions.server";
import { moneyField, rateField } from "~/utils/money-fields";
import { getBoardSettings, updateBoardSettings } from "~/modules/board/settings.server";
import { copyThresholdVersion, getThresholdVersion, listThresholdVersions, publishThresholdVersion, setCriterionValue } from "~/modules/board/threshold-admin.server";
import { requireActor } from "~/modules/identity/auth.server";
import { formatDateTime } from "~/utils/dates";
import { orHttpError } from "~/utils/route.server";
import { can } from "~/modules/access";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "boardThresholds");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const versions = orHttpError(() => listThresholdVersions(context.app, actor));
  const id = new URL(request.url).searchParams.get("version") ?? versions.find((v) => v.current)?.id ?? versions[0]?.id;
  const version = id ? orHttpError(() => getThresholdVersion(context.app, actor, id)) : null;
  return { versions, version, settings: getBoardSettings(context.app), canEdit: can(actor, "manage:threshold:any") };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context.app);
  // Back to the version the form was about (the settings form names none).
  const backTo = (versionId?: string) => `/board/thresholds${versionId ? `?version=${versionId}` : ""}`;
  const version = z.object({ versionId: z.string() });
  const ticked = z.preprocess((v) => v === "on", z.boolean());
  // Money is typed in 万元 and ratios in %, as the standards are written (utils/money.ts reads both).
  const rawNumber = z.number();
  return handleIntents(
    request,
    {
      settings: z.object({
        minPeRound: z.enum(["a", "b"]).catch("a"),
        halveRatios: ticked,
        custodyWorkingDays: rawNumber,
        custodyRatioPct: rateField(rawNumber),
        custodyRatioCultivationPct: rateField(rawNumber),
        noticeDays: rawNumber,
        noticeDayKind: z.enum(["calendar", "working"]).catch("working"),
        retieringOn: z.string().default(""),
        versionId: z.string().optional(),
      }),
      copy: version.extend({ label: z.string().default(""), effectiveFrom: z.string().default(""), note: z.string().optional() }),
      publish: version,
      value: z.discriminatedUnion("unit", [
        z.object({ unit: z.literal("yuan"), criterionId: z.string(), value: moneyField(rawNumber), versionId: z.string().optional() }),
        z.object({ unit: z.string(), criterionId: z.string(), value: rateField(rawNumber), versionId: z.string().optional() }),
      ]),
    },
    {
      settings: ({ custodyRatioPct, custodyRatioCultivationPct, versionId, ...settings }) => {
        updateBoardSettings(context.app, actor, { ...settings, custodyRatioBp: custodyRatioPct, custodyRatioCultivationBp: custodyRatioCultivationPct });
        return boardDone(context, request, backTo(versionId), "board:thresholds.settingsSaved");
      },
      copy: ({ versionId: from, ...draft }) => {
        const id = copyThresholdVersion(context.app, actor, from, draft);
        return boardDone(context, request, `/board/thresholds?version=${id}`, "board:thresholds.copied");
      },
      publish: ({ versionId: id }) => {
        publishThresholdVersion(context.app, actor, id);
        return boardDone(context, request, backTo(id), "board:thresholds.published");
      },
      value: ({ criterionId, value, versionId }) => {
        setCriterionValue(context.app, actor, { criterionId, value });
        return boardDone(context, request, backTo(versionId), "board:thresholds.valueSaved");
      },
    },
    boardActionOptions(context, request),
  );
}

export default function ThresholdsPage() {
  const { t, i18n } = useTranslation("board");
  const { versions, version, settings, canEdit } = useLoaderData<typeof loader>();
  const busy = useNavigation().state !== "idle";
  const [params] = useSearchParams();
  const draft = version && version.version.publishedAt === null;
  return (
    <div className="space-y-6">
      <h1 className="page-title">{t("thresholds.title")}</h1>
      <section className="card max-w-4xl" aria-labelledby="settings-heading">
        <h2 id="settings-heading" className="text-lg font-semibold">{t("thresholds.settings")}</h2>
        <Form method="post" className="mt-3 grid gap-3 sm:grid-cols-3">
          <fieldset disabled={!canEdit} className="contents">
            <div>
              <label htmlFor="minPeRound" className="field-label">{t("thresholds.minPeRound")}</label>
              <select id="minPeRound" name="minPeRound" defaultValue={settings.minPeRound} className="field-input">
                <option value="a">{t("thresholds.roundA")}</option>
                <option value="b">{t("thresholds.roundB")}</option>
              </select>
            </div>
            <label className="flex items-center gap-2 text-sm sm:col-span-2">
              <input type="checkbox" name="halveRatios" defaultChecked={settings.halveRatios} /> {t("thresholds.halveRatios")}
            </label>
            <div><label htmlFor="noticeDays" className="field-label">{t("thresholds.noticeDays")}</label><input id="noticeDays" name="noticeDays" type="number" min={1} max={60} defaultValue={settings.noticeDays} className="field-input" /></div>
            <div>
              <label htmlFor="noticeDayKind" className="field-label">{t("thresholds.noticeDayKind")}</label>
              <select id="noticeDayKind" name="noticeDayKind" defaultValue={settings.noticeDayKind} className="field-input">
                <option value="working">{t("thresholds.workingDays")}</option>
                <option value="calendar">{t("thresholds.calendarDays")}</option>
              </select>
            </div>
            <div><label htmlFor="custodyWorkingDays" className="field-label">{t("thresholds.custodyWorkingDays")}</label><input id="custodyWorkingDays" name="custodyWorkingDays" type="number" min={1} defaultValue={settings.custodyWorkingDays} className="field-input" /></div>
            <div><label htmlFor="custodyRatioPct" className="field-label">{t("thresholds.custodyRatio")}</label><input id="custodyRatioPct" name="custodyRatioPct" type="number" step="0.01" defaultValue={settings.custodyRatioBp / 100} className="field-input" /></div>
            <div><label htmlFor="custodyRatioCultivationPct" className="field-label">{t("thresholds.custodyRatioCultivation")}</label><input id="custodyRatioCultivationPct" name="custodyRatioCultivationPct" type="number" step="0.01" defaultValue={settings.custodyRatioCultivationBp / 100} className="field-input" /></div>
            <div>
              <label htmlFor="retieringOn" className="field-label">{t("schedule.retieringOn", { ns: "boardRules" })}</label>
              <input id="retieringOn" name="retieringOn" pattern="\d{2}-\d{2}" placeholder="MM-DD" defaultValue={settings.retieringOn} aria-describedby="retieringOn-hint" className="field-input" />
              <p id="retieringOn-hint" className="field-hint">{t("schedule.retieringOnHint", { ns: "boardRules" })}</p>
            </div>
            {canEdit ? <button name="intent" value="settings" className="btn-primary self-end" disabled={busy}>{t("thresholds.saveSettings")}</button> : null}
          </fieldset>
        </Form>
      </section>
      <section className="card" aria-labelledby="versions-heading">
        <h2 id="versions-heading" className="text-lg font-semibold">{t("thresholds.versions")}</h2>
        <ul className="mt-2 flex flex-wrap gap-2 text-sm">
          {versions.map((v) => (
            <li key={v.id}>
              <Link to={`?version=${v.id}`} aria-current={(params.get("version") ?? versions.find((x) => x.current)?.id) === v.id ? "page" : undefined} className="badge">
                {v.label} · {v.publishedAt ? (v.current ? t("thresholds.current") : t("thresholds.publishedOn", { date: formatDateTime(v.publishedAt, i18n.language) })) : t("thresholds.draft")}
                {v.cited ? ` · ${t("thresholds.cited")}` : ""}
              </Link>
            </li>
          ))}
        </ul>
      </section>
      {version ? (
        <section className="card space-y-4">
          <h2 className="text-lg font-semibold">{version.version.label} <span className="text-sm text-slate-500">{t("thresholds.effectiveFrom", { date: version.version.effectiveFrom })}</span></h2>
          {version.version.note ? <p className="text-sm text-slate-600">{version.version.note}</p> : null}
          <table className="table table-cards">
            <thead>
              <tr>
                <th scope="col">{t("thresholds.standard")}</th>
                <th scope="col">{t("thresholds.clause")}</th>
                <th scope="col">{t("thresholds.criterion")}</th>
                <th scope="col">{t("thresholds.value")}</th>
              </tr>
            </thead>
            <tbody>
              {version.standards.flatMap((s) =>
                s.criteria.map((c, i) => (
                  <tr key={c.id}>
                    <td data-label={t("thresholds.standard")} data-stack className="max-w-xs align-top">
                      {i === 0 ? (
                        <>
                          {t(`standards.${s.code}`)}
                          {s.ruleText ? <p className="mt-1 text-xs text-slate-600">{s.ruleText}</p> : null}
                          {s.source ? <p className="text-xs text-slate-500">{s.source}</p> : null}
                        </>
                      ) : (
                        // A card on a phone stands alone: it repeats the standard the rows above it share.
                        <span className="sm:hidden">{t(`standards.${s.code}`)}</span>
                      )}
                    </td>
                    <td data-label={t("thresholds.clause")}>{c.clause === "*" ? t("thresholds.allClauses") : c.clause}</td>
                    <td data-label={t("thresholds.criterion")}>
                      {/* One value (a card on a phone wraps it as a whole); English takes ASCII brackets. */}
                      <span>
                        {t(`metrics.${c.metric}`)}
                        {i18n.language.startsWith("zh") ? "（" : " ("}
                        {t(`aggregations.${c.aggregation}`, { count: c.years })}
                        {i18n.language.startsWith("zh") ? "）" : ") "}
                        {c.op === "gte" ? "≥" : ">"}
                      </span>
                    </td>
                    <td data-label={t("thresholds.value")}>
                      {draft && canEdit ? (
                        <Form method="post" className="flex items-center gap-1">
                          <input type="hidden" name="versionId" value={version.version.id} />
                          <input type="hidden" name="criterionId" value={c.id} />
                          <input type="hidden" name="unit" value={c.unit} />
                          <input name="value" type="number" step="0.01" defaultValue={c.unit === "yuan" ? c.value / 10000 : c.value / 100} aria-label={t(`metrics.${c.metric}`)} className="field-input w-32" />
                          <span className="text-xs">{c.unit === "yuan" ? t("thresholds.wan") : "%"}</span>
                          <button name="intent" value="value" className="text-sm text-brand-700 hover:underline">{t("thresholds.save")}</button>
                        </Form>
                      ) : (
                        formatMetricValue(c.value, c.unit, i18n.language)
                      )}
                    </td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
          {canEdit ? (
            draft ? (
              <Form method="post">
                <input type="hidden" name="versionId" value={version.version.id} />
                <button name="intent" value="publish" className="btn-primary" disabled={busy}>{t("thresholds.publish")}</button>
              </Form>
            ) : (
              <Form method="post" className="grid gap-3 sm:grid-cols-4 sm:items-end">
                <input type="hidden" name="versionId" value={version.version.id} />
                <div><label htmlFor="label" className="field-label">{t("thresholds.newLabel")}</label><input id="label" name="label" required className="field-input" /></div>
                <div><label htmlFor="effectiveFrom" className="field-label">{t("thresholds.newEffective")}</label><input id="effectiveFrom" name="effectiveFrom" type="date" required className="field-input" /></div>
                <div><label htmlFor="note" className="field-label">{t("thresholds.note")}</label><input id="note" name="note" className="field-input" /></div>
                <button name="intent" value="copy" className="btn-secondary" disabled={busy}>{t("thresholds.copy")}</button>
              </Form>
            )
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
