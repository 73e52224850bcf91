import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Money, Rate } from "~/components/financing/financing-ui";
import { FormErrors } from "~/components/ui/field";
import { WideTable } from "~/components/ui/wide-table";
import { summariseFinancing, type Bucket } from "~/modules/financing/outcomes.server";
import { requireActor } from "~/modules/identity/auth.server";
import { listPrefectures } from "~/modules/identity/routing.server";
import { shanghaiDate } from "~/utils/dates";
import { isAppError } from "~/utils/errors";
import { encodeMessage } from "~/utils/forms.server";
import { orHttpError } from "~/utils/route.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "outcomes");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const url = new URL(request.url);
  const today = shanghaiDate(context.app.clock.now());
  const period = { from: url.searchParams.get("from") ?? `${today.slice(0, 4)}-01-01`, to: url.searchParams.get("to") ?? today };
  const prefectures = Object.fromEntries(listPrefectures(context.app).map((p) => [p.code, actor.locale.startsWith("zh") ? p.nameZh : p.nameEn]));
  try {
    return { period, summary: summariseFinancing(context.app, actor, period), error: null, prefectures };
  } catch (error) {
    // A bad period is the reader's typo: show it above the form rather than a 422 page.
    if (isAppError(error) && error.status === 422) return { period, summary: null, error: encodeMessage(error.message, error.values), prefectures };
    throw orHttpError(() => {
      throw error;
    });
  }
}

export default function OutcomesPage() {
  const { t } = useTranslation("financing");
  const { period, summary, error, prefectures } = useLoaderData<typeof loader>();
  const label = (group: string, key: string) => {
    if (key === "unknown") return t("channels.unknown");
    if (group === "byChannel") return t(`channels.${key}`);
    if (group === "byInstrument") return t(`matchingInstruments.${key}`);
    if (group === "byTier") return t(`tiers.${key}`, { ns: "common" });
    if (group === "byInstitutionType") return t(`institutionTypes.${key}`, { ns: "common" });
    return prefectures[key] ?? key;
  };
  return (
    <div className="space-y-6">
      <div>
        <h1 className="page-title">{t("outcomes.title")}</h1>
        <p className="mt-1 text-sm text-slate-600">{t("outcomes.intro")}</p>
      </div>
      <Form method="get" className="card flex flex-wrap items-end gap-3">
        <div>
          <label className="field-label" htmlFor="from">
            {t("common.from")}
          </label>
          <input id="from" name="from" type="date" className="field-input" defaultValue={period.from} />
        </div>
        <div>
          <label className="field-label" htmlFor="to">
            {t("common.to")}
          </label>
          <input id="to" name="to" type="date" className="field-input" defaultValue={period.to} />
        </div>
        <button className="btn-primary">{t("outcomes.show")}</button>
      </Form>
      <FormErrors errors={error ? [error] : undefined} />
      {summary ? (
        <>
          <div className="grid grid-cols-1 gap-4 sm:grid-cols-3" data-testid="outcome-totals">
            <div className="card">
              <p className="text-sm text-slate-500">{t("outcomes.total")}</p>
              <p className="mt-1 text-2xl font-semibold">
                <Money yuan={summary.total} />
              </p>
            </div>
            <div className="card">
              <p className="text-sm text-slate-500">{t("outcomes.count")}</p>
              <p className="mt-1 text-2xl font-semibold">{summary.count}</p>
            </div>
            <div className="card">
              <p className="text-sm text-slate-500">{t("outcomes.averageCost")}</p>
              <p className="mt-1 text-2xl font-semibold">
                <Rate bp={summary.averageCostBp} />
              </p>
            </div>
          </div>
          {summary.count === 0 ? <p className="text-sm text-slate-600">{t("outcomes.empty")}</p> : null}
          <div className="grid gap-4 md:grid-cols-2">
            {(["byChannel", "byInstrument", "byPrefecture", "byTier", "byInstitutionType"] as const).map((group) => (
              <BucketTable key={group} title={t(`outcomes.${group}`)} buckets={summary[group]} label={(k) => label(group, k)} />
            ))}
          </div>
        </>
      ) : null}
    </div>
  );
}

function BucketTable({ title, buckets, label }: { title: string; buckets: Bucket[]; label: (key: string) => string }) {
  const { t } = useTranslation("financing");
  return (
    <section className="card">
      <h2 className="text-lg font-semibold">{title}</h2>
      <WideTable label={title} className="mt-2">
        <thead>
          <tr>
            <th scope="col">{title}</th>
            <th scope="col">{t("outcomes.count")}</th>
            <th scope="col">{t("outcomes.total")}</th>
            <th scope="col">{t("outcomes.averageCost")}</th>
          </tr>
        </thead>
        <tbody>
          {buckets.map((b) => (
            <tr key={b.key}>
              <td>{label(b.key)}</td>
              <td>{b.count}</td>
              <td>
                <Money yuan={b.amount} />
              </td>
              <td>
                <Rate bp={b.averageCostBp} />
              </td>
            </tr>
          ))}
        </tbody>
      </WideTable>
      {buckets.some((b) => b.key === "unknown") ? <p className="mt-2 text-xs text-slate-500">{t("outcomes.unknownExplained")}</p> : null}
    </section>
  );
}
