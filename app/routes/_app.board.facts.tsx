import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { LISTING_MARKETS, NEEQ_STATUSES, PE_ROUNDS, SME_SIZES, SRDI_STATUSES } from "@db/schema/constants";
import { EmptyState } from "~/components/board/badges";
import { FormErrors, TextareaField } from "~/components/ui/field";
import { factSetInput } from "~/modules/board/fact-schemas";
import { factsPage, pendingFactUpdates, reviewFactUpdate, servedEnterprises, submitFactUpdate } from "~/modules/board/fact-updates.server";
import { boardDone } from "~/modules/board/route-support.server";
import { can } from "~/modules/access";
import type { Actor } from "~/modules/identity/actor";
import { requireActor } from "~/modules/identity/auth.server";
import { handleIntents } from "~/utils/actions.server";
import { formatDateTime } from "~/utils/dates";
import { pageTitle } from "~/utils/meta";
import { orHttpError } from "~/utils/route.server";

/** An enterprise's page is its own facts; exchange staff pick the enterprise. */
const ownFacts = (actor: Actor) => can(actor, "submit:fact-update:own", { enterpriseOrgId: actor.orgId, servicePersonUserId: null });

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "boardFacts");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  if (!can(actor, "list:fact-update:involved")) throw new Response("Not Found", { status: 404 });
  const asked = new URL(request.url).searchParams.get("enterprise");
  const enterpriseOrgId = ownFacts(actor) ? actor.orgId : asked;
  const served = servedEnterprises(context.app, actor);
  const page = enterpriseOrgId ? orHttpError(() => factsPage(context.app, actor, enterpriseOrgId)) : null;
  const pending = can(actor, "review:fact-update:any") ? pendingFactUpdates(context.app, actor) : [];
  return { enterpriseOrgId, page, served, pending };
}

const submitSchema = z.object({ intent: z.literal("submit"), id: z.string().min(8).max(40), enterpriseOrgId: z.string().min(1), facts: factSetInput, evidence: z.string().trim().min(4).max(4000) });
export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const back = (enterpriseOrgId: string) => (ownFacts(actor) ? "/board/facts" : `/board/facts?enterprise=${encodeURIComponent(enterpriseOrgId)}`);
  const review = z.object({ updateId: z.string().min(1), enterpriseOrgId: z.string().min(1) });
  return handleIntents(
    request,
    {
      submit: submitSchema.omit({ intent: true }),
      confirm: review,
      reject: review.extend({ comment: z.string().trim().min(4).max(2000) }),
    },
    {
      submit: ({ id, enterpriseOrgId, facts, evidence }) => {
        submitFactUpdate(context.app, actor, { id, enterpriseOrgId, facts, evidence });
        return boardDone(context, request, back(enterpriseOrgId), "boardRules:facts.submitted");
      },
      confirm: ({ updateId, enterpriseOrgId }) => {
        reviewFactUpdate(context.app, actor, updateId, { decision: "confirm" });
        return boardDone(context, request, back(enterpriseOrgId), "boardRules:facts.confirmed");
      },
      reject: ({ updateId, enterpriseOrgId, comment }) => {
        reviewFactUpdate(context.app, actor, updateId, { decision: "reject", comment });
        return boardDone(context, request, back(enterpriseOrgId), "boardRules:facts.rejected");
      },
    },
  );
}

export default function FactsPage() {
  const { t, i18n } = useTranslation(["boardRules", "board"]);
  const { enterpriseOrgId, page, served, pending } = useLoaderData<typeof loader>();
  const busy = useNavigation().state !== "idle";
  return (
    <div className="space-y-6">
      <h1 className="page-title">{t("facts.title")}</h1>
      <p className="max-w-3xl text-sm text-slate-600">{t("facts.intro")}</p>
      {served.length > 0 ? (
        <nav aria-label={t("facts.served")} className="flex flex-wrap gap-2 text-sm">
          {served.map((e) => (
            <Link key={e.id} to={`?enterprise=${e.id}`} aria-current={enterpriseOrgId === e.id ? "page" : undefined} className="badge">
              {e.name}
            </Link>
          ))}
        </nav>
      ) : null}
      {pending.length > 0 && !enterpriseOrgId ? (
        <section className="card" aria-labelledby="pending-heading">
          <h2 id="pending-heading" className="text-lg font-semibold">{t("facts.pending")}</h2>
          <ul className="mt-2 list-disc pl-5 text-sm">
            {pending.map((u) => (
              <li key={u.id}>
                <Link to={`?enterprise=${u.enterpriseOrgId}`}>{t("facts.versionOf", { version: u.version })}</Link> · {formatDateTime(u.submittedAt, i18n.language)}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {page && enterpriseOrgId ? (
        <>
          {page.canSubmit && page.defaults ? <FactsForm enterpriseOrgId={enterpriseOrgId} defaults={page.defaults} /> : null}
          <section className="card overflow-x-auto" aria-labelledby="versions-heading">
            <h2 id="versions-heading" className="text-lg font-semibold">{t("facts.versions")}</h2>
            {page.updates.length === 0 ? (
              <EmptyState>{t("facts.none")}</EmptyState>
            ) : (
              <table className="table table-cards">
                <thead>
                  <tr>
                    <th scope="col">{t("facts.version")}</th>
                    <th scope="col">{t("facts.summary")}</th>
                    <th scope="col">{t("violations.evidence")}</th>
                    <th scope="col">{t("violations.state")}</th>
                  </tr>
                </thead>
                <tbody>
                  {page.updates.map((u) => (
                    <tr key={u.id} data-testid="fact-version">
                      <td data-label={t("facts.version")}>{u.version}</td>
                      <td data-label={t("facts.summary")} data-stack className="text-xs">
                        {t(`srdiStatus.${u.facts.srdiStatus}`, { ns: "board" })}
                        {u.facts.ipoTutoring ? ` · ${t("facts.fields.ipoTutoring")}` : ""}
                        {u.facts.listingReserve ? ` · ${t("facts.fields.listingReserve")}` : ""}
                        {u.facts.plansIpo ? ` · ${t("facts.fields.plansIpo")}` : ""}
                        {u.facts.peRounds.length ? ` · ${u.facts.peRounds.map((r) => t(`peRounds.${r.round}`, { ns: "board" })).join("、")}` : ""}
                      </td>
                      <td data-label={t("violations.evidence")} data-stack className="max-w-sm whitespace-pre-wrap text-xs">{u.evidence}</td>
                      <td data-label={t("violations.state")} className="text-xs">
                        <span className="badge">{t(`facts.states.${u.state}`)}</span>
                        {u.reviewComment ? <p>{u.reviewComment}</p> : null}
                        {page.canReview && u.state === "submitted" ? (
                          <div className="mt-1 space-y-1">
                            <Form method="post">
                              <input type="hidden" name="updateId" value={u.id} />
                              <input type="hidden" name="enterpriseOrgId" value={enterpriseOrgId} />
                              <button name="intent" value="confirm" className="btn-primary" disabled={busy}>{t("facts.confirm")}</button>
                            </Form>
                            <Form method="post" className="space-y-1">
                              <input type="hidden" name="updateId" value={u.id} />
                              <input type="hidden" name="enterpriseOrgId" value={enterpriseOrgId} />
                              <input name="comment" required minLength={4} aria-label={t("facts.rejectReason")} placeholder={t("facts.rejectReason")} className="field-input" />
                              <button name="intent" value="reject" className="btn-secondary" disabled={busy}>{t("facts.reject")}</button>
                            </Form>
                          </div>
                        ) : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </>
      ) : null}
    </div>
  );
}

type Defaults = NonNullable<NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["page"]>["defaults"]>;

function FactsForm({ enterpriseOrgId, defaults }: { enterpriseOrgId: string; defaults: Defaults }) {
  const { t } = useTranslation(["boardRules", "board"]);
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof submitSchema>>({ id: "facts", lastResult, onValidate: ({ formData }) => parseWithZod(formData, { schema: submitSchema }) });
  const [clientId] = useState(() => `f${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`);
  const rows = [...defaults.peRounds, ...Array.from({ length: Math.max(0, 3 - defaults.peRounds.length) }, () => null)];
  const check = (name: "govFundInvested" | "listingReserve" | "ipoTutoring" | "plansIpo") => (
    <label className="flex items-center gap-2 text-sm">
      <input type="checkbox" name={`facts.${name}`} value="on" defaultChecked={defaults[name]} /> {t(`facts.fields.${name}`)}
    </label>
  );
  return (
    <section className="card max-w-3xl" aria-labelledby="file-heading">
      <h2 id="file-heading" className="text-lg font-semibold">{t("facts.file")}</h2>
      <p className="field-hint">{t("facts.fileHint")}</p>
      <Form method="post" {...getFormProps(form)} className="mt-3 grid gap-3 sm:grid-cols-3">
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="intent" value="submit" />
        <input type="hidden" name="id" value={clientId} />
        <input type="hidden" name="enterpriseOrgId" value={enterpriseOrgId} />
        <div>
          <label htmlFor="f-srdi" className="field-label">{t("form.srdiStatus", { ns: "board" })}</label>
          <select id="f-srdi" name="facts.srdiStatus" defaultValue={defaults.srdiStatus} className="field-input">
            {SRDI_STATUSES.map((s) => <option key={s} value={s}>{t(`srdiStatus.${s}`, { ns: "board" })}</option>)}
          </select>
        </div>
        <div>
          <label htmlFor="f-cert" className="field-label">{t("form.certificateNo", { ns: "board" })}</label>
          <input id="f-cert" name="facts.srdiCertificateNo" className="field-input" />
        </div>
        <div>
          <label htmlFor="f-size" className="field-label">{t("smeSize.label")}</label>
          <select id="f-size" name="facts.smeSize" defaultValue={defaults.smeSize ?? ""} className="field-input">
            <option value="">—</option>
            {SME_SIZES.map((s) => <option key={s} value={s}>{t(`smeSizes.${s}`)}</option>)}
          </select>
        </div>
        <div>
          <label htmlFor="f-neeq" className="field-label">{t("form.neeqStatus", { ns: "board" })}</label>
          <select id="f-neeq" name="facts.neeqStatus" defaultValue={defaults.neeqStatus} className="field-input">
            {NEEQ_STATUSES.map((s) => <option key={s} value={s}>{t(`neeqStatus.${s}`, { ns: "board" })}</option>)}
          </select>
        </div>
        <div>
          <label htmlFor="f-market" className="field-label">{t("form.listingPlanMarket", { ns: "board" })}</label>
          <select id="f-market" name="facts.listingPlanMarket" defaultValue={defaults.listingPlanMarket ?? ""} className="field-input">
            <option value="">—</option>
            {LISTING_MARKETS.map((m) => <option key={m} value={m}>{t(`markets.${m}`, { ns: "board" })}</option>)}
          </select>
        </div>
        <div className="space-y-1 pt-5">
          {check("govFundInvested")}
          {check("listingReserve")}
          {check("ipoTutoring")}
          {check("plansIpo")}
        </div>
        <fieldset className="sm:col-span-3">
          <legend className="field-label">{t("form.peRounds", { ns: "board" })}</legend>
          {rows.map((r, i) => (
            <div key={i} className="mt-1 grid gap-2 sm:grid-cols-4">
              <select name={`facts.peRounds[${i}].round`} defaultValue={r?.round ?? ""} aria-label={t("form.peRound", { ns: "board" })} className="field-input">
                <option value="">—</option>
                {PE_ROUNDS.map((p) => <option key={p} value={p}>{t(`peRounds.${p}`, { ns: "board" })}</option>)}
              </select>
              <input name={`facts.peRounds[${i}].investors`} defaultValue={r?.investors ?? ""} aria-label={t("facts.fields.investors")} placeholder={t("facts.fields.investors")} className="field-input" />
              <input type="date" name={`facts.peRounds[${i}].closedOn`} defaultValue={r?.closedOn ?? ""} aria-label={t("facts.fields.closedOn")} className="field-input" />
              <label className="flex items-center gap-2 text-sm">
                <input type="checkbox" name={`facts.peRounds[${i}].govFund`} value="on" defaultChecked={r?.govFund ?? false} /> {t("facts.fields.govFund")}
              </label>
            </div>
          ))}
        </fieldset>
        <TextareaField meta={fields.evidence} label={t("violations.evidence")} hint={t("facts.evidenceHint")} className="sm:col-span-3" rows={3} />
        <div className="sm:col-span-3">
          <button className="btn-primary">{t("facts.submit")}</button>
        </div>
      </Form>
    </section>
  );
}
