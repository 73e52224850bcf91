import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getPolicy } from "~/modules/staff/policies.server";
import { prefectureNames } from "~/modules/staff/statistics.server";
import { formatDate } from "~/utils/dates";
import { orHttpError } from "~/utils/route.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "policy");

/** Public: a policy post and who it is for. */
export async function loader({ context, params }: LoaderFunctionArgs) {
  return { post: orHttpError(() => getPolicy(context.app, params.id ?? "")), prefectures: prefectureNames(context.app) };
}

export default function PolicyPage() {
  const { t, i18n } = useTranslation("staff");
  const { t: tb } = useTranslation("board");
  const { t: tc } = useTranslation("common");
  const { post: p, prefectures } = useLoaderData<typeof loader>();
  const zh = i18n.language.startsWith("zh");
  const prefName = (code: string) => { const f = prefectures.find((x) => x.code === code); return f ? (zh ? f.zh : f.en) : code; };
  const any = t("policies.anyone");
  return (
    <main id="main" className="mx-auto max-w-3xl space-y-4 px-4 py-8">
      <p className="text-sm"><Link to="/policies" className="text-brand-700 hover:underline">← {t("policies.title")}</Link></p>
      <h1 className="page-title">{p.title}</h1>
      <p className="text-sm text-slate-600">{t(`policies.categories.${p.category}`)} · {p.sourceDocument} · {formatDate(p.publishedAt, i18n.language)}</p>
      <article className="card whitespace-pre-wrap text-sm leading-7">{p.body}</article>
      <section className="card text-sm">
        <h2 className="mb-2 font-semibold">{t("policies.audience")}</h2>
        <dl className="grid gap-2 sm:grid-cols-2">
          <div><dt className="text-slate-500">{t("policies.tiers")}</dt><dd>{p.tiers.length ? p.tiers.map((x) => tb(`tiers.${x}`)).join("、") : any}</dd></div>
          <div><dt className="text-slate-500">{t("policies.prefectures")}</dt><dd>{p.prefectures.length ? p.prefectures.map(prefName).join("、") : any}</dd></div>
          <div><dt className="text-slate-500">{t("policies.industries")}</dt><dd>{p.industries.length ? p.industries.map((x) => `${x} ${tc(`industrySections.${x}`)}`).join("、") : any}</dd></div>
          <div><dt className="text-slate-500">{t("policies.srdi")}</dt><dd>{p.srdiStatuses.length ? p.srdiStatuses.map((x) => tb(`srdiStatus.${x}`)).join("、") : any}</dd></div>
        </dl>
      </section>
    </main>
  );
}
