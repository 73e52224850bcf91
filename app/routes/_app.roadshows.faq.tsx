import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FaqManager } from "~/components/roadshows/faq-manager";
import { FormErrors } from "~/components/ui/field";
import { redirectWithToast, requireActor } from "~/modules/identity/auth.server";
import { FAQ_ANSWER_MAX_CHARS, faqWorkspace, orderFaq, publishFaq, rewordFaq, unpublishFaq } from "~/modules/roadshows/faq.server";
import { replyErrors } from "~/utils/action-result";
import { handleIntents } from "~/utils/actions.server";
import { pageTitle } from "~/utils/meta";
import { orHttpError } from "~/utils/route.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "roadshowFaq");

/** The enterprise picks answered questions of its past roadshows for the FAQ on its profile. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  return { ...orHttpError(() => faqWorkspace(context.app, actor)), enterpriseOrgId: actor.orgId };
}

const questionId = z.string().min(1).max(40);
const answerText = z.string().max(FAQ_ANSWER_MAX_CHARS, "roadshows:errors.faqAnswerTooLong").optional();

export async function action({ request, context }: ActionFunctionArgs) {
  const ctx = context.app;
  const actor = await requireActor(request, ctx);
  const done = (message: string) => redirectWithToast(ctx, request, "/roadshows/faq", { kind: "success", message });
  return handleIntents(
    request,
    {
      publish: z.object({ questionId, answerText }),
      unpublish: z.object({ questionId }),
      reword: z.object({ questionId, answerText }),
      order: z.object({ questionIds: z.array(questionId).min(1).max(100) }),
    },
    {
      publish: (v) => (publishFaq(ctx, actor, v), done("roadshows:toast.faqPublished")),
      unpublish: (v) => (unpublishFaq(ctx, actor, v), done("roadshows:toast.faqUnpublished")),
      reword: (v) => (rewordFaq(ctx, actor, { questionId: v.questionId, answerText: v.answerText ?? null }), done("roadshows:toast.faqReworded")),
      order: (v) => (orderFaq(ctx, actor, v), done("roadshows:toast.faqOrdered")),
    },
  );
}

export default function RoadshowFaqPage() {
  const { t } = useTranslation("roadshows");
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="space-y-6">
      <h1 className="page-title">{t("faq.title")}</h1>
      <p className="max-w-3xl text-sm text-slate-600">{t("faq.intro")}</p>
      <FormErrors errors={replyErrors(actionData)} />
      <FaqManager {...data} />
    </div>
  );
}
