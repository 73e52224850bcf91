import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DECLINE_REASONS, FINANCING_CHANNELS } from "@db/schema/constants";
import { Money, Rate, StateBadge } from "~/components/financing/market-ui";
import { MessageButton } from "~/components/market/message-button";
import { FormErrors } from "~/components/ui/field";
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
import { isAppError } from "~/utils/errors";
import { encodeMessage } from "~/utils/forms.server";
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
  const f = await request.formData();
  const id = params.applicationId!;
  const intent = String(f.get("intent") ?? "");
  try {
    if (intent === "review") startReview(context.app, actor, id);
    else if (intent === "approve") approveApplication(context.app, actor, id, { approvedAmount: f.get("approvedAmount"), approvedRateBp: f.get("approvedRateBp") });
    else if (intent === "decline") declineApplication(context.app, actor, id, { reason: String(f.get("reason") ?? "") as never, note: String(f.get("note") ?? "") });
    else if (intent === "withdraw") withdrawApplication(context.app, actor, id);
    else if (intent === "outcome")
      recordApplicationOutcome(context.app, actor, id, {
        amountObtained: f.get("amountObtained") as never,
        allInCostBp: f.get("allInCostBp") ? (f.get("allInCostBp") as never) : undefined,
        channel: String(f.get("channel") ?? "credit_product") as never,
        obtainedOn: String(f.get("obtainedOn") ?? ""),
      });
    else throw new Response("Bad Request", { status: 400 });
  } catch (error) {
    if (isAppError(error) && error.status < 500) return { error: encodeMessage(error.message, error.values) };
    throw error;
  }
  return redirectWithToast(context.app, request, `/market/applications/${id}`, { kind: "success", message: "marketplace:applications.done" });
}

export default function ApplicationPage() {
  const { t } = useTranslation("marketplace");
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
              · {t("fields.approvedAmount")} <Money yuan={a.approvedAmount} /> <Rate bp={a.approvedRateBp} />
            </>
          ) : null}
        </p>
        {a.purpose ? <p className="mt-2 whitespace-pre-line text-sm">{a.purpose}</p> : null}
      </div>
      <FormErrors errors={result?.error ? [result.error] : undefined} />
      <section className="card">
        <h2 className="text-lg font-semibold">{t("applications.shared")}</h2>
        <dl className="mt-2 grid grid-cols-2 gap-2 text-sm">
          <dt className="text-slate-500">{t("fields.enterprise")}</dt>
          <dd>
            {String(shared.name ?? "")} {shared.uscc ? `(${String(shared.uscc)})` : ""}
          </dd>
          <dt className="text-slate-500">{t("fields.tiers")}</dt>
          <dd>{shared.tier ? t(`tiers.${String(shared.tier)}`, { ns: "common" }) : "—"}</dd>
          <dt className="text-slate-500">{t("fields.industries")}</dt>
          <dd>{shared.industrySection ? t(`industrySections.${String(shared.industrySection)}`, { ns: "common" }) : "—"}</dd>
          <dt className="text-slate-500">{t("fields.minRevenue")}</dt>
          <dd>
            {typeof shared.latestRevenue === "number" ? <Money yuan={shared.latestRevenue} /> : "—"} {shared.revenueYear ? `(${String(shared.revenueYear)})` : ""}
          </dd>
          <dt className="text-slate-500">{t("fields.minYearsInBusiness")}</dt>
          <dd>{shared.yearsInBusiness === null || shared.yearsInBusiness === undefined ? "—" : String(shared.yearsInBusiness)}</dd>
          <dt className="text-slate-500">{t("fields.contactName")}</dt>
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
            <div>
              <label className="field-label" htmlFor="approvedAmount">
                {t("fields.approvedAmount")}
              </label>
              <input id="approvedAmount" name="approvedAmount" type="number" className="field-input" defaultValue={a.amount} />
            </div>
            <div>
              <label className="field-label" htmlFor="approvedRateBp">
                {t("fields.approvedRateBp")}
              </label>
              <input id="approvedRateBp" name="approvedRateBp" type="number" className="field-input" />
            </div>
            <button name="intent" value="approve" className="btn-primary">
              {t("applications.approve")}
            </button>
          </Form>
          <Form method="post" className="flex items-end gap-2">
            <select name="reason" aria-label={t("fields.reason")} className="field-input">
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
            <div>
              <label className="field-label" htmlFor="amountObtained">
                {t("fields.amountObtained")}
              </label>
              <input id="amountObtained" name="amountObtained" type="number" className="field-input" defaultValue={a.approvedAmount ?? a.amount} required />
            </div>
            <div>
              <label className="field-label" htmlFor="allInCostBp">
                {t("fields.allInCostBp")}
              </label>
              <input id="allInCostBp" name="allInCostBp" type="number" className="field-input" />
            </div>
            <div>
              <label className="field-label" htmlFor="channel">
                {t("fields.channel")}
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
                {t("fields.obtainedOn")}
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
