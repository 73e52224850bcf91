import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { FormErrors, Honeypot, InputField } from "~/components/ui/field";
import { requestPasswordReset } from "~/modules/identity/password-reset.server";
import { requestResetInput } from "~/modules/identity/schemas";
import { handleForm } from "~/utils/actions.server";
import { assertHoneypotEmpty } from "~/utils/honeypot.server";
import { baseUrl } from "~/utils/route.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "forgotPassword");

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await request.formData();
  return handleForm(formData, requestResetInput, async ({ email }) => {
    assertHoneypotEmpty(formData);
    await requestPasswordReset(context.app, email, baseUrl(request, context), context.clientIp);
    return { sent: true as const };
  });
}

export default function ForgotPasswordPage() {
  const { t } = useTranslation("identity");
  const actionData = useActionData<typeof action>();
  const sent = actionData && "sent" in actionData;
  const [form, fields] = useForm<z.input<typeof requestResetInput>>({
    id: "forgot",
    lastResult: actionData && !("sent" in actionData) ? actionData : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: requestResetInput }),
  });
  return (
    <main id="main" className="mx-auto max-w-md px-4 py-12">
      <h1 className="page-title">{t("reset.requestTitle")}</h1>
      {sent ? (
        <p role="status" className="card mt-6 text-sm">
          {t("reset.sent")}
        </p>
      ) : (
        <Form method="post" {...getFormProps(form)} className="card mt-6 space-y-4">
          <p className="text-sm text-slate-600">{t("reset.requestIntro")}</p>
          <FormErrors id={form.errorId} errors={form.errors} />
          <Honeypot />
          <InputField meta={fields.email} type="email" label={t("fields.email")} autoComplete="email" />
          <button className="btn-primary w-full">{t("reset.requestSubmit")}</button>
        </Form>
      )}
    </main>
  );
}
