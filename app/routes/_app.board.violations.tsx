import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { VIOLATION_KINDS } from "@db/schema/constants";
import { EmptyState } from "~/components/board/badges";
import { FormErrors, InputField, SelectField, TextareaField } from "~/components/ui/field";
import { can } from "~/modules/access";
import { boardDone } from "~/modules/board/route-support.server";
import { violationInput } from "~/modules/board/violation-schemas";
import { decideViolation, listedEnterprises, listViolations, proposeRemoval, recordViolation } from "~/modules/board/violations.server";
import { requireActor } from "~/modules/identity/auth.server";
import { handleIntents } from "~/utils/actions.server";
import { formatDateTime } from "~/utils/dates";
import { pageTitle } from "~/utils/meta";
import { orHttpError } from "~/utils/route.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "boardViolations");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  if (!can(actor, "view:violation:any")) throw new Response("Not Found", { status: 404 });
  const canRecord = can(actor, "record:violation:any");
  return {
    violations: listViolations(context.app, actor),
    enterprises: canRecord ? orHttpError(() => listedEnterprises(context.app, actor)) : [],
    canRecord,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const here = "/board/violations";
  const violation = z.object({ violationId: z.string().min(1) });
  return handleIntents(
    request,
    {
      record: violationInput,
      confirm: violation,
      dismiss: violation.extend({ reason: z.string().trim().min(4).max(2000) }),
      propose: violation.extend({ note: z.string().trim().max(2000).optional() }),
    },
    {
      record: (values) => {
        recordViolation(context.app, actor, values);
        return boardDone(context, request, here, "boardRules:violations.saved");
      },
      confirm: ({ violationId }) => {
        decideViolation(context.app, actor, violationId, { decision: "confirm" });
        return boardDone(context, request, here, "boardRules:violations.confirmed");
      },
      dismiss: ({ violationId, reason }) => {
        decideViolation(context.app, actor, violationId, { decision: "dismiss", reason });
        return boardDone(context, request, here, "boardRules:violations.dismissed");
      },
      propose: ({ violationId, note }) => {
        const plan = proposeRemoval(context.app, actor, { violationId, note });
        return boardDone(context, request, `/board/plans/${plan.id}`, "boardRules:violations.proposed");
      },
    },
  );
}

const recordSchema = violationInput.extend({ intent: z.literal("record") });

export default function ViolationsPage() {
  const { t, i18n } = useTranslation(["boardRules", "board"]);
  const { violations, enterprises, canRecord } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const [form, fields] = useForm<z.input<typeof recordSchema>>({
    id: "record-violation",
    lastResult,
    defaultValue: { intent: "record" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: recordSchema }),
  });
  const [clientId] = useState(() => `v${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`);
  return (
    <div className="space-y-6">
      <h1 className="page-title">{t("violations.title")}</h1>
      <p className="max-w-3xl text-sm text-slate-600">{t("violations.intro")}</p>
      {canRecord ? (
        <section className="card max-w-2xl" aria-labelledby="record-heading">
          <h2 id="record-heading" className="text-lg font-semibold">{t("violations.record")}</h2>
          <Form method="post" {...getFormProps(form)} className="mt-4 space-y-4">
            <FormErrors id={form.errorId} errors={form.errors} />
            <input type="hidden" name="intent" value="record" />
            <input type="hidden" name="id" value={clientId} />
            <SelectField
              meta={fields.enterpriseOrgId}
              label={t("violations.enterprise")}
              placeholder={t("violations.chooseEnterprise")}
              options={enterprises.map((e) => ({ value: e.id, label: `${e.name} · ${t(`tiers.${e.tier}`, { ns: "board" })}` }))}
            />
            <SelectField meta={fields.kind} label={t("violations.kind")} placeholder="—" options={VIOLATION_KINDS.map((k) => ({ value: k, label: t(`violationKinds.${k}`) }))} />
            <InputField meta={fields.source} label={t("violations.source")} hint={t("violations.sourceHint")} />
            <InputField meta={fields.occurredOn} type="date" label={t("violations.occurredOn")} />
            <TextareaField meta={fields.description} label={t("violations.description")} rows={3} />
            <TextareaField meta={fields.evidence} label={t("violations.evidence")} hint={t("violations.evidenceHint")} rows={3} />
            <button className="btn-primary" disabled={busy}>{t("violations.save")}</button>
          </Form>
        </section>
      ) : null}
      <section className="card overflow-x-auto" aria-labelledby="list-heading">
        <h2 id="list-heading" className="text-lg font-semibold">{t("violations.list")}</h2>
        {violations.length === 0 ? (
          <EmptyState>{t("violations.empty")}</EmptyState>
        ) : (
          <table className="table table-cards">
            <thead>
              <tr>
                <th scope="col">{t("violations.enterprise")}</th>
                <th scope="col">{t("violations.kind")}</th>
                <th scope="col">{t("violations.source")}</th>
                <th scope="col">{t("violations.occurredOn")}</th>
                <th scope="col">{t("violations.evidence")}</th>
                <th scope="col">{t("violations.state")}</th>
                <th scope="col"><span className="sr-only">{t("violations.propose")}</span></th>
              </tr>
            </thead>
            <tbody>
              {violations.map((v) => (
                <tr key={v.id} data-testid="violation-row">
                  <td data-label={t("violations.enterprise")}>{v.enterpriseName}</td>
                  <td data-label={t("violations.kind")}>{t(`violationKinds.${v.kind}`)}</td>
                  <td data-label={t("violations.source")}>{v.source}</td>
                  <td data-label={t("violations.occurredOn")}>{v.occurredOn}</td>
                  <td data-label={t("violations.evidence")} data-stack className="max-w-sm whitespace-pre-wrap text-xs">
                    <p>{v.description}</p>
                    <p className="text-slate-500">{v.evidence}</p>
                    <p className="text-slate-400">{t("violations.recordedBy")}{i18n.language.startsWith("zh") ? "：" : ": "}{v.recordedByName ?? ""} · {formatDateTime(v.recordedAt, i18n.language)}</p>
                    {v.files.length ? (
                      <ul className="mt-1 space-y-0.5" aria-label={t("violations.files")}>
                        {v.files.map((f) => (
                          <li key={f.id}>
                            <a href={`/board/violation-files/${f.id}`} download>{f.fileName}</a> <span className="text-slate-400">· {Math.ceil(f.sizeBytes / 1024)} KB</span>
                          </li>
                        ))}
                      </ul>
                    ) : null}
                    {v.canAttach ? (
                      <Form method="post" action={`/upload/board/violations/${v.id}/files`} encType="multipart/form-data" className="mt-1 flex flex-wrap items-center gap-1">
                        <input type="file" name="file" required accept="application/pdf,image/png,image/jpeg" aria-label={t("violations.attachFile")} className="text-xs" />
                        <button className="btn-secondary" disabled={busy}>{t("violations.attach")}</button>
                      </Form>
                    ) : null}
                  </td>
                  <td data-label={t("violations.state")}>
                    <span className="badge">{v.resolvedAt ? t("violations.resolved") : t(`violationStates.${v.state}`)}</span>
                    {v.dismissalReason ? <p className="text-xs text-slate-600">{v.dismissalReason}</p> : null}
                    {v.removalPlan ? (
                      <p className="text-xs">
                        <Link to={`/board/plans/${v.removalPlan.id}`}>{t("violations.plan")} · {t(`planStates.${v.removalPlan.state}`, { ns: "board" })}</Link>
                      </p>
                    ) : null}
                  </td>
                  <td className="space-y-2 text-xs">
                    {v.canDecide ? (
                      <>
                        <Form method="post">
                          <input type="hidden" name="violationId" value={v.id} />
                          <button name="intent" value="confirm" className="btn-primary" disabled={busy}>{t("violations.confirm")}</button>
                        </Form>
                        <Form method="post" className="space-y-1">
                          <input type="hidden" name="violationId" value={v.id} />
                          <input name="reason" required minLength={4} aria-label={t("violations.dismissReason")} placeholder={t("violations.dismissReason")} className="field-input" />
                          <button name="intent" value="dismiss" className="btn-secondary" disabled={busy}>{t("violations.dismiss")}</button>
                        </Form>
                      </>
                    ) : null}
                    {v.canProposeRemoval ? (
                      <Form method="post" className="space-y-1">
                        <input type="hidden" name="violationId" value={v.id} />
                        <input name="note" aria-label={t("violations.proposeNote")} placeholder={t("violations.proposeNote")} className="field-input" />
                        <button name="intent" value="propose" className="btn-danger" disabled={busy}>{t("violations.propose")}</button>
                      </Form>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
