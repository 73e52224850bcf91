import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { NeedForm } from "~/components/financing/need-form";
import { redirectWithToast, requireActor } from "~/modules/identity/auth.server";
import { getOwnNeedForEdit, listInstitutions } from "~/modules/financing/needs-read.server";
import { needFormSchema, type NeedInput } from "~/modules/financing/needs-schemas";
import { updateNeed } from "~/modules/financing/needs.server";
import { handleForm } from "~/utils/actions.server";
import { orHttpError } from "~/utils/route.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "editNeed");

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const need = orHttpError(() => getOwnNeedForEdit(context.app, actor, params.id ?? ""));
  return { need, institutions: listInstitutions(context.app) };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const need = orHttpError(() => getOwnNeedForEdit(context.app, actor, params.id ?? ""));
  return handleForm(request, needFormSchema(need.instrument), (value) => {
    updateNeed(context.app, actor, need.id, { ...value, instrument: need.instrument } as NeedInput);
    return redirectWithToast(context.app, request, `/needs/${need.id}`, { kind: "success", message: "financing:toast.updated" });
  });
}

export default function EditNeedPage() {
  const { t } = useTranslation("financing");
  const { need, institutions } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <div className="max-w-3xl space-y-6">
      <h1 className="page-title">{t("edit.title", { title: need.title })}</h1>
      <p className="text-sm text-slate-600">{t("edit.intro", { version: need.version })}</p>
      <section className="card">
        <NeedForm
          instrument={need.instrument}
          institutions={institutions}
          lastResult={lastResult}
          defaultValue={{ ...need, details: need.details }}
          submitLabel={t("actions.save", { ns: "common" })}
        />
      </section>
    </div>
  );
}
