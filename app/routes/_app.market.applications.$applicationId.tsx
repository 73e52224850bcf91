import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { DECLINE_REASONS, FINANCING_CHANNELS } from "@db/schema/constants";
import { Money, Rate, StateBadge } from "~/components/financing/financing-ui";
import { MessageButton } from "~/components/financing/message-button";
import { FormErrors } from "~/components/ui/field";
import { MoneyInput, RateInput } from "~/components/ui/money-input";
import {
  approveApplication,
  declineApplication,
  getApplication,
  recordApplicationOutcome,
  startReview,
  withdrawApplication,
} from "~/modules/financing/product-applications.server";
import { redirectWithToast, requireActor } from "~/modules/identity/auth.server";
import { shanghaiDate } from "~/utils/dates";
import { approveApplicationInput, declineInput, outcomeInput } from "~/modules/financing/financing-schemas";
import { replyErrors } from "~/utils/action-result";
import { handleIntents } from "~/utils/actions.server";
import { orHttpError } from "~/utils/route.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "productApplication");

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const application = orHttpError(() => getApplication(context.app, actor, params.applicationId!));
  return {
    application,
    side: application.institutionOrgId === actor.orgId ? ("lender" as const) : application.enterpriseOrgId === actor.orgId ? ("enterprise" as const) : ("supervisor" as const),
    reasons: DECLINE_REASONS,
    channels: FINANCING_CHANNELS,
    today: shanghaiDate(context.app.clock.now()),
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const id = params.applicationId!;
  const run = (fn: () => unknown) => {
    fn();
    return redirectWithToast(context.app, request, `/market/applications/${id}`, { kind: "success", message: "financing:applications.done" });
  };
  return handleIntents(
    request,
    {
      review: z.object({}),
      approve: approveApplicationInput,
      decline: declineInput,
      withdraw: z.object({}),
      outcome: outcomeInput.extend({ channel: outcomeInput.shape.channel.removeDefault().default("credit_product") }),
    },
    {
      review: () => run(() => startReview(context.app, actor, id)),
      approve: (input) => run(() => approveApplication(context.app, actor, id, input)),
      decline: (input) => run(() => declineApplication(context.app, actor, id, input)),
      withdraw: () => run(() => withdrawApplication(context.app, actor, id)),
      outcome: (input) => run(() => recordApplicationOutcome(context.app, actor, id, input)),
    },
  );
}

export default function ApplicationPage() {
  const { t } = useTranslation("financing");
  const { application: a, side, reasons, channels, today } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const open = a.state === "submitted" || a.state === "reviewing";
  const shared = a.shared as Record<string, unknown>;
  return (
    <div className="max-w-4xl space-y-6">
      <div>
        <p className="text-sm text-slate-500">{t("applications.detail")}</p>
        <h1 className="page-title">
          {a.productName} · {a.enterpriseName}
        </h1>
        <p className="mt-1 text-sm">
          <StateBadge kind="applicationStates" state={a.state} /> · {a.institutionName} · <Money yuan={a.amount} /> · {t("compare.months", { n: a.termMonths })}
          {a.approvedAmount ? (
            <>
              {" "}
              · {t("matchingFields.approvedAmount")} <Money yuan={a.approvedAmount} /> <Rate bp={a.approvedRateBp} />
            </>
          ) : null}
        </p>
        {a.purpose ? <p className="mt-2 whitespace-pre-line text-sm">{a.purpose}</p> : null}
      </div>
      <FormErrors errors={replyErrors(result)} />
      <section className="card">
        <h2 className="text-lg font-semibold">{t("applications.shared")}</h2>
        <dl className="mt-2 grid grid-cols-2 gap-2 text-sm">
          <dt className="text-slate-500">{t("matchingFields.enterprise")}</dt>
          <dd>
            {String(shared.name ?? "")} {shared.uscc ? `(${String(shared.uscc)})` : ""}
          </dd>
          <dt className="text-slate-500">{t("matchingFields.tiers")}</dt>
          <dd>{shared.tier ? t(`tiers.${String(shared.tier)}`, { ns: "common" }) : "—"}</dd>
          <dt className="text-slate-500">{t("matchingFields.industries")}</dt>
          <dd>{shared.industrySection ? t(`industrySections.${String(shared.industrySection)}`, { ns: "common" }) : "—"}</dd>
          <dt className="text-slate-500">{t("matchingFields.minRevenue")}</dt>
          <dd>
            {typeof shared.latestRevenue === "number" ? <Money yuan={shared.latestRevenue} /> : "—"} {shared.revenueYear ? `(${String(shared.revenueYear)})` : ""}
          </dd>
          <dt className="text-slate-500">{t("matchingFields.minYearsInBusiness")}</dt>
          <dd>{shared.yearsInBusiness === null || shared.yearsInBusiness === undefined ? "—" : String(shared.yearsInBusiness)}</dd>
          <dt className="text-slate-500">{t("matchingFields.contactName")}</dt>
          <dd>
            {String(shared.contactName ?? "")} {String(shared.contactEmail ?? "")}
          </dd>
        </dl>
      </section>
      {side === "lender" && open ? (
        <section className="card flex flex-wrap items-end gap-4">
          {a.state === "submitted" ? (
            <Form method="post">
              <button name="intent" value="review" className="btn-secondary">
                {t("applications.review")}
              </button>
            </Form>
          ) : null}
          <Form method="post" className="flex items-end gap-2">
            <MoneyInput id="approvedAmount" name="approvedAmount" label={t("matchingFields.approvedAmount")} defaultYuan={a.amount} required />
            <RateInput id="approvedRateBp" name="approvedRateBp" label={t("matchingFields.approvedRateBp")} required />
            <button name="intent" value="approve" className="btn-primary">
              {t("applications.approve")}
            </button>
          </Form>
          <Form method="post" className="flex items-end gap-2">
            <select name="reason" aria-label={t("matchingFields.reason")} className="field-input">
              {reasons.map((r) => (
                <option key={r} value={r}>
                  {t(`declineReasons.${r}`)}
                </option>
              ))}
            </select>
            <button name="intent" value="decline" className="btn-secondary">
              {t("applications.decline")}
            </button>
          </Form>
        </section>
      ) : null}
      {side === "enterprise" && open ? (
        <Form method="post">
          <button name="intent" value="withdraw" className="btn-secondary">
            {t("applications.withdraw")}
          </button>
        </Form>
      ) : null}
      {side !== "supervisor" ? (
        <MessageButton subjectType="product_application" subjectId={a.id} withOrgId={side === "lender" ? a.enterpriseOrgId : a.institutionOrgId} />
      ) : null}
      {a.state === "approved" && side !== "supervisor" ? (
        <section className="card">
          <h2 className="text-lg font-semibold">{t("applications.outcome")}</h2>
          <Form method="post" className="mt-3 grid gap-4 sm:grid-cols-2">
            <MoneyInput id="amountObtained" name="amountObtained" label={t("matchingFields.amountObtained")} defaultYuan={a.approvedAmount ?? a.amount} required />
            <RateInput id="allInCostBp" name="allInCostBp" label={t("matchingFields.allInCostBp")} />
            <div>
              <label className="field-label" htmlFor="channel">
                {t("matchingFields.channel")}
              </label>
              <select id="channel" name="channel" className="field-input" defaultValue="credit_product">
                {channels.map((c) => (
                  <option key={c} value={c}>
                    {t(`channels.${c}`)}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label className="field-label" htmlFor="obtainedOn">
                {t("matchingFields.obtainedOn")}
              </label>
              <input id="obtainedOn" name="obtainedOn" type="date" max={today} defaultValue={today} className="field-input" required />
            </div>
            <div>
              <button name="intent" value="outcome" className="btn-primary">
                {t("applications.outcome")}
              </button>
            </div>
          </Form>
        </section>
      ) : null}
    </div>
  );
}
