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
import { DECK_MAX_BYTES, deckSettingsInput } from "~/modules/roadshows/schemas";
import { replyErrors } from "~/utils/action-result";
import { handleUpload, uploadedFile } from "~/utils/uploads.server";
import { orHttpError } from "~/utils/route.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "uploadDeck");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const needs = orHttpError(() => listOwnNeeds(context.app, actor)).filter((n) => ["draft", "published", "paused"].includes(n.state));
  return { orgs: listDirectableOrganisations(context.app), needs: needs.map((n) => ({ id: n.id, title: n.title })) };
}

/** Under /upload so the server accepts a body up to the deck limit; the file is checked as a PDF before anything is stored. */
export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context.app);
  return handleUpload(
    request,
    deckSettingsInput.extend({ file: uploadedFile("roadshows:errors.empty") }),
    async ({ file, ...settings }) => {
      const id = createDeck(context.app, actor, settings);
      await uploadDeckVersion(context.app, actor, id, { name: file.fileName || "deck.pdf", bytes: file.bytes });
      return redirectWithToast(context.app, request, `/decks/${id}/manage`, { kind: "success", message: "roadshows:toast.uploaded" });
    },
    { maxBytes: DECK_MAX_BYTES, tooLarge: { key: "roadshows:errors.tooLarge", values: { mb: DECK_MAX_BYTES / 1024 / 1024 } }, inspect: ({ file }) => inspectPdf(file.bytes).then(() => undefined) },
  );
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
        <FormErrors errors={replyErrors(actionData)} />
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
