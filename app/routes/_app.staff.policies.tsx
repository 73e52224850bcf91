import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { POLICY_CATEGORIES, SRDI_STATUSES, TIERS } from "@db/schema/constants";
import { FormErrors } from "~/components/ui/field";
import { can } from "~/modules/access";
import { redirectWithToast, requireActor } from "~/modules/identity/auth.server";
import { listPolicies, publishPolicy, publishPolicyInput } from "~/modules/staff/policies.server";
import { prefectureNames } from "~/modules/staff/statistics.server";
import { formatDate } from "~/utils/dates";
import { handleForm } from "~/utils/actions.server";
import { ForbiddenError } from "~/utils/errors";
import { newId } from "~/utils/ids";
import { orHttpError } from "~/utils/route.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "policyPublish");

const SECTIONS = "ABCDEFGHIJKLMNOPQRST".split("");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  orHttpError(() => {
    if (!can(actor, "publish:policy-post:any")) throw new ForbiddenError();
  });
  return { posts: listPolicies(context.app), prefectures: prefectureNames(context.app), clientId: newId() };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context.app);
  return handleForm(request, publishPolicyInput, (input) => {
    const r = publishPolicy(context.app, actor, input);
    return redirectWithToast(context.app, request, "/staff/policies", { kind: "success", message: "staff:policies.published", values: { n: r.audience } });
  });
}

export default function StaffPoliciesPage() {
  const { t, i18n } = useTranslation("staff");
  const { t: tb } = useTranslation("board");
  const { t: tc } = useTranslation("common");
  const { posts, prefectures, clientId } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const errors = lastResult?.error ? Object.values(lastResult.error).flat().filter((e): e is string => typeof e === "string") : [];
  const zh = i18n.language.startsWith("zh");
  const Checks = ({ name, legend, options }: { name: string; legend: string; options: { value: string; label: string }[] }) => (
    <fieldset className="rounded border border-slate-200 p-2">
      <legend className="px-1 text-sm font-medium">{legend}</legend>
      <div className="flex max-h-40 flex-wrap gap-x-3 gap-y-1 overflow-y-auto text-sm">
        {options.map((o) => <label key={o.value} className="flex items-center gap-1"><input type="checkbox" name={name} value={o.value} />{o.label}</label>)}
      </div>
    </fieldset>
  );
  return (
    <div className="space-y-6">
      <h1 className="page-title">{t("policies.publishTitle")}</h1>
      <p className="text-sm text-slate-600">{t("policies.publishIntro")} <Link className="text-brand-700 hover:underline" to="/policies">{t("policies.publicList")}</Link></p>
      <Form method="post" className="card space-y-3">
        <FormErrors errors={errors} />
        <input type="hidden" name="id" value={clientId} />
        <div>
          <label htmlFor="p-title" className="field-label">{t("policies.fieldTitle")}</label>
          <input id="p-title" name="title" required minLength={4} maxLength={120} className="field-input" />
        </div>
        <div className="grid gap-3 sm:grid-cols-2">
          <div>
            <label htmlFor="p-cat" className="field-label">{t("policies.category")}</label>
            <select id="p-cat" name="category" className="field-input">{POLICY_CATEGORIES.map((c) => <option key={c} value={c}>{t(`policies.categories.${c}`)}</option>)}</select>
          </div>
          <div>
            <label htmlFor="p-src" className="field-label">{t("policies.source")}</label>
            <input id="p-src" name="sourceDocument" required minLength={2} maxLength={200} className="field-input" placeholder="新工信发〔2026〕1号" />
          </div>
        </div>
        <div>
          <label htmlFor="p-body" className="field-label">{t("policies.body")}</label>
          <textarea id="p-body" name="body" required minLength={10} rows={6} className="field-input" />
        </div>
        <p className="field-hint">{t("policies.tagsHint")}</p>
        <Checks name="tiers" legend={t("policies.tiers")} options={TIERS.map((x) => ({ value: x, label: tb(`tiers.${x}`) }))} />
        <Checks name="srdiStatuses" legend={t("policies.srdi")} options={SRDI_STATUSES.map((x) => ({ value: x, label: tb(`srdiStatus.${x}`) }))} />
        <Checks name="prefectures" legend={t("policies.prefectures")} options={prefectures.map((p) => ({ value: p.code, label: zh ? p.zh : p.en }))} />
        <Checks name="industries" legend={t("policies.industries")} options={SECTIONS.map((x) => ({ value: x, label: `${x} ${tc(`industrySections.${x}`)}` }))} />
        <button className="btn-primary">{t("policies.publish")}</button>
      </Form>
      <section className="card">
        <h2 className="mb-2 text-lg font-semibold">{t("policies.title")}</h2>
        {posts.length === 0 ? <p className="text-sm text-slate-500">{t("policies.empty")}</p> : (
          <ul className="space-y-1 text-sm">{posts.map((p) => <li key={p.id}><Link className="text-brand-700 hover:underline" to={`/policies/${p.id}`}>{p.title}</Link> · {t(`policies.categories.${p.category}`)} · {formatDate(p.publishedAt, i18n.language)}</li>)}</ul>
        )}
      </section>
    </div>
  );
}
