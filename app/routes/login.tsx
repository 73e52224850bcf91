import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FormErrors, Honeypot, InputField } from "~/components/ui/field";
import { localeCookie } from "~/i18n/i18n.server";
import { logIn } from "~/modules/identity/accounts.server";
import { loginInput } from "~/modules/identity/schemas";
import { getActor, safeRedirect, startSession } from "~/modules/identity/auth.server";
import { handleForm } from "~/utils/actions.server";
import { assertHoneypotEmpty } from "~/utils/honeypot.server";
import { requestMeta } from "~/utils/route.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "login");

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (await getActor(request, context.app)) throw redirect("/dashboard");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await request.formData();
  return handleForm(formData, loginInput.extend({ redirectTo: z.string().max(2000).optional() }), async ({ redirectTo, ...credentials }) => {
    assertHoneypotEmpty(formData);
    const result = await logIn(context.app, credentials, requestMeta(request, context));
    const to = safeRedirect(redirectTo);
    // MFA on or required: the session is pending until /mfa checks (or sets up) the second factor.
    const next = result.session.stage === "full" ? to : `/mfa?redirectTo=${encodeURIComponent(to)}`;
    const response = await startSession(context.app, request, result.session.token, next);
    // The account's language wins over whatever the login page was shown in.
    response.headers.append("Set-Cookie", await localeCookie.serialize(result.locale));
    return response;
  });
}

export default function LoginPage() {
  const { t } = useTranslation("identity");
  const lastResult = useActionData<typeof action>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const [form, fields] = useForm<z.input<typeof loginInput>>({
    id: "login",
    lastResult,
    constraint: getZodConstraint(loginInput),
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: loginInput }),
  });
  return (
    <main id="main" className="mx-auto max-w-md px-4 py-12">
      <h1 className="page-title">{t("login.title")}</h1>
      <Form method="post" {...getFormProps(form)} className="card mt-6 space-y-4">
        <FormErrors id={form.errorId} errors={form.errors} />
        <Honeypot />
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
        <InputField meta={fields.email} type="email" label={t("fields.email")} autoComplete="email" autoFocus />
        <InputField meta={fields.password} type="password" label={t("fields.password")} autoComplete="current-password" />
        <button type="submit" className="btn-primary w-full" disabled={navigation.state === "submitting"}>
          {navigation.state === "submitting" ? t("login.submitting") : t("login.submit")}
        </button>
        <div className="flex justify-between text-sm">
          <Link to="/forgot-password">{t("login.forgot")}</Link>
          <Link to="/signup">{t("login.noAccount")}</Link>
        </div>
      </Form>
    </main>
  );
}
