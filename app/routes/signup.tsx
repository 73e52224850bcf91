import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { INSTITUTION_TYPES } from "@db/schema/constants";
import { FormErrors, Honeypot, InputField, SelectField } from "~/components/ui/field";
import { signUp } from "~/modules/identity/accounts.server";
import { getActor, startSession } from "~/modules/identity/auth.server";
import { signUpInput } from "~/modules/identity/schemas";
import { handleForm } from "~/utils/actions.server";
import { assertHoneypotEmpty } from "~/utils/honeypot.server";
import { requestMeta } from "~/utils/route.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "signup");

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (await getActor(request, context.app)) throw redirect("/dashboard");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await request.formData();
  return handleForm(formData, signUpInput, async (value) => {
    assertHoneypotEmpty(formData);
    const result = await signUp(context.app, value, requestMeta(request, context));
    return startSession(context.app, request, result.session.token, "/dashboard", { kind: "success", message: "identity:signup.welcome" });
  });
}

export default function SignUpPage() {
  const { t } = useTranslation("identity");
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const [kind, setKind] = useState<"enterprise" | "institution">("enterprise");
  const [form, fields] = useForm<z.input<typeof signUpInput>>({
    id: "signup",
    lastResult,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    defaultValue: { kind: "enterprise" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: signUpInput }),
  });
  return (
    <main id="main" className="mx-auto max-w-xl px-4 py-12">
      <h1 className="page-title">{t("signup.title")}</h1>
      <p className="mt-2 text-sm text-slate-600">{t("signup.intro")}</p>
      <Form method="post" {...getFormProps(form)} className="card mt-6 space-y-5">
        <FormErrors id={form.errorId} errors={form.errors} />
        <Honeypot />
        <fieldset>
          <legend className="field-label">{t("signup.kind")}</legend>
          <div className="mt-2 grid grid-cols-2 gap-3">
            {(["enterprise", "institution"] as const).map((k) => (
              <label key={k} className={`flex cursor-pointer items-start gap-2 rounded-md border p-3 text-sm ${kind === k ? "border-brand-500 bg-brand-50" : "border-slate-300"}`}>
                <input type="radio" name={fields.kind.name} value={k} defaultChecked={k === "enterprise"} onChange={() => setKind(k)} className="mt-1" />
                <span>
                  <span className="font-medium">{t(`signup.kinds.${k}.title`)}</span>
                  <span className="block text-xs text-slate-500">{t(`signup.kinds.${k}.hint`)}</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        <InputField meta={fields.orgName} label={kind === "enterprise" ? t("fields.enterpriseName") : t("fields.institutionName")} />
        {/* Without JavaScript both blocks show and the server ignores the one that does not apply. */}
        <div hidden={kind !== "enterprise"} className="space-y-1">
          <InputField meta={fields.uscc} label={t("fields.uscc")} hint={t("signup.usccHint")} autoCapitalize="characters" spellCheck={false} maxLength={24} />
        </div>
        <div hidden={kind !== "institution"}>
          <SelectField
            meta={fields.institutionType}
            label={t("fields.institutionType")}
            placeholder={t("signup.choose")}
            options={INSTITUTION_TYPES.map((v) => ({ value: v, label: t(`institutionTypes.${v}`, { ns: "common" }) }))}
          />
        </div>
        <InputField meta={fields.name} label={t("fields.name")} autoComplete="name" />
        <InputField meta={fields.email} type="email" label={t("fields.email")} autoComplete="email" />
        <InputField meta={fields.password} type="password" label={t("fields.password")} hint={t("signup.passwordHint")} autoComplete="new-password" />
        <button type="submit" className="btn-primary w-full" disabled={navigation.state === "submitting"}>
          {t("signup.submit")}
        </button>
        <p className="text-sm text-slate-600">
          {t("signup.haveAccount")} <Link to="/login">{t("login.title")}</Link>
        </p>
      </Form>
    </main>
  );
}
