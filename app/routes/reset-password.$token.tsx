import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { FormErrors, InputField } from "~/components/ui/field";
import { redirectWithToast } from "~/modules/identity/auth.server";
import { findOpenReset, resetPassword } from "~/modules/identity/password-reset.server";
import { resetPasswordInput } from "~/modules/identity/schemas";
import { handleForm } from "~/utils/actions.server";
import { orHttpError } from "~/utils/route.server";

export function loader({ params, context }: LoaderFunctionArgs) {
  orHttpError(() => findOpenReset(context.app, params.token ?? ""));
  return null;
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  return handleForm(request, resetPasswordInput, async ({ password }) => {
    await resetPassword(context.app, params.token ?? "", password);
    return redirectWithToast(context.app, request, "/login", { kind: "success", message: "identity:reset.done" });
  });
}

export default function ResetPasswordPage() {
  const { t } = useTranslation("identity");
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof resetPasswordInput>>({
    id: "reset",
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: resetPasswordInput }),
  });
  return (
    <main id="main" className="mx-auto max-w-md px-4 py-12">
      <h1 className="page-title">{t("reset.title")}</h1>
      <Form method="post" {...getFormProps(form)} className="card mt-6 space-y-4">
        <FormErrors id={form.errorId} errors={form.errors} />
        <InputField meta={fields.password} type="password" label={t("fields.newPassword")} hint={t("signup.passwordHint")} autoComplete="new-password" />
        <InputField meta={fields.confirm} type="password" label={t("fields.confirmPassword")} autoComplete="new-password" />
        <button className="btn-primary w-full">{t("reset.submit")}</button>
      </Form>
    </main>
  );
}
