import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { FormErrors, InputField } from "~/components/ui/field";
import { startSession } from "~/modules/identity/auth.server";
import { acceptInvitation, findOpenInvitation } from "~/modules/identity/invitations.server";
import { acceptInvitationInput } from "~/modules/identity/schemas";
import { handleForm } from "~/utils/actions.server";
import { orHttpError, requestMeta } from "~/utils/route.server";

export function loader({ params, context }: LoaderFunctionArgs) {
  const found = orHttpError(() => findOpenInvitation(context.app, params.token ?? ""));
  return { orgName: found.orgName, email: found.invitation.email, role: found.invitation.role, existingUser: found.existingUser };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  return handleForm(request, acceptInvitationInput, async (value) => {
    const result = await acceptInvitation(context.app, params.token ?? "", value, requestMeta(request, context));
    const next = result.session.stage === "full" ? "/dashboard" : "/mfa?redirectTo=%2Fdashboard";
    return startSession(context.app, request, result.session.token, next, { kind: "success", message: "identity:invite.joined" });
  });
}

export default function AcceptInvitationPage() {
  const { t } = useTranslation("identity");
  const invite = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof acceptInvitationInput>>({
    id: "accept-invite",
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: acceptInvitationInput }),
  });
  return (
    <main id="main" className="mx-auto max-w-md px-4 py-12">
      <h1 className="page-title">{t("invite.title", { org: invite.orgName })}</h1>
      <p className="mt-2 text-sm text-slate-600">
        {t("invite.intro", { email: invite.email, role: t(`roles.${invite.role}`, { ns: "common" }) })}
      </p>
      <Form method="post" {...getFormProps(form)} className="card mt-6 space-y-4">
        <FormErrors id={form.errorId} errors={form.errors} />
        {invite.existingUser ? (
          <p className="text-sm">{t("invite.existingUser")}</p>
        ) : (
          <InputField meta={fields.name} label={t("fields.name")} autoComplete="name" />
        )}
        <InputField
          meta={fields.password}
          type="password"
          label={t("fields.password")}
          hint={invite.existingUser ? undefined : t("signup.passwordHint")}
          autoComplete={invite.existingUser ? "current-password" : "new-password"}
        />
        <button className="btn-primary w-full">{t("invite.accept")}</button>
      </Form>
    </main>
  );
}
