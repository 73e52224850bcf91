import { getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormErrors } from "~/components/ui/field";
import { translateMessage } from "~/components/ui/message";
import { redirectWithToast, requireActor } from "~/modules/identity/auth.server";
import { createVenue, listVenuesToManage, updateVenue } from "~/modules/roadshows/events.server";
import { venueFormInput } from "~/modules/roadshows/schemas";
import { handleForm } from "~/utils/actions.server";
import { pageTitle } from "~/utils/meta";
import { orHttpError } from "~/utils/route.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "roadshowVenues");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  return { venues: orHttpError(() => listVenuesToManage(context.app, actor)) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context.app);
  return handleForm(request, venueFormInput, ({ id, ...input }) => {
    if (id) updateVenue(context.app, actor, id, input);
    else createVenue(context.app, actor, input);
    return redirectWithToast(context.app, request, "/roadshows/venues", { kind: "success", message: "roadshows:toast.venueSaved" });
  });
}

export default function VenuesPage() {
  const { t } = useTranslation("roadshows");
  const { venues } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form] = useForm({ id: "venue", lastResult, shouldValidate: "onSubmit" });
  const errors = (lastResult as { error?: Record<string, string[] | null> } | undefined)?.error ?? {};
  const fieldErrors = Object.entries(errors).flatMap(([, list]) => list ?? []);
  const row = (v?: (typeof venues)[number]) => (
    <Form method="post" {...(v ? {} : getFormProps(form))} className="grid gap-2 sm:grid-cols-[2fr_1fr_2fr_6rem_auto_auto] sm:items-end" key={v?.id ?? "new"}>
      {v ? <input type="hidden" name="id" value={v.id} /> : null}
      <div>
        <label className="field-label" htmlFor={`n-${v?.id ?? "new"}`}>{t("venues.name")}</label>
        <input id={`n-${v?.id ?? "new"}`} name="name" defaultValue={v?.name} className="field-input" required />
      </div>
      <div>
        <label className="field-label" htmlFor={`k-${v?.id ?? "new"}`}>{t("venues.kind")}</label>
        <select id={`k-${v?.id ?? "new"}`} name="kind" defaultValue={v?.kind ?? "hall"} className="field-input">
          {(["hall", "szse_base", "online"] as const).map((k) => <option key={k} value={k}>{t(`venueKinds.${k}`)}</option>)}
        </select>
      </div>
      <div>
        <label className="field-label" htmlFor={`a-${v?.id ?? "new"}`}>{t("venues.address")}</label>
        <input id={`a-${v?.id ?? "new"}`} name="address" defaultValue={v?.address ?? ""} className="field-input" />
      </div>
      <div>
        <label className="field-label" htmlFor={`c-${v?.id ?? "new"}`}>{t("venues.capacity")}</label>
        <input id={`c-${v?.id ?? "new"}`} name="capacity" type="number" defaultValue={v?.capacity ?? 50} className="field-input" />
      </div>
      {v ? (
        <label className="flex items-center gap-1 text-sm"><input type="checkbox" name="archived" defaultChecked={!!v.archivedAt} />{t("venues.archived")}</label>
      ) : <span />}
      <button className="btn-primary">{v ? t("venues.save") : t("venues.add")}</button>
    </Form>
  );
  return (
    <div className="space-y-6">
      <h1 className="page-title">{t("venues.title")}</h1>
      <FormErrors id={form.errorId} errors={form.errors} />
      {fieldErrors.length ? <p className="field-error" role="alert">{fieldErrors.map((m) => translateMessage(t, m)).join(" ")}</p> : null}
      <section className="card space-y-4">{venues.map((v) => row(v))}</section>
      <section className="card space-y-2">
        <h2 className="text-lg font-semibold">{t("venues.new")}</h2>
        {row()}
      </section>
    </div>
  );
}
