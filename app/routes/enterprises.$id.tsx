import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PROFILE_SECTIONS } from "@db/schema/constants";
import { RoadshowFaq } from "~/components/enterprises/roadshow-faq";
import { TrendChart } from "~/components/enterprises/trend-chart";
import { EnterpriseActions } from "~/components/financing/enterprise-actions";
import { FormErrors } from "~/components/ui/field";
import { WideTable } from "~/components/ui/wide-table";
import { getActor, redirectWithToast, requireActor } from "~/modules/identity/auth.server";
import { requestDataAccess } from "~/modules/enterprises/data-access.server";
import { profileSection } from "~/modules/enterprises/profile-view";
import { viewEnterpriseProfile } from "~/modules/enterprises/profiles.server";
import { accessRequestInput } from "~/modules/enterprises/schemas";
import { enterpriseFinancingActions } from "~/modules/financing/viewer-actions.server";
import { listVisibleNeedsOfEnterprise } from "~/modules/financing/needs-read.server";
import { can } from "~/modules/access";
import { listVisibleDecksOfEnterprise } from "~/modules/roadshows/decks.server";
import { publishedFaq } from "~/modules/roadshows/faq.server";
import { formatDate } from "~/utils/dates";
import { replyErrors } from "~/utils/action-result";
import { handleForm } from "~/utils/actions.server";
import { formatMoney, formatWanFigure } from "~/utils/money";
import { orHttpError } from "~/utils/route.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, "enterprise", { name: data?.profile.card.name ?? "" });

/** One page for everyone: anonymous visitors get the public fields, signed-in viewers exactly what they may see. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const viewer = await getActor(request, context.app);
  const id = params.id ?? "";
  const profile = orHttpError(() => viewEnterpriseProfile(context.app, viewer, id));
  return {
    profile,
    signedIn: viewer !== null,
    needs: listVisibleNeedsOfEnterprise(context.app, viewer, id),
    decks: listVisibleDecksOfEnterprise(context.app, viewer, id),
    financing: viewer ? enterpriseFinancingActions(context.app, viewer, id) : null,
    faq: publishedFaq(context.app, id),
    canManageFaq: can(viewer, "manage:roadshow-faq:own", { enterpriseOrgId: id }),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context.app);
  return handleForm(request, accessRequestInput, (input) => {
    requestDataAccess(context.app, actor, params.id ?? "", input);
    return redirectWithToast(context.app, request, `/enterprises/${params.id}`, { kind: "success", message: "enterprises:request.sent" });
  });
}

export default function EnterpriseProfilePage() {
  const { t, i18n } = useTranslation("enterprises");
  const { profile, signedIn, needs, decks, financing, faq, canManageFaq } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { card } = profile;
  const zh = i18n.language.startsWith("zh");
  const business = profileSection(profile, "business");
  const team = profileSection(profile, "team");
  const ip = profileSection(profile, "ip");
  const contact = profileSection(profile, "contact");
  const financials = profileSection(profile, "financials");
  const hidden = PROFILE_SECTIONS.filter((s) => !profileSection(profile, s).access);
  return (
    <main id="main" className="mx-auto max-w-5xl space-y-6 px-4 py-8">
      <header className="card flex flex-wrap items-center gap-4">
        {card.logoVersion ? <img src={`/enterprises/${card.id}/logo?v=${card.logoVersion}`} alt="" className="h-16 w-16 rounded border object-contain" /> : null}
        <div className="flex-1">
          <h1 className="page-title">{zh ? card.name : (card.nameEn ?? card.name)}</h1>
          <p className="mt-1 flex flex-wrap gap-2 text-sm text-slate-600">
            {card.uscc ? <span className="font-mono">{card.uscc}</span> : null}
            <span>{zh ? card.prefectureZh : card.prefectureEn}</span>
            {card.industrySection ? <span>{t(`industrySections.${card.industrySection}`, { ns: "common" })}</span> : null}
            {card.tier ? (
              <span className="badge" data-testid="tier">
                {t(`tiers.${card.tier}`, { ns: "common" })}
                {card.entryDate ? ` · ${t("profile.since", { date: card.entryDate })}` : ""}
              </span>
            ) : (
              <span className="badge">{t("profile.notListed")}</span>
            )}
          </p>
          {card.removal ? (
            <p className="mt-2 text-sm text-red-800" data-testid="removal">
              {card.removal.violation
                ? t("removal.shownViolation", {
                    ns: "boardRules",
                    date: card.removal.removedOn,
                    kind: t(`violationKinds.${card.removal.violation.kind}`, { ns: "boardRules" }),
                    source: card.removal.violation.source,
                    on: card.removal.violation.occurredOn,
                  })
                : card.removal.reason === "no_longer_eligible"
                  ? t("removal.shownIneligible", { ns: "boardRules", date: card.removal.removedOn })
                  : t("removal.shown", { ns: "boardRules", date: card.removal.removedOn })}
            </p>
          ) : null}
        </div>
        {financing ? <EnterpriseActions actions={financing} /> : null}
        {profile.isOwner ? (
          <Link to="/profile" className="btn-secondary">
            {t("profile.edit")}
          </Link>
        ) : null}
      </header>

      <Section title={t("sections.business")} audience={business.audience} access={business.access}>
        {business.data ? (
          <dl className="grid gap-3 text-sm sm:grid-cols-2">
            <Field label={t("fields.summary")} value={business.data.summary} />
            <Field label={t("fields.mainBusiness")} value={business.data.mainBusiness} />
            <Field label={t("fields.products")} value={business.data.products} />
            <Field label={t("fields.srdiTitles")} value={business.data.srdiTitles.join(t("common:listSeparator"))} />
            <Field label={t("fields.employees")} value={business.data.employees?.toString() ?? ""} />
            <Field label={t("fields.foundedYear")} value={business.data.foundedYear?.toString() ?? ""} />
          </dl>
        ) : null}
      </Section>
      <Section title={t("sections.team")} audience={team.audience} access={team.access}>
        {team.data ? <p className="whitespace-pre-wrap text-sm">{team.data.team || "—"}</p> : null}
      </Section>
      <Section title={t("sections.ip")} audience={ip.audience} access={ip.access}>
        {ip.data ? (
          <dl className="grid gap-3 text-sm sm:grid-cols-3">
            <Field label={t("fields.patents")} value={String(ip.data.patents)} />
            <Field label={t("fields.softwareCopyrights")} value={String(ip.data.softwareCopyrights)} />
            <Field label={t("fields.certifications")} value={ip.data.certifications} />
          </dl>
        ) : null}
      </Section>
      <Section title={t("sections.contact")} audience={contact.audience} access={contact.access}>
        {contact.data ? (
          <dl className="grid gap-3 text-sm sm:grid-cols-2">
            <Field label={t("fields.address")} value={contact.data.address} />
            <div>
              <dt className="text-slate-500">{t("fields.website")}</dt>
              <dd>
                {contact.data.website ? (
                  <a href={contact.data.website} rel="noopener noreferrer nofollow" target="_blank">
                    {contact.data.website}
                  </a>
                ) : (
                  "—"
                )}
              </dd>
            </div>
          </dl>
        ) : null}
      </Section>
      <Section title={t("sections.financials")} audience={financials.audience} access={financials.access}>
        {financials.data ? (
          financials.data.statements.length ? (
            <div>
              <WideTable label={t("sections.financialsTable")} testId="financials-table">
                <caption className="caption-top pb-1 text-left text-xs text-slate-600">{t("financials.unitWan")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("financials.fields.fiscalYear")}</th>
                    {(["revenue", "netProfit", "netAssets", "totalAssets", "liabilities", "rdExpense", "operatingCashFlow"] as const).map((f) => (
                      <th key={f} scope="col">
                        {t(`financials.fields.${f}`)}
                      </th>
                    ))}
                    <th scope="col">{t("financials.fields.shareCapitalColumn")}</th>
                  </tr>
                </thead>
                <tbody>
                  {financials.data.statements.map((s) => (
                    <tr key={s.fiscalYear}>
                      <td>
                        {s.fiscalYear}
                        {s.audited ? ` · ${t("financials.auditedShort")}` : ""}
                      </td>
                      {(["revenue", "netProfit", "netAssets", "totalAssets", "liabilities", "rdExpense", "operatingCashFlow"] as const).map((f) => (
                        <td key={f}>{formatWanFigure(s[f], i18n.language)}</td>
                      ))}
                      <td>{s.shareCapital === null ? "—" : formatWanFigure(s.shareCapital, i18n.language)}</td>
                    </tr>
                  ))}
                </tbody>
              </WideTable>
              <TrendChart statements={financials.data.statements} />
            </div>
          ) : (
            <p className="text-sm text-slate-500">{t("financials.empty")}</p>
          )
        ) : null}
      </Section>

      {needs.length ? (
        <section className="card">
          <h2 className="text-lg font-semibold">{t("profile.needs")}</h2>
          <ul className="mt-2 divide-y">
            {needs.map((n) => (
              <li key={n.id} className="flex flex-wrap justify-between gap-2 py-2">
                <Link to={`/needs/${n.id}`}>{n.title}</Link>
                <span className="text-sm text-slate-600">
                  {t(`instruments.${n.instrument}`, { ns: "financing" })} · {formatMoney(n.amount, i18n.language)}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {decks.length ? (
        <section className="card">
          <h2 className="text-lg font-semibold">{t("profile.decks")}</h2>
          <ul className="mt-2 divide-y">
            {decks.map((d) => (
              <li key={d.id} className="flex justify-between py-2">
                <Link to={`/decks/${d.id}`}>{d.title}</Link>
                <span className="text-sm text-slate-600">{formatDate(d.updatedAt, i18n.language)}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <RoadshowFaq entries={faq} canManage={canManageFaq} />

      {!signedIn && hidden.length ? (
        <p className="card text-sm text-slate-600">
          {t("profile.signInForMore")} <Link to={`/login?redirectTo=/enterprises/${card.id}`}>{t("nav.login", { ns: "common" })}</Link>
        </p>
      ) : null}
      {profile.requestable.length ? (
        <section className="card" aria-labelledby="req-h">
          <h2 id="req-h" className="text-lg font-semibold">
            {t("request.title")}
          </h2>
          {profile.pendingRequest ? (
            <p className="mt-2 text-sm text-slate-600">{t("request.pending", { date: formatDate(profile.pendingRequest.createdAt, i18n.language) })}</p>
          ) : (
            <Form method="post" className="mt-2 space-y-3">
              <FormErrors errors={replyErrors(actionData)} />
              <fieldset className="flex flex-wrap gap-3 text-sm">
                <legend className="field-label">{t("request.sections")}</legend>
                {profile.requestable.map((s) => (
                  <label key={s} className="flex items-center gap-1">
                    <input type="checkbox" name="sections" value={s} />
                    {t(`sections.${s}`)}
                  </label>
                ))}
              </fieldset>
              <div>
                <label htmlFor="purpose" className="field-label">
                  {t("request.purpose")}
                </label>
                <textarea id="purpose" name="purpose" rows={2} maxLength={500} required className="field-input" />
              </div>
              <button className="btn-primary">{t("request.send")}</button>
            </Form>
          )}
        </section>
      ) : null}
    </main>
  );
}

function Section({ title, audience, access, children }: { title: string; audience: string; access: string | null; children: React.ReactNode }) {
  const { t } = useTranslation("enterprises");
  return (
    <section className="card" aria-label={title}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 className="text-lg font-semibold">{title}</h2>
        <span className="badge">{t(`audiences.${audience}`)}</span>
      </div>
      <div className="mt-3">{access ? children : <p className="text-sm text-slate-500">{t("profile.notDisclosed")}</p>}</div>
      {access && access !== "public" && access !== "owner" ? <p className="mt-2 text-xs text-slate-500">{t(`via.${access}`)} · {t("profile.viewRecorded")}</p> : null}
    </section>
  );
}

function Field({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <dt className="text-slate-500">{label}</dt>
      <dd className="whitespace-pre-wrap">{value || "—"}</dd>
    </div>
  );
}
