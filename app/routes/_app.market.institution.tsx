import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { TIERS } from "@db/schema/constants";
import { COLLATERAL_TYPES, EQUITY_STAGES, INSTRUMENTS } from "@db/schema/constants";
import { INSTITUTION_LICENCES } from "@db/schema/constants";
import { CheckboxGroup, Money } from "~/components/financing/financing-ui";
import { FieldErrors, FormErrors, InputField, TextareaField } from "~/components/ui/field";
import { MoneyInput } from "~/components/ui/money-input";
import { ErrorSummary } from "~/components/ui/error-summary";
import { createMandate, institutionMembers, institutionProfile, listOwnMandates, saveInstitutionProfile, updateMandate } from "~/modules/financing/mandates.server";
import { institutionProfileForm, mandateInput } from "~/modules/financing/financing-schemas";
import { redirectWithToast, requireActor } from "~/modules/identity/auth.server";
import { listPrefectures } from "~/modules/identity/routing.server";
import { handleIntents } from "~/utils/actions.server";
import { orHttpError } from "~/utils/route.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "institution");

const SECTIONS = "ABCDEFGHIJKLMNOPQRST".split("");
/** The fields the mandate schema validates: the error summary lists only those. */
const MANDATE_FIELDS = getZodConstraint(mandateInput);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  return {
    profile: orHttpError(() => institutionProfile(context.app, actor.orgId)),
    mandates: orHttpError(() => listOwnMandates(context.app, actor)),
    members: orHttpError(() => institutionMembers(context.app, actor)),
    prefectures: listPrefectures(context.app).map((p) => ({ code: p.code, zh: p.nameZh, en: p.nameEn })),
    options: { tiers: TIERS, collateral: COLLATERAL_TYPES, stages: EQUITY_STAGES, instruments: INSTRUMENTS, licences: INSTITUTION_LICENCES, sections: SECTIONS },
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const done = (message: string) => redirectWithToast(context.app, request, "/market/institution", { kind: "success", message });
  return handleIntents(
    request,
    { profile: institutionProfileForm, mandate: z.object({ mandateId: z.string().optional() }).and(mandateInput) },
    {
      profile: (profile) => {
        saveInstitutionProfile(context.app, actor, profile);
        return done("financing:institution.saved");
      },
      mandate: ({ mandateId, ...mandate }) => {
        if (mandateId) updateMandate(context.app, actor, mandateId, mandate);
        else createMandate(context.app, actor, mandate);
        return done("financing:institution.mandateSaved");
      },
    },
  );
}

export default function InstitutionPage() {
  const { t, i18n } = useTranslation("financing");
  const { profile, mandates, members, prefectures, options } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [params] = useSearchParams();
  const editing = mandates.find((m) => m.id === params.get("edit"));
  const zh = i18n.language.startsWith("zh");
  const prefOptions = prefectures.map((p) => ({ value: p.code, label: zh ? p.zh : p.en }));
  const [pForm, pFields] = useForm<z.input<typeof institutionProfileForm>>({
    id: "profile",
    lastResult,
    defaultValue: { summary: profile.summary },
  });
  const [mForm, mFields] = useForm<z.input<typeof mandateInput>>({
    id: editing ? `mandate-${editing.id}` : "mandate",
    lastResult,
    defaultValue: editing ? { name: editing.name } : undefined,
  });
  // Both forms post to one action; only a reply to the mandate form opens its error summary.
  const mandateReply = lastResult?.initialValue?.intent === "mandate" ? lastResult : undefined;
  return (
    <div className="max-w-5xl space-y-6">
      <h1 className="page-title">{t("institution.title")}</h1>
      <section className="card">
        <h2 className="text-lg font-semibold">
          {profile.org.name} · {t(`institutionTypes.${profile.org.institutionType ?? "other"}`, { ns: "common" })}
        </h2>
        <Form method="post" {...getFormProps(pForm)} className="mt-3 grid gap-4">
          <FormErrors id={pForm.errorId} errors={pForm.errors} />
          <TextareaField meta={pFields.summary} label={t("matchingFields.summary")} rows={3} />
          <CheckboxGroup name="licences" label={t("matchingFields.licences")} options={options.licences.map((l) => ({ value: l, label: t(`licences.${l}`) }))} defaultValue={profile.licences} />
          <CheckboxGroup name="regionsServed" label={t("matchingFields.regionsServed")} options={prefOptions} defaultValue={profile.regionsServed} />
          <AccountManagers members={members} contacts={profile.contacts} errors={pFields.managers.errors} />
          <div>
            <button name="intent" value="profile" className="btn-primary">
              {t("common.save")}
            </button>
          </div>
        </Form>
      </section>

      <section className="card" aria-labelledby="mandates-heading">
        <h2 id="mandates-heading" className="text-lg font-semibold">
          {t("institution.mandates")}
        </h2>
        <p className="text-sm text-slate-600">{t("institution.mandatesIntro")}</p>
        <ul className="mt-3 divide-y text-sm">
          {mandates.map((m) => (
            <li key={m.id} className="py-2" data-testid="mandate">
              <p className="flex items-center justify-between">
                <strong>
                  {m.name} {m.active ? null : <span className="badge">{t("institution.inactive")}</span>}
                </strong>
                <Link to={`?edit=${m.id}`}>{t("institution.edit")}</Link>
              </p>
              <p className="text-slate-600">
                {m.instruments.map((x) => t(`matchingInstruments.${x}`)).join(t("common:listSeparator")) || t("common.any")} · <Money yuan={m.minAmount} />–<Money yuan={m.maxAmount} /> ·{" "}
                {m.industries.map((x) => t(`industrySections.${x}`, { ns: "common" })).join(t("common:listSeparator")) || t("common.any")} · {m.tiers.map((x) => t(`tiers.${x}`, { ns: "common" })).join(t("common:listSeparator")) || t("common.any")}
              </p>
            </li>
          ))}
        </ul>
        <h3 className="mt-4 font-semibold">{editing ? `${t("institution.edit")} · ${editing.name}` : t("institution.newMandate")}</h3>
        <Form method="post" {...getFormProps(mForm)} className="mt-2 grid gap-4 sm:grid-cols-2" key={editing?.id ?? "new"}>
          <ErrorSummary formId={mForm.id} errors={mandateReply ? mForm.allErrors : undefined} fields={MANDATE_FIELDS} submitted={mandateReply} />
          <FormErrors id={mForm.errorId} errors={mForm.errors} />
          {editing ? <input type="hidden" name="mandateId" value={editing.id} /> : null}
          <InputField meta={mFields.name} label={t("matchingFields.name")} className="sm:col-span-2" />
          <MoneyInput id="mandate-minAmount" name="minAmount" label={t("matchingFields.minAmount")} defaultYuan={editing?.minAmount} errors={mFields.minAmount.errors} required />
          <MoneyInput id="mandate-maxAmount" name="maxAmount" label={t("matchingFields.maxAmount")} defaultYuan={editing?.maxAmount} errors={mFields.maxAmount.errors} required />
          <CheckboxGroup name="instruments" label={t("matchingFields.instruments")} options={options.instruments.map((x) => ({ value: x, label: t(`matchingInstruments.${x}`) }))} defaultValue={editing?.instruments} errors={mFields.instruments.errors} />
          <CheckboxGroup name="tiers" label={t("matchingFields.tiers")} options={options.tiers.map((x) => ({ value: x, label: t(`tiers.${x}`, { ns: "common" }) }))} defaultValue={editing?.tiers} />
          <div className="sm:col-span-2">
            <CheckboxGroup name="industries" label={t("matchingFields.industries")} options={options.sections.map((x) => ({ value: x, label: `${x} ${t(`industrySections.${x}`, { ns: "common" })}` }))} defaultValue={editing?.industries} />
          </div>
          <div className="sm:col-span-2">
            <CheckboxGroup name="prefectures" label={t("matchingFields.prefectures")} options={prefOptions} defaultValue={editing?.prefectures} />
          </div>
          <CheckboxGroup name="collateral" label={t("matchingFields.collateral")} options={options.collateral.map((x) => ({ value: x, label: t(`matchingCollateral.${x}`) }))} defaultValue={editing?.collateral} />
          <CheckboxGroup name="stages" label={t("matchingFields.stages")} options={options.stages.map((x) => ({ value: x, label: t(`stages.${x}`) }))} defaultValue={editing?.stages} />
          <label className="inline-flex items-center gap-2 text-sm">
            {/* Unchecked boxes post nothing: the hidden "false" comes first and the box, when ticked, overrides it. */}
            <input type="hidden" name="active" value="false" />
            <input type="checkbox" name="active" defaultChecked={editing ? editing.active : true} />
            {t("matchingFields.active")}
          </label>
          <div className="sm:col-span-2">
            <button name="intent" value="mandate" className="btn-primary">
              {t("common.save")}
            </button>
          </div>
        </Form>
      </section>
    </div>
  );
}

/**
 * Relationship managers chosen from the institution's members: one row per member, a box to tick and the title and
 * phone shown on the card. Entries saved before (typed names matching no member) are named so nobody is surprised
 * when they go.
 */
function AccountManagers({
  members,
  contacts,
  errors,
}: {
  members: { userId: string; name: string; email: string }[];
  contacts: { userId?: string; name: string; title: string; phone: string }[];
  errors: string[] | undefined;
}) {
  const { t } = useTranslation("financing");
  const current = new Map(contacts.flatMap((c) => (c.userId ? [[c.userId, c] as const] : [])));
  const former = contacts.filter((c) => !c.userId);
  return (
    <fieldset className="rounded-md border border-slate-200 p-3" aria-describedby="managers-hint" id="profile-managers">
      <legend className="px-1 text-sm font-medium text-slate-700">{t("institution.managers")}</legend>
      <p id="managers-hint" className="field-hint">
        {t("institution.managersHint")}
      </p>
      <ul className="mt-2 divide-y divide-slate-100">
        {members.map((m, i) => {
          const c = current.get(m.userId);
          return (
            <li key={m.userId} className="grid gap-2 py-2 sm:grid-cols-[minmax(0,1fr)_10rem_10rem] sm:items-center" data-testid="manager-row">
              <label className="flex min-h-11 items-center gap-2 text-sm">
                <input type="checkbox" name={`managers[${i}].userId`} value={m.userId} defaultChecked={!!c} className="size-5" />
                <span>
                  {m.name} <span className="text-slate-500">{m.email}</span>
                </span>
              </label>
              <input name={`managers[${i}].title`} aria-label={`${m.name} · ${t("institution.managerTitle")}`} placeholder={t("institution.managerTitle")} defaultValue={c?.title ?? ""} className="field-input mt-0" maxLength={60} />
              <input name={`managers[${i}].phone`} type="tel" aria-label={`${m.name} · ${t("institution.managerPhone")}`} placeholder={t("institution.managerPhone")} defaultValue={c?.phone ?? ""} className="field-input mt-0" maxLength={40} />
            </li>
          );
        })}
      </ul>
      {former.length ? (
        <ul className="mt-2 text-sm text-amber-800">
          {former.map((c) => (
            <li key={c.name}>{t("institution.formerContact", { name: c.name })}</li>
          ))}
        </ul>
      ) : null}
      <FieldErrors ns="financing" errors={errors} />
    </fieldset>
  );
}
