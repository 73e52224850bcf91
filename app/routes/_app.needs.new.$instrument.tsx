import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { NeedForm } from "~/components/financing/need-form";
import { redirectWithToast, requireActor } from "~/modules/identity/auth.server";
import { institutionsForNewNeed } from "~/modules/financing/needs-read.server";
import { isInstrument, needFormSchema, type NeedInput } from "~/modules/financing/needs-schemas";
import { createNeed } from "~/modules/financing/needs.server";
import { shanghaiDate } from "~/utils/dates";
import { NotFoundError } from "~/utils/errors";
import { handleForm } from "~/utils/actions.server";
import { asHttpError, orHttpError } from "~/utils/route.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "newNeed");

function instrumentOf(params: { instrument?: string }) {
  if (!isInstrument(params.instrument)) throw asHttpError(new NotFoundError());
  return params.instrument;
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const institutions = orHttpError(() => institutionsForNewNeed(context.app, actor));
  return {
    instrument: instrumentOf(params),
    institutions,
    defaultExpiry: shanghaiDate(context.app.clock.now() + 90 * 86_400_000),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const instrument = instrumentOf(params);
  return handleForm(request, needFormSchema(instrument), (value) => {
    const id = createNeed(context.app, actor, { ...value, instrument } as NeedInput);
    return redirectWithToast(context.app, request, `/needs/${id}`, { kind: "success", message: "financing:toast.created" });
  });
}

export default function NewNeedPage() {
  const { t } = useTranslation("financing");
  const { instrument, institutions, defaultExpiry } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <div className="max-w-3xl space-y-6">
      <h1 className="page-title">{t("new.title", { instrument: t(`instruments.${instrument}`) })}</h1>
      <p className="text-sm text-slate-600">{t("new.intro")}</p>
      <section className="card">
        <NeedForm
          key={instrument}
          instrument={instrument}
          institutions={institutions}
          lastResult={lastResult}
          defaultValue={{ audience: "members", expiresOn: defaultExpiry }}
          submitLabel={t("new.saveDraft")}
        />
      </section>
    </div>
  );
}
