import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { FormErrors, InputField, SelectField } from "~/components/ui/field";
import { redirectWithToast, requireActor } from "~/modules/identity/auth.server";
import { listDivisionRoutes, listPrefectures, saveDivisionRoute } from "~/modules/identity/routing.server";
import { divisionRouteInput } from "~/modules/identity/schemas";
import { handleForm } from "~/utils/actions.server";
import { orHttpError } from "~/utils/route.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  return { routes: orHttpError(() => listDivisionRoutes(context.app, actor)), prefectures: listPrefectures(context.app) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context.app);
  return handleForm(request, divisionRouteInput, (value) => {
    saveDivisionRoute(context.app, actor, value);
    return redirectWithToast(context.app, request, "/admin/routing", { kind: "success", message: "identity:routing.saved" });
  });
}

export default function RoutingPage() {
  const { t, i18n } = useTranslation("identity");
  const { routes, prefectures } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof divisionRouteInput>>({
    id: "route",
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: divisionRouteInput }),
  });
  const zh = i18n.language.startsWith("zh");
  const nameOf = (code: string) => {
    const p = prefectures.find((x) => x.code === code);
    return p ? (zh ? p.nameZh : p.nameEn) : code;
  };
  return (
    <div className="space-y-6">
      <h1 className="page-title">{t("routing.title")}</h1>
      <p className="max-w-3xl text-sm text-slate-600">{t("routing.intro")}</p>
      <section tabIndex={0} className="card overflow-x-auto">
        <table className="table table-cards">
          <thead>
            <tr>
              <th scope="col">{t("routing.prefix")}</th>
              <th scope="col">{t("routing.label")}</th>
              <th scope="col">{t("routing.routesTo")}</th>
            </tr>
          </thead>
          <tbody>
            {routes.map((r) => (
              <tr key={r.prefix}>
                <td data-label={t("routing.prefix")} className="font-mono">{r.prefix}</td>
                <td data-label={t("routing.label")}>{zh ? r.labelZh : r.labelEn}</td>
                <td data-label={t("routing.routesTo")}>{nameOf(r.prefectureCode)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="card max-w-2xl">
        <h2 className="text-lg font-semibold">{t("routing.edit")}</h2>
        <Form method="post" {...getFormProps(form)} className="mt-3 grid gap-4 sm:grid-cols-2">
          <FormErrors id={form.errorId} errors={form.errors} />
          <InputField meta={fields.prefix} label={t("routing.prefix")} hint={t("routing.prefixHint")} inputMode="numeric" />
          <SelectField meta={fields.prefectureCode} label={t("routing.routesTo")} placeholder={t("signup.choose")} options={prefectures.map((p) => ({ value: p.code, label: zh ? p.nameZh : p.nameEn }))} />
          <InputField meta={fields.labelZh} label={t("routing.labelZh")} />
          <InputField meta={fields.labelEn} label={t("routing.labelEn")} />
          <button className="btn-primary sm:col-span-2">{t("routing.save")}</button>
        </Form>
      </section>
    </div>
  );
}
