import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { AUDIENCES, PROFILE_SECTIONS } from "@db/schema/constants";
import { FormErrors, InputField, TextareaField } from "~/components/ui/field";
import { redirectWithToast, requireActor } from "~/modules/identity/auth.server";
import { getOwnProfile, listDirectableOrganisations, setSectionAudience, updateEnterpriseProfile, uploadLogo } from "~/modules/enterprises/profiles.server";
import { profileInput, sectionAudienceInput } from "~/modules/enterprises/schemas";
import { replyErrors } from "~/utils/action-result";
import { handleIntents } from "~/utils/actions.server";
import { orHttpError } from "~/utils/route.server";
import { uploadedFile } from "~/utils/uploads.server";
import { DirectedOrgPicker } from "~/components/ui/directed-org-picker";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "profile");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const own = orHttpError(() => getOwnProfile(context.app, actor));
  return { ...own, orgs: listDirectableOrganisations(context.app) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const done = (message: string) => redirectWithToast(context.app, request, "/profile", { kind: "success", message });
  return handleIntents(
    request,
    { logo: z.object({ logo: uploadedFile("enterprises:errors.logoEmpty") }), audience: sectionAudienceInput, profile: profileInput },
    {
      logo: async ({ logo }) => {
        await uploadLogo(context.app, actor, logo.bytes);
        return done("enterprises:profile.logoSaved");
      },
      audience: (input) => {
        setSectionAudience(context.app, actor, input);
        return done("enterprises:profile.audienceSaved");
      },
      profile: (input) => {
        updateEnterpriseProfile(context.app, actor, input);
        return done("enterprises:profile.saved");
      },
    },
  );
}

export default function OwnProfilePage() {
  const { t } = useTranslation("enterprises");
  const { card, data, audiences, orgs } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  // Three forms post here; a reply belongs to the one whose intent it echoes.
  const replyOf = (intent: "logo" | "audience" | "profile") => (actionData?.initialValue?.intent === intent ? actionData : undefined);
  const [form, fields] = useForm<z.input<typeof profileInput>>({
    id: "profile",
    lastResult: replyOf("profile"),
    defaultValue: {
      summary: data.business.summary,
      mainBusiness: data.business.mainBusiness,
      products: data.business.products,
      srdiTitles: data.business.srdiTitles.join("\n"),
      team: data.team.team,
      employees: data.business.employees ?? undefined,
      foundedYear: data.business.foundedYear ?? undefined,
      patents: data.ip.patents,
      softwareCopyrights: data.ip.softwareCopyrights,
      certifications: data.ip.certifications,
      address: data.contact.address,
      website: data.contact.website ?? undefined,
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: profileInput }),
    shouldRevalidate: "onBlur",
  });
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="page-title">{t("profile.editTitle", { name: card.name })}</h1>
        <Link to={`/enterprises/${card.id}`} className="btn-secondary">
          {t("profile.viewAsOthers")}
        </Link>
      </div>

      <section className="card" aria-labelledby="logo-h">
        <h2 id="logo-h" className="text-lg font-semibold">
          {t("profile.logo")}
        </h2>
        <div className="mt-3 flex flex-wrap items-center gap-4">
          {card.logoVersion ? <img src={`/enterprises/${card.id}/logo?v=${card.logoVersion}`} alt="" className="h-16 w-16 rounded border object-contain" /> : null}
          <Form method="post" encType="multipart/form-data" className="flex flex-wrap items-end gap-3">
            <div>
              <label htmlFor="logo" className="field-label">
                {t("profile.logoFile")}
              </label>
              <input id="logo" name="logo" type="file" accept="image/png,image/jpeg,image/webp" required className="text-sm" />
              <p className="field-hint">{t("profile.logoHint")}</p>
            </div>
            <button name="intent" value="logo" className="btn-secondary">
              {t("profile.upload")}
            </button>
          </Form>
        </div>
        <FormErrors errors={replyErrors(replyOf("logo"))} />
      </section>

      <section className="card" aria-labelledby="fields-h">
        <h2 id="fields-h" className="text-lg font-semibold">
          {t("profile.fieldsTitle")}
        </h2>
        <Form method="post" {...getFormProps(form)} className="mt-3 grid gap-4 sm:grid-cols-2">
          <FormErrors id={form.errorId} errors={form.errors} />
          <InputField meta={fields.summary} label={t("fields.summary")} className="sm:col-span-2" />
          <TextareaField meta={fields.mainBusiness} label={t("fields.mainBusiness")} rows={3} />
          <TextareaField meta={fields.products} label={t("fields.products")} rows={3} />
          <TextareaField meta={fields.srdiTitles} label={t("fields.srdiTitles")} hint={t("fields.srdiTitlesHint")} rows={3} />
          <TextareaField meta={fields.team} label={t("fields.team")} rows={3} />
          <InputField meta={fields.employees} type="number" label={t("fields.employees")} />
          <InputField meta={fields.foundedYear} type="number" label={t("fields.foundedYear")} />
          <InputField meta={fields.patents} type="number" label={t("fields.patents")} />
          <InputField meta={fields.softwareCopyrights} type="number" label={t("fields.softwareCopyrights")} />
          <TextareaField meta={fields.certifications} label={t("fields.certifications")} rows={2} />
          <InputField meta={fields.address} label={t("fields.address")} />
          <InputField meta={fields.website} type="url" label={t("fields.website")} />
          <div className="sm:col-span-2">
            <button name="intent" value="profile" className="btn-primary">
              {t("actions.save", { ns: "common" })}
            </button>
          </div>
        </Form>
      </section>

      <section className="card" aria-labelledby="aud-h">
        <h2 id="aud-h" className="text-lg font-semibold">
          {t("profile.audienceTitle")}
        </h2>
        <p className="mt-1 text-sm text-slate-600">{t("profile.audienceIntro")}</p>
        <FormErrors errors={replyErrors(replyOf("audience"))} />
        <div className="mt-3 divide-y">
          {PROFILE_SECTIONS.map((section) => (
            <AudienceForm key={section} section={section} current={audiences[section]} orgs={orgs} />
          ))}
        </div>
      </section>
    </div>
  );
}

function AudienceForm({
  section,
  current,
  orgs,
}: {
  section: string;
  current: { audience: string; directedOrgIds: string[] };
  orgs: { id: string; name: string; nameEn: string | null; kind: string }[];
}) {
  const { t } = useTranslation("enterprises");
  const [audience, setAudience] = useState(current.audience);
  return (
    <Form method="post" className="flex flex-wrap items-start gap-3 py-3" data-testid={`audience-${section}`}>
      <input type="hidden" name="section" value={section} />
      <span className="w-32 pt-2 font-medium">{t(`sections.${section}`)}</span>
      <div>
        <label className="sr-only" htmlFor={`aud-${section}`}>
          {t("profile.audience")}
        </label>
        <select id={`aud-${section}`} name="audience" aria-describedby={`aud-${section}-meaning`} value={audience} onChange={(e) => setAudience(e.target.value)} className="field-input">
          {AUDIENCES.map((a) => (
            <option key={a} value={a}>
              {t(`audiences.${a}`)}
            </option>
          ))}
        </select>
      </div>
      <p className="w-full max-w-md text-xs text-slate-600 sm:w-auto" id={`aud-${section}-meaning`} data-testid="audience-meaning">
        {t(`audienceMeaning.${audience}`, { ns: "boardRules" })}
      </p>
      {audience === "directed" ? (
        <DirectedOrgPicker
          legend={t("profile.directedTo")}
          name="directedOrgIds"
          orgs={orgs}
          checked={new Set(current.directedOrgIds)}
          className="max-h-40 min-w-64 overflow-auto rounded border p-2 text-sm"
        />
      ) : null}
      <button name="intent" value="audience" className="btn-secondary">
        {t("actions.save", { ns: "common" })}
      </button>
    </Form>
  );
}
