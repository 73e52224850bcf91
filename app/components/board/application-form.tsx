import { getFormProps, getInputProps, useForm, type FieldMetadata, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { Form, Link, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { LISTING_MARKETS, NEEQ_STATUSES, PE_ROUNDS, SME_SIZES, SRDI_STATUSES } from "@db/schema/constants";
import { AppStateBadge, EmptyState } from "~/components/board/badges";
import { FormErrors, InputField, SelectField, TextareaField } from "~/components/ui/field";
import { MoneyInput, RateInput } from "~/components/ui/money-input";
import { ErrorSummary } from "~/components/ui/error-summary";
import { WideTable } from "~/components/ui/wide-table";
import { APPLICATION_STEPS, GB4754_SECTIONS, STEP_SCHEMAS, type ApplicationStep } from "~/modules/board/application-schemas";
import type { getApplicationDetail } from "~/modules/board/applications.server";
import type { SerializeFrom } from "@remix-run/node";
import { formatDateTime } from "~/utils/dates";
import { formatMoney, formatWanFigure } from "~/utils/money";

/**
 * The 入板申请表 page: five steps (basics, recognition, financials, files, review) over the application the loader
 * decided on. The route (routes/_app.board.applications.$id.tsx) holds the loader and the action; what this actor may
 * do (edit, confirm, withdraw, which file kinds) comes decided in `d`.
 */
export type ApplicationPageData = SerializeFrom<ReturnType<typeof getApplicationDetail> & { fileKinds: string[] }>;
type Detail = ApplicationPageData;

// Forms differ in their value shapes; a money field only needs its own metadata.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyField = FieldMetadata<any, any, string[]>;

/** A 万元 field of this form: typed with decimals, 1.2亿, full-width digits; echoed as "= 1,500万元". */
function Wan({ meta, label, yuan }: { meta: AnyField; label: string; yuan: number | null | undefined }) {
  return <MoneyInput id={meta.id} name={meta.name} label={label} errors={meta.errors} defaultYuan={yuan} />;
}

export function ApplicationPage({ d, lastResult }: { d: Detail; lastResult: SubmissionResult<string[]> | undefined }) {
  const { t } = useTranslation("board");
  const [params] = useSearchParams();
  const step = (APPLICATION_STEPS as readonly string[]).includes(params.get("step") ?? "") ? (params.get("step") as ApplicationStep) : d.canEdit ? "basics" : "review";
  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm text-slate-500">
          <Link to="/board/apply">{t("apply.title")}</Link> · {d.round.name}
        </p>
        <h1 className="page-title flex flex-wrap items-center gap-3">
          {t("form.title", { enterprise: d.enterprise.name })} <AppStateBadge state={d.app.state} />
        </h1>
        <p className="text-sm text-slate-600">
          {t(`channels.${d.app.channel}`)}
          {d.sponsor ? ` · ${t("form.sponsor", { name: d.sponsor.name })}` : ""} · {t("fields.uscc")} <span className="font-mono">{d.enterprise.uscc}</span>
        </p>
      </div>
      {d.awaitingConfirmation ? (
        <div className="rounded-md border border-amber-300 bg-amber-50 p-4 text-sm" role="status">
          <p>{t("form.awaitingConfirmation", { sponsor: d.sponsor?.name ?? "" })}</p>
          {d.canConfirm ? (
            <Form method="post" className="mt-2">
              <button name="intent" value="confirm" className="btn-primary">{t("form.confirmButton")}</button>
            </Form>
          ) : null}
        </div>
      ) : null}
      {d.app.state === "returned" ? <ReturnedNotice reviews={d.reviews} /> : null}
      <nav aria-label={t("form.steps")} className="flex flex-wrap gap-2">
        {APPLICATION_STEPS.map((s, i) => (
          <Link key={s} to={`?step=${s}`} aria-current={s === step ? "step" : undefined} className={`rounded-full border px-3 py-1 text-sm ${s === step ? "border-brand-600 bg-brand-600 text-white hover:text-white" : "border-slate-300 bg-white"}`}>
            {i + 1}. {t(`form.step.${s}`)}
          </Link>
        ))}
      </nav>
      {step === "basics" ? <BasicsStep d={d} lastResult={lastResult} /> : null}
      {step === "recognition" ? <RecognitionStep d={d} lastResult={lastResult} /> : null}
      {step === "financials" ? <FinancialsStep d={d} lastResult={lastResult} /> : null}
      {step === "files" ? <FilesStep d={d} /> : null}
      {step === "review" ? <ReviewStep d={d} /> : null}
    </div>
  );
}

function ReturnedNotice({ reviews }: { reviews: Detail["reviews"] }) {
  const { t } = useTranslation("board");
  const last = reviews.find((r) => r.action === "return");
  return (
    <div className="rounded-md border border-amber-300 bg-amber-50 p-4 text-sm" role="alert">
      <p className="font-medium">{t("form.returnedBy", { org: last?.orgName ?? "" })}</p>
      <p className="mt-1 whitespace-pre-wrap">{last?.comment}</p>
    </div>
  );
}

function StepShell({ d, children, intent }: { d: Detail; children: React.ReactNode; intent: string }) {
  const { t } = useTranslation("board");
  const busy = useNavigation().state !== "idle";
  return (
    <fieldset disabled={!d.canEdit} className="space-y-4">
      {children}
      {d.canEdit ? (
        <button name="intent" value={intent} className="btn-primary" disabled={busy}>
          {busy ? t("form.saving") : t("form.saveNext")}
        </button>
      ) : (
        <p className="text-sm text-slate-500">{t("form.readOnly")}</p>
      )}
    </fieldset>
  );
}

/** The fields each step's schema validates: the error summary lists only those. */
const STEP_FIELDS = { basics: getZodConstraint(STEP_SCHEMAS.basics), recognition: getZodConstraint(STEP_SCHEMAS.recognition), financials: getZodConstraint(STEP_SCHEMAS.financials) };

function BasicsStep({ d, lastResult }: { d: Detail; lastResult: SubmissionResult<string[]> | undefined }) {
  const { t } = useTranslation("board");
  const byRole = (role: string) => d.contacts.find((c) => c.role === role);
  const [form, fields] = useForm({
    id: "basics",
    lastResult,
    shouldValidate: "onBlur",
    defaultValue: {
      industrySection: d.app.industrySection ?? "",
      industryDivision: d.app.industryDivision ?? "",
      mainBusiness: d.app.mainBusiness ?? "",
      contacts: (["legal_rep", "contact", "finance"] as const).map((role) => {
        const c = byRole(role);
        return { role, name: c?.name ?? "", title: c?.title ?? "", phone: c?.phone ?? "", email: c?.email ?? "" };
      }),
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: STEP_SCHEMAS.basics }),
  });
  const contacts = fields.contacts.getFieldList();
  return (
    <Form method="post" {...getFormProps(form)} className="card space-y-4">
      <StepShell d={d} intent="basics">
        <ErrorSummary formId={form.id} errors={form.allErrors} fields={STEP_FIELDS.basics} submitted={lastResult} />
        <FormErrors id={form.errorId} errors={form.errors} />
        <p className="text-sm text-slate-600">{t("form.identityFromOrg", { name: d.enterprise.name, uscc: d.enterprise.uscc ?? "" })}</p>
        <div className="grid gap-4 sm:grid-cols-2">
          <SelectField meta={fields.industrySection} label={t("form.industrySection")} placeholder={t("form.choose")} options={GB4754_SECTIONS.map((s) => ({ value: s, label: `${s} ${t(`gb4754.${s}`)}` }))} />
          <InputField meta={fields.industryDivision} label={t("form.industryDivision")} hint={t("form.industryDivisionHint")} inputMode="numeric" maxLength={2} />
        </div>
        <TextareaField meta={fields.mainBusiness} label={t("form.mainBusiness")} rows={3} />
        <h3 className="font-medium">{t("form.contacts")}</h3>
        {contacts.map((c) => {
          const cf = c.getFieldset();
          return (
            <fieldset key={c.key} className="grid gap-3 rounded-md border border-slate-200 p-3 sm:grid-cols-4">
              <legend className="px-1 text-sm font-medium">{t(`contactRoles.${cf.role.initialValue}`)}</legend>
              <input {...getInputProps(cf.role, { type: "hidden" })} key={cf.role.key} />
              <InputField meta={cf.name} label={t("form.contactName")} />
              <InputField meta={cf.title} label={t("form.contactTitle")} />
              <InputField meta={cf.phone} type="tel" label={t("form.contactPhone")} />
              <InputField meta={cf.email} type="email" label={t("form.contactEmail")} />
            </fieldset>
          );
        })}
      </StepShell>
    </Form>
  );
}

function Check({ meta, label }: { meta: FieldMetadata<boolean | undefined>; label: string }) {
  return (
    <label className="flex items-center gap-2 text-sm">
      <input {...getInputProps(meta, { type: "checkbox" })} key={meta.key} /> {label}
    </label>
  );
}

function RecognitionStep({ d, lastResult }: { d: Detail; lastResult: SubmissionResult<string[]> | undefined }) {
  const { t } = useTranslation(["board", "boardRules"]);
  const a = d.app;
  // Blank rows to fill in: a round of "" is the select's "choose" option.
  // Amounts are not in conform's defaults: each MoneyInput starts from the stored 元 and keeps what is typed.
  const pe: { round: string; investors: string; closedOn: string; govFund: string | undefined }[] = d.peRounds.map((r) => ({ round: r.round, investors: r.investors, closedOn: r.closedOn, govFund: r.govFund ? "on" : undefined }));
  while (pe.length < 4) pe.push({ round: "", investors: "", closedOn: "", govFund: undefined });
  const [form, fields] = useForm({
    id: "recognition",
    lastResult,
    shouldValidate: "onBlur",
    defaultValue: {
      srdiStatus: a.srdiStatus,
      smeSize: a.smeSize ?? "",
      srdiCertificateNo: a.srdiCertificateNo ?? "",
      srdiCertificateIssuer: a.srdiCertificateIssuer ?? "",
      srdiCertificateYear: a.srdiCertificateYear ? String(a.srdiCertificateYear) : "",
      govFundInvested: a.govFundInvested ? "on" : undefined,
      govFundName: a.govFundName ?? "",
      listingReserve: a.listingReserve ? "on" : undefined,
      listingReserveYear: a.listingReserveYear ? String(a.listingReserveYear) : "",
      ipoTutoring: a.ipoTutoring ? "on" : undefined,
      ipoTutoringBroker: a.ipoTutoringBroker ?? "",
      ipoTutoringFiledOn: a.ipoTutoringFiledOn ?? "",
      neeqStatus: a.neeqStatus,
      neeqDelistedOn: a.neeqDelistedOn ?? "",
      plansIpo: a.plansIpo ? "on" : undefined,
      listingPlanMarket: a.listingPlanMarket ?? "",
      listingPlanYear: a.listingPlanYear ? String(a.listingPlanYear) : "",
      marketCapBasis: a.marketCapBasis ?? "",
      peRounds: pe,
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: STEP_SCHEMAS.recognition }),
  });
  return (
    <Form method="post" {...getFormProps(form)} className="card space-y-4">
      <StepShell d={d} intent="recognition">
        <ErrorSummary formId={form.id} errors={form.allErrors} fields={STEP_FIELDS.recognition} submitted={lastResult} />
        <FormErrors id={form.errorId} errors={form.errors} />
        <h3 className="font-medium">{t("form.srdi")}</h3>
        <div className="grid gap-4 sm:grid-cols-4">
          <SelectField meta={fields.srdiStatus} label={t("form.srdiStatus")} options={SRDI_STATUSES.map((s) => ({ value: s, label: t(`srdiStatus.${s}`) }))} />
          <InputField meta={fields.srdiCertificateNo} label={t("form.certificateNo")} />
          <InputField meta={fields.srdiCertificateIssuer} label={t("form.certificateIssuer")} />
          <InputField meta={fields.srdiCertificateYear} type="number" label={t("form.certificateYear")} />
          <SelectField
            meta={fields.smeSize}
            label={t("smeSize.label", { ns: "boardRules" })}
            hint={t("smeSize.hint", { ns: "boardRules" })}
            placeholder={t("form.choose")}
            options={SME_SIZES.map((s) => ({ value: s, label: t(`smeSizes.${s}`, { ns: "boardRules" }) }))}
          />
        </div>
        <h3 className="font-medium">{t("form.peRounds")}</h3>
        <p className="field-hint">{t("form.peRoundsHint")}</p>
        {fields.peRounds.getFieldList().map((r, i) => {
          const f = r.getFieldset();
          return (
            <fieldset key={r.key} className="grid gap-3 rounded-md border border-slate-200 p-3 sm:grid-cols-5 sm:items-end">
              <legend className="px-1 text-sm">{t("form.peRow", { n: i + 1 })}</legend>
              <SelectField meta={f.round} label={t("form.peRound")} placeholder={t("form.choose")} options={PE_ROUNDS.map((p) => ({ value: p, label: t(`peRounds.${p}`) }))} />
              <InputField meta={f.investors} label={t("form.investors")} />
              <Wan meta={f.amountWan} label={t("form.amountWan")} yuan={d.peRounds[i]?.amount} />
              <InputField meta={f.closedOn} type="date" label={t("form.closedOn")} />
              <Check meta={f.govFund} label={t("form.govFundRound")} />
            </fieldset>
          );
        })}
        <h3 className="font-medium">{t("form.capitalMarket")}</h3>
        <div className="grid gap-4 sm:grid-cols-3">
          <Check meta={fields.govFundInvested} label={t("form.govFundInvested")} />
          <InputField meta={fields.govFundName} label={t("form.govFundName")} />
          <Wan meta={fields.govFundAmountWan} label={t("form.govFundAmountWan")} yuan={a.govFundAmount} />
          <Check meta={fields.listingReserve} label={t("form.listingReserve")} />
          <InputField meta={fields.listingReserveYear} type="number" label={t("form.listingReserveYear")} />
          <span />
          <Check meta={fields.ipoTutoring} label={t("form.ipoTutoring")} />
          <InputField meta={fields.ipoTutoringBroker} label={t("form.ipoTutoringBroker")} />
          <InputField meta={fields.ipoTutoringFiledOn} type="date" label={t("form.ipoTutoringFiledOn")} />
          <SelectField meta={fields.neeqStatus} label={t("form.neeqStatus")} options={NEEQ_STATUSES.map((s) => ({ value: s, label: t(`neeqStatus.${s}`) }))} />
          <InputField meta={fields.neeqDelistedOn} type="date" label={t("form.neeqDelistedOn")} />
          <Check meta={fields.plansIpo} label={t("form.plansIpo")} />
          <SelectField meta={fields.listingPlanMarket} label={t("form.listingPlanMarket")} placeholder={t("form.none")} options={LISTING_MARKETS.map((m) => ({ value: m, label: t(`markets.${m}`) }))} />
          <InputField meta={fields.listingPlanYear} type="number" label={t("form.listingPlanYear")} />
          <Wan meta={fields.marketCapEstimateWan} label={t("form.marketCapWan")} yuan={a.marketCapEstimate} />
        </div>
        <TextareaField meta={fields.marketCapBasis} label={t("form.marketCapBasis")} rows={2} />
      </StepShell>
    </Form>
  );
}

function FinancialsStep({ d, lastResult }: { d: Detail; lastResult: SubmissionResult<string[]> | undefined }) {
  const { t } = useTranslation("board");
  const thisYear = new Date(d.round.createdAt).getFullYear();
  const years = [0, 1, 2].map((i) => {
    const f = d.financials[i];
    // Amounts and ROE are filled in by their own inputs below, shown in 万元 and %.
    return f
      ? { fiscalYear: String(f.fiscalYear), totalShares: String(f.totalShares), audited: f.audited ? "on" : undefined }
      : { fiscalYear: d.financials.length === 0 ? String(thisYear - 1 - i) : "" };
  });
  const [form, fields] = useForm({
    id: "financials",
    lastResult,
    shouldValidate: "onBlur",
    defaultValue: { years },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: STEP_SCHEMAS.financials }),
  });
  const money = [
    ["revenueWan", "revenue"],
    ["netProfitWan", "netProfit"],
    ["netProfitDeductedWan", "netProfitDeducted"],
    ["netAssetsWan", "netAssets"],
    ["rdExpenseWan", "rdExpense"],
    ["operatingCashFlowWan", "operatingCashFlow"],
  ] as const;
  return (
    <Form method="post" {...getFormProps(form)} className="card space-y-4">
      <StepShell d={d} intent="financials">
        <ErrorSummary formId={form.id} errors={form.allErrors} fields={STEP_FIELDS.financials} submitted={lastResult} />
        <FormErrors id={form.errorId} errors={form.errors} />
        <p className="text-sm text-slate-600">{t("form.financialsHint")}</p>
        {fields.years.getFieldList().map((y, i) => {
          const f = y.getFieldset();
          return (
            <fieldset key={y.key} className="grid gap-3 rounded-md border border-slate-200 p-3 sm:grid-cols-5">
              <legend className="px-1 text-sm font-medium">{t("form.yearRow", { n: i + 1 })}</legend>
              <InputField meta={f.fiscalYear} type="number" step="1" label={t("form.fin.fiscalYear")} />
              {money.map(([c, stored]) => (
                <Wan key={c} meta={f[c]} label={t(`form.fin.${c}`)} yuan={d.financials[i]?.[stored]} />
              ))}
              <InputField meta={f.totalShares} type="number" step="1" label={t("form.fin.totalShares")} />
              <Wan meta={f.shareCapitalWan} label={t("form.fin.shareCapitalWan")} yuan={d.financials[i]?.shareCapital} />
              <RateInput id={f.weightedRoePct.id} name={f.weightedRoePct.name} label={t("form.fin.weightedRoePct")} errors={f.weightedRoePct.errors} defaultBp={d.financials[i]?.weightedRoeBp} />
              <Check meta={f.audited} label={t("form.fin.audited")} />
            </fieldset>
          );
        })}
      </StepShell>
    </Form>
  );
}

function FilesStep({ d }: { d: Detail }) {
  const { t, i18n } = useTranslation("board");
  const busy = useNavigation().state !== "idle";
  const kinds = d.fileKinds;
  return (
    <div className="card space-y-4">
      {d.files.length === 0 ? (
        <EmptyState>{t("form.noFiles")}</EmptyState>
      ) : (
        <ul className="divide-y text-sm">
          {d.files.map((f) => (
            <li key={f.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
              <span>
                <span className="badge mr-2">{t(`fileKinds.${f.kind}`)}</span>
                <a href={`/board/files/${f.id}`}>{f.fileName}</a> · {(f.sizeBytes / 1024).toFixed(0)} KB · {formatDateTime(f.uploadedAt, i18n.language)}
              </span>
              {d.canEdit ? (
                <Form method="post">
                  <input type="hidden" name="fileId" value={f.id} />
                  <button name="intent" value="remove-file" className="text-sm text-red-700 hover:underline">{t("form.removeFile")}</button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {d.canEdit ? (
        <Form method="post" action={`/upload/board/applications/${d.app.id}/files`} encType="multipart/form-data" className="grid gap-3 sm:grid-cols-3 sm:items-end" reloadDocument>
          <div>
            <label htmlFor="kind" className="field-label">{t("form.fileKind")}</label>
            <select id="kind" name="kind" className="field-input">
              {kinds.map((k) => (
                <option key={k} value={k}>{t(`fileKinds.${k}`)}</option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="file" className="field-label">{t("form.file")}</label>
            <input id="file" name="file" type="file" accept="application/pdf,image/png,image/jpeg" required className="field-input" />
            <p className="field-hint">{t("form.fileHint")}</p>
          </div>
          <button className="btn-secondary" disabled={busy}>{t("form.upload")}</button>
        </Form>
      ) : null}
      <Link to="?step=review" className="btn-primary inline-block">{t("form.toReview")}</Link>
    </div>
  );
}

function ReviewStep({ d }: { d: Detail }) {
  const { t, i18n } = useTranslation("board");
  const busy = useNavigation().state !== "idle";
  const a = d.app;
  const money = (v: number | null) => (v === null ? "—" : formatMoney(v, i18n.language));
  // The statement grid reads down each column in one unit, named in its caption.
  const figure = (v: number | null) => (v === null ? "—" : formatWanFigure(v, i18n.language));
  return (
    <div className="space-y-4">
      <section className="card">
        <h2 className="text-lg font-semibold">{t("form.summary")}</h2>
        <dl className="mt-3 grid gap-3 text-sm sm:grid-cols-3">
          <Item label={t("form.industrySection")} value={a.industrySection ? `${a.industrySection} ${t(`gb4754.${a.industrySection}`)}${a.industryDivision ? ` / ${a.industryDivision}` : ""}` : "—"} />
          <Item label={t("form.srdiStatus")} value={`${t(`srdiStatus.${a.srdiStatus}`)}${a.srdiCertificateNo ? ` · ${a.srdiCertificateNo}` : ""}`} />
          <Item label={t("fields.prefecture")} value={(i18n.language.startsWith("zh") ? d.enterprise.prefectureZh : d.enterprise.prefectureEn) ?? "—"} />
          <Item label={t("form.govFundInvested")} value={a.govFundInvested ? `${a.govFundName ?? ""} ${money(a.govFundAmount)}` : t("evidence.no")} />
          <Item label={t("form.listingReserve")} value={t(a.listingReserve ? "evidence.yes" : "evidence.no")} />
          <Item label={t("form.ipoTutoring")} value={a.ipoTutoring ? `${a.ipoTutoringBroker ?? ""} ${a.ipoTutoringFiledOn ?? ""}` : t("evidence.no")} />
          <Item label={t("form.neeqStatus")} value={t(`neeqStatus.${a.neeqStatus}`)} />
          <Item label={t("form.marketCapWan")} value={money(a.marketCapEstimate)} />
          <Item label={t("form.peRounds")} value={d.peRounds.length ? d.peRounds.map((r) => `${t(`peRounds.${r.round}`)} ${money(r.amount)}`).join("，") : t("form.none")} />
        </dl>
        <p className="mt-3 whitespace-pre-wrap text-sm">{a.mainBusiness}</p>
        {d.financials.length ? (
          <WideTable label={t("form.step.financials")} className="mt-4">
            <caption className="caption-top pb-1 text-left text-xs text-slate-600">{t("form.fin.unitWan")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("form.fin.fiscalYear")}</th>
                <th scope="col">{t("metrics.revenue")}</th>
                <th scope="col">{t("metrics.netProfit")}</th>
                <th scope="col">{t("metrics.netAssets")}</th>
                <th scope="col">{t("metrics.rdExpense")}</th>
                <th scope="col">{t("metrics.operatingCashFlow")}</th>
              </tr>
            </thead>
            <tbody>
              {d.financials.map((f) => (
                <tr key={f.fiscalYear}>
                  <td>{f.fiscalYear}</td>
                  <td>{figure(f.revenue)}</td>
                  <td>{figure(f.netProfit)}</td>
                  <td>{figure(f.netAssets)}</td>
                  <td>{figure(f.rdExpense)}</td>
                  <td>{figure(f.operatingCashFlow)}</td>
                </tr>
              ))}
            </tbody>
          </WideTable>
        ) : null}
      </section>
      {d.canEdit ? (
        <section className="card">
          {d.missing.length ? (
            <div role="alert" className="text-sm text-amber-800">
              <p className="font-medium">{t("form.missingTitle")}</p>
              <ul className="mt-1 list-disc pl-5">
                {d.missing.map((m) => (
                  <li key={m}>{t(m)}</li>
                ))}
              </ul>
            </div>
          ) : (
            <p className="text-sm text-slate-600">{t(d.app.channel === "sponsor" && !d.app.sponsorConfirmedAt ? "form.readySponsor" : "form.ready")}</p>
          )}
          <p className="mt-2 text-xs text-slate-600">{t("deadlines.bureauDeadline", { ns: "boardRules", date: d.round.bureauDeadline })}</p>
          {d.submitOutlook?.kind === "nextRound" ? (
            <p role="status" className="mt-1 text-sm text-amber-800" data-testid="late-submit">{t("deadlines.goesToNext", { ns: "boardRules", deadline: d.submitOutlook.deadline, next: d.submitOutlook.next })}</p>
          ) : d.submitOutlook?.kind === "refused" ? (
            <p role="alert" className="mt-1 text-sm text-red-700" data-testid="late-submit">{t("deadlines.refused", { ns: "boardRules", deadline: d.submitOutlook.deadline })}</p>
          ) : null}
          <Form method="post" className="mt-3">
            <button name="intent" value="submit" className="btn-primary" disabled={busy || d.missing.length > 0 || d.submitOutlook?.kind === "refused"}>{t("form.submit")}</button>
          </Form>
        </section>
      ) : null}
      {d.canWithdraw ? (
        <Form method="post">
          <button name="intent" value="withdraw" className="text-sm text-red-700 hover:underline">{t("form.withdraw")}</button>
        </Form>
      ) : null}
      <History reviews={d.reviews} />
    </div>
  );
}

function Item({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <dt className="text-slate-500">{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

function History({ reviews }: { reviews: Detail["reviews"] }) {
  const { t, i18n } = useTranslation("board");
  if (reviews.length === 0) return null;
  return (
    <section className="card">
      <h2 className="text-lg font-semibold">{t("form.history")}</h2>
      <ol className="mt-2 space-y-2 text-sm">
        {reviews.map((r) => (
          <li key={r.id}>
            <span className="text-slate-500">{formatDateTime(r.at, i18n.language)}</span> · {r.orgName} {r.actorName} · {t(`reviewActions.${r.action}`)}
            {r.toState ? <> → {t(`appStates.${r.toState}`)}</> : null}
            {r.comment && !/^[a-z_]+$/.test(r.comment) ? <p className="whitespace-pre-wrap text-slate-700">{r.comment}</p> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
