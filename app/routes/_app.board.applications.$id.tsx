import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ApplicationPage } from "~/components/board/application-form";
import { STEP_SCHEMAS } from "~/modules/board/application-schemas";
import {
  attachableFileKinds,
  confirmSponsoredApplication,
  getApplicationDetail,
  removeApplicationFile,
  saveApplicationStep,
  submitApplication,
  withdrawApplication,
} from "~/modules/board/applications.server";
import { boardActionOptions, boardDone } from "~/modules/board/route-support.server";
import { handleIntents, type FormSubmission } from "~/utils/actions.server";
import { redirectWithToast, requireActor } from "~/modules/identity/auth.server";
import { orHttpError } from "~/utils/route.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "boardApplication");

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const detail = orHttpError(() => getApplicationDetail(context.app, actor, params.id!));
  // The file kinds come decided (the due-diligence report is the sponsor's): the page keeps no copy of the rule.
  return { ...detail, fileKinds: attachableFileKinds(actor) };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const id = params.id!;
  const here = `/board/applications/${id}`;
  // A form step: the service parses the raw payload with the same schema (the authority) and stores the transformed values.
  const saveStep = (step: "basics" | "recognition" | "financials", next: string) => (_: unknown, submission: FormSubmission) => {
    saveApplicationStep(context.app, actor, id, step, submission.payload);
    return redirectWithToast(context.app, request, `${here}?step=${next}`, { kind: "success", message: "board:apply.saved" });
  };
  // The three form steps reply with field errors under their fields; the workflow buttons answer with a toast.
  const formStep = {};
  return handleIntents(
    request,
    {
      basics: STEP_SCHEMAS.basics,
      recognition: STEP_SCHEMAS.recognition,
      financials: STEP_SCHEMAS.financials,
      submit: z.object({}),
      confirm: z.object({}),
      withdraw: z.object({}),
      "remove-file": z.object({ fileId: z.string() }),
    },
    {
      basics: saveStep("basics", "recognition"),
      recognition: saveStep("recognition", "financials"),
      financials: saveStep("financials", "files"),
      submit: () => {
        submitApplication(context.app, actor, id);
        return boardDone(context, request, here, "board:apply.submitted");
      },
      confirm: () => {
        confirmSponsoredApplication(context.app, actor, id);
        return boardDone(context, request, here, "board:apply.confirmed");
      },
      withdraw: () => {
        withdrawApplication(context.app, actor, id);
        return boardDone(context, request, here, "board:apply.withdrawn");
      },
      "remove-file": ({ fileId }) => {
        removeApplicationFile(context.app, actor, fileId);
        return boardDone(context, request, `${here}?step=files`, "board:apply.fileRemoved");
      },
    },
    { ...boardActionOptions(context, request), byIntent: { basics: formStep, recognition: formStep, financials: formStep } },
  );
}

export default function ApplicationRoute() {
  const d = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return <ApplicationPage d={d} lastResult={lastResult} />;
}
