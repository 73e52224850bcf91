import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DeckSettingsFields } from "~/components/roadshows/deck-settings";
import { FormErrors } from "~/components/ui/field";
import { listDirectableOrganisations } from "~/modules/enterprises/profiles.server";
import { listOwnNeeds } from "~/modules/financing/needs-read.server";
import { redirectWithToast, requireActor } from "~/modules/identity/auth.server";
import { createDeck, uploadDeckVersion } from "~/modules/roadshows/decks.server";
import { inspectPdf } from "~/modules/roadshows/pdf.server";
import { DECK_MAX_BYTES, deckSettingsFromForm } from "~/modules/roadshows/schemas";
import { isAppError } from "~/utils/errors";
import { encodeMessage } from "~/utils/forms.server";
import { orHttpError } from "~/utils/route.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "uploadDeck");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const needs = orHttpError(() => listOwnNeeds(context.app, actor)).filter((n) => ["draft", "published", "paused"].includes(n.state));
  return { orgs: listDirectableOrganisations(context.app), needs: needs.map((n) => ({ id: n.id, title: n.title })) };
}

/** Under /upload so the server accepts a body up to the deck limit; the file is checked before anything is stored. */
export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const formData = await request.formData();
  const parsed = deckSettingsFromForm(formData);
  if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? "roadshows:errors.title" };
  const file = formData.get("file");
  try {
    const bytes = file instanceof File ? new Uint8Array(await file.arrayBuffer()) : new Uint8Array();
    await inspectPdf(bytes);
    const id = createDeck(context.app, actor, parsed.data);
    await uploadDeckVersion(context.app, actor, id, { name: file instanceof File ? file.name : "deck.pdf", bytes });
    return redirectWithToast(context.app, request, `/decks/${id}/manage`, { kind: "success", message: "roadshows:toast.uploaded" });
  } catch (error) {
    if (!isAppError(error) || error.status >= 500) throw error;
    return { error: encodeMessage(error.message, error.values) };
  }
}

export default function NewDeckPage() {
  const { t } = useTranslation("roadshows");
  const { orgs, needs } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  return (
    <div className="max-w-3xl space-y-6">
      <h1 className="page-title">{t("new.title")}</h1>
      <p className="text-sm text-slate-600">{t("new.intro", { mb: DECK_MAX_BYTES / 1024 / 1024 })}</p>
      <Form method="post" encType="multipart/form-data" className="card space-y-4">
        {actionData?.error ? <FormErrors errors={[actionData.error]} /> : null}
        <DeckSettingsFields orgs={orgs} needs={needs} defaults={{ needId: params.get("needId") }} />
        <div>
          <label htmlFor="deck-file" className="field-label">
            {t("fields.file")}
          </label>
          <input id="deck-file" name="file" type="file" accept="application/pdf" required className="text-sm" />
        </div>
        <button className="btn-primary">{t("new.upload")}</button>
      </Form>
    </div>
  );
}
