import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { REGULATOR_CODES } from "@db/schema/constants";
import { FormErrors, InputField, SelectField } from "~/components/ui/field";
import { Pagination } from "~/components/ui/pagination";
import { redirectWithToast, requireActor } from "~/modules/identity/auth.server";
import { createAuthority, listOrganisations } from "~/modules/identity/organisations.server";
import { listPrefectures } from "~/modules/identity/routing.server";
import { createAuthorityInput, orgListQuery } from "~/modules/identity/schemas";
import { handleForm } from "~/utils/actions.server";
import { baseUrl, orHttpError } from "~/utils/route.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const url = new URL(request.url);
  const parsed = orgListQuery.safeParse(Object.fromEntries(url.searchParams));
  const query = parsed.success ? parsed.data : { page: 1 };
  const list = orHttpError(() => listOrganisations(context.app, actor, query));
  return { list, query, prefectures: listPrefectures(context.app) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context.app);
  return handleForm(request, createAuthorityInput, async (value) => {
    await createAuthority(context.app, actor, value, baseUrl(request, context));
    return redirectWithToast(context.app, request, "/admin/orgs", { kind: "success", message: "identity:orgs.created" });
  });
}

export default function AdminOrgsPage() {
  const { t, i18n } = useTranslation("identity");
  const { list, query, prefectures } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [kind, setKind] = useState<"bureau" | "regulator">("bureau");
  const [form, fields] = useForm<z.input<typeof createAuthorityInput>>({
    id: "create-authority",
    lastResult,
    defaultValue: { kind: "bureau" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: createAuthorityInput }),
  });
  const zh = i18n.language.startsWith("zh");
  return (
    <div className="space-y-6">
      <h1 className="page-title">{t("orgs.title")}</h1>
      <Form method="get" className="card flex flex-wrap items-end gap-3" role="search">
        <div>
          <label htmlFor="q" className="field-label">
            {t("orgs.search")}
          </label>
          <input id="q" name="q" defaultValue={"q" in query ? (query.q ?? "") : ""} className="field-input" />
        </div>
        <div>
          <label htmlFor="kind" className="field-label">
            {t("orgs.kind")}
          </label>
          <select id="kind" name="kind" defaultValue={"kind" in query ? (query.kind ?? "") : ""} className="field-input">
            <option value="">{t("orgs.allKinds")}</option>
            {(["enterprise", "institution", "bureau", "regulator", "exchange"] as const).map((k) => (
              <option key={k} value={k}>
                {t(`orgKinds.${k}`, { ns: "common" })}
              </option>
            ))}
          </select>
        </div>
        <button className="btn-secondary">{t("orgs.filter")}</button>
      </Form>
      <section className="card overflow-x-auto">
        <p className="mb-2 text-sm text-slate-500">{t("orgs.total", { n: list.total })}</p>
        <table className="table table-cards">
          <thead>
            <tr>
              <th scope="col">{t("orgs.name")}</th>
              <th scope="col">{t("orgs.kind")}</th>
              <th scope="col">{t("fields.uscc")}</th>
              <th scope="col">{t("fields.prefecture")}</th>
            </tr>
          </thead>
          <tbody>
            {list.rows.map((o) => {
              const p = prefectures.find((x) => x.code === o.prefectureCode);
              return (
                <tr key={o.id}>
                  <td data-label={t("orgs.name")}>{o.name}</td>
                  <td data-label={t("orgs.kind")}>
                    {t(`orgKinds.${o.kind}`, { ns: "common" })}
                    {o.institutionType ? ` · ${t(`institutionTypes.${o.institutionType}`, { ns: "common" })}` : ""}
                  </td>
                  <td data-label={t("fields.uscc")} className="font-mono text-xs">{o.uscc ?? "—"}</td>
                  <td data-label={t("fields.prefecture")}>{p ? (zh ? p.nameZh : p.nameEn) : "—"}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {list.rows.length === 0 ? <p className="py-6 text-center text-sm text-slate-500">{t("orgs.empty")}</p> : null}
        <Pagination page={list.page} pageCount={list.pageCount} />
      </section>
      <section className="card max-w-2xl">
        <h2 className="text-lg font-semibold">{t("orgs.createTitle")}</h2>
        <p className="mt-1 text-sm text-slate-600">{t("orgs.createIntro")}</p>
        <Form method="post" {...getFormProps(form)} className="mt-4 space-y-4">
          <FormErrors id={form.errorId} errors={form.errors} />
          <fieldset className="flex gap-4 text-sm">
            <legend className="field-label mb-1">{t("orgs.kind")}</legend>
            {(["bureau", "regulator"] as const).map((k) => (
              <label key={k} className="flex items-center gap-2">
                <input type="radio" name={fields.kind.name} value={k} defaultChecked={k === "bureau"} onChange={() => setKind(k)} />
                {t(`orgKinds.${k}`, { ns: "common" })}
              </label>
            ))}
          </fieldset>
          <InputField meta={fields.name} label={t("orgs.name")} />
          <div hidden={kind !== "bureau"}>
            <SelectField
              meta={fields.prefectureCode}
              label={t("fields.prefecture")}
              placeholder={t("signup.choose")}
              options={prefectures.map((p) => ({ value: p.code, label: zh ? p.nameZh : p.nameEn }))}
            />
          </div>
          <div hidden={kind !== "regulator"}>
            <SelectField
              meta={fields.regulatorCode}
              label={t("orgs.regulator")}
              placeholder={t("signup.choose")}
              options={REGULATOR_CODES.map((c) => ({ value: c, label: t(`regulators.${c}`, { ns: "common" }) }))}
            />
          </div>
          <InputField meta={fields.adminEmail} type="email" label={t("orgs.adminEmail")} hint={t("orgs.adminEmailHint")} />
          <button className="btn-primary">{t("orgs.create")}</button>
        </Form>
      </section>
    </div>
  );
}
