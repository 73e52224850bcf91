import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { TIERS } from "@db/schema/constants";
import { AppStateBadge, TierBadge } from "~/components/board/badges";
import { ReadinessGauge } from "~/components/board/readiness-gauge";
import { renderEvidence, ruleLabel, type Translate } from "~/modules/board/evidence";
import { preliminaryCheck, rejectApplication } from "~/modules/board/review.server";
import { runAction, str } from "~/modules/board/route-support.server";
import { decideTier, recordAssessment } from "~/modules/board/tier-decisions.server";
import { requireActor } from "~/modules/identity/auth.server";
import { formatDateTime } from "~/utils/dates";
import { formatMoney } from "~/utils/money";
import { orHttpError } from "~/utils/route.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "boardReview");

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  return orHttpError(() => preliminaryCheck(context.app, actor, params.id!));
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const fd = await request.formData();
  const id = params.id!;
  const here = `/board/review/${id}`;
  const intent = str(fd, "intent");
  if (intent === "assess") {
    return runAction(
      context,
      request,
      () =>
        recordAssessment(context.app, actor, {
          applicationId: id,
          mainBusinessClear: fd.get("mainBusinessClear") === "on",
          goingConcern: fd.get("goingConcern") === "on",
          listingPotential: fd.get("listingPotential") === "on",
          potentialJustification: str(fd, "potentialJustification") || undefined,
        }),
      { to: here, message: "board:review.assessed" },
    );
  }
  if (intent === "decide") {
    const tier = str(fd, "finalTier");
    return runAction(
      context,
      request,
      () =>
        decideTier(context.app, actor, {
          applicationId: id,
          finalTier: (TIERS as readonly string[]).includes(tier) ? (tier as (typeof TIERS)[number]) : undefined,
          overrideReason: str(fd, "overrideReason") || undefined,
        }),
      { to: here, message: "board:review.decided" },
    );
  }
  if (intent === "reject") return runAction(context, request, () => rejectApplication(context.app, actor, id, str(fd, "reason")), { to: here, message: "board:review.rejected" });
  throw new Response("Bad intent", { status: 400 });
}

export default function PreliminaryCheckPage() {
  const { t, i18n } = useTranslation("board");
  const d = useLoaderData<typeof loader>();
  const tr = t as unknown as Translate;
  const busy = useNavigation().state !== "idle";
  const { proposal, eligibility, readiness, thresholdVersion } = d.preview;
  const checkable = d.app.state === "forwarded" || d.app.state === "checked";
  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm text-slate-500"><Link to="/board/review">{t("review.title")}</Link> · {d.round.name}</p>
        <h1 className="page-title flex flex-wrap items-center gap-3">{d.enterprise.name} <AppStateBadge state={d.app.state} /></h1>
        <p className="text-sm text-slate-600">
          <Link to={`/board/applications/${d.app.id}?step=review`}>{t("review.viewForm")}</Link> · {t("review.thresholdVersion", { label: thresholdVersion.label })}
        </p>
      </div>
      <div className="grid gap-6 lg:grid-cols-2">
        <section className="card space-y-3" aria-labelledby="elig-heading">
          <h2 id="elig-heading" className="text-lg font-semibold">{t("review.eligibility")}</h2>
          <p className={eligibility.eligible ? "text-emerald-700" : "text-red-700"}>
            {eligibility.eligible ? t("review.eligibleVia", { rule: t(`rules.${eligibility.basis}`) }) : t("review.notEligible")}
          </p>
          <ul className="space-y-1 text-sm">
            {eligibility.checks.map((c) => (
              <li key={c.rule}>
                <span aria-hidden>{c.met ? "✓" : "✗"}</span> {t(`rules.${c.rule}`)}
                <ul className="ml-5 list-disc text-slate-600">
                  {c.evidence.map((e, i) => (
                    <li key={i}>{renderEvidence(tr, e, i18n.language)}</li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </section>
        <section className="card space-y-3" aria-labelledby="prop-heading">
          <h2 id="prop-heading" className="text-lg font-semibold">{t("review.proposal")}</h2>
          <p className="flex items-center gap-2"><TierBadge tier={proposal.tier} /> <span className="text-sm">{ruleLabel(tr, proposal.matchedDetail, proposal.settings)}</span></p>
          <ul className="list-disc pl-5 text-sm text-slate-700" data-testid="matched-evidence">
            {proposal.matchedEvidence.map((e, i) => (
              <li key={i}>{renderEvidence(tr, e, i18n.language)}</li>
            ))}
          </ul>
          <details className="text-sm">
            <summary className="cursor-pointer">{t("review.allRules")}</summary>
            <ul className="mt-2 space-y-1">
              {proposal.rules.map((r) => (
                <li key={r.rule}>
                  <span aria-hidden>{r.met ? "✓" : "✗"}</span> <TierBadge tier={r.tier} /> {ruleLabel(tr, r.rule, proposal.settings)}
                </li>
              ))}
            </ul>
          </details>
          {d.decision ? (
            <div className="rounded-md bg-slate-50 p-3 text-sm">
              <p>{t("review.decisionInForce", { date: formatDateTime(d.decision.decidedAt, i18n.language) })} <TierBadge tier={d.decision.finalTier} /></p>
              {d.decision.overrideReason ? <p className="mt-1">{t("review.overrideReason")}：{d.decision.overrideReason}</p> : null}
            </div>
          ) : null}
        </section>
      </div>
      {checkable ? (
        <div className="grid gap-6 lg:grid-cols-2">
          <section className="card" aria-labelledby="assess-heading">
            <h2 id="assess-heading" className="text-lg font-semibold">{t("review.assessment")}</h2>
            <Form method="post" className="mt-3 space-y-2 text-sm">
              {(["mainBusinessClear", "goingConcern", "listingPotential"] as const).map((k) => (
                <label key={k} className="flex items-center gap-2">
                  <input type="checkbox" name={k} defaultChecked={d.preview.facts[k]} /> {t(`review.assess.${k}`)}
                </label>
              ))}
              <label htmlFor="potentialJustification" className="field-label">{t("review.justification")}</label>
              <textarea id="potentialJustification" name="potentialJustification" rows={2} defaultValue={d.preview.facts.potentialJustification ?? ""} className="field-input" />
              <button name="intent" value="assess" className="btn-secondary" disabled={busy}>{t("review.saveAssessment")}</button>
            </Form>
          </section>
          <section className="card" aria-labelledby="decide-heading">
            <h2 id="decide-heading" className="text-lg font-semibold">{t("review.decide")}</h2>
            <Form method="post" className="mt-3 space-y-3 text-sm">
              <label htmlFor="finalTier" className="field-label">{t("review.finalTier")}</label>
              <select id="finalTier" name="finalTier" defaultValue={proposal.tier} className="field-input">
                {TIERS.map((tier) => (
                  <option key={tier} value={tier}>{t(`tiers.${tier}`)}{tier === proposal.tier ? ` ${t("review.proposed")}` : ""}</option>
                ))}
              </select>
              <label htmlFor="overrideReason" className="field-label">{t("review.overrideReason")}</label>
              <textarea id="overrideReason" name="overrideReason" rows={2} className="field-input" aria-describedby="override-hint" />
              <p id="override-hint" className="field-hint">{t("review.overrideHint")}</p>
              <button name="intent" value="decide" className="btn-primary" disabled={busy}>{t("review.decideButton")}</button>
            </Form>
            <Form method="post" className="mt-6 space-y-2 border-t pt-4 text-sm">
              <label htmlFor="reason" className="field-label">{t("review.rejectReason")}</label>
              <textarea id="reason" name="reason" rows={2} className="field-input" required minLength={2} />
              <button name="intent" value="reject" className="btn-danger" disabled={busy}>{t("review.reject")}</button>
            </Form>
          </section>
        </div>
      ) : null}
      <section className="card" aria-labelledby="gauge-heading">
        <h2 id="gauge-heading" className="text-lg font-semibold">{t("gauge.title")}</h2>
        <p className="mb-3 text-sm text-slate-600">{t("gauge.intro")}</p>
        <ReadinessGauge standards={readiness} />
      </section>
      <section className="card text-sm">
        <h2 className="text-lg font-semibold">{t("review.financials")}</h2>
        <ul className="mt-2">
          {d.financials.map((f) => (
            <li key={f.fiscalYear}>
              {f.fiscalYear}：{t("metrics.revenue")} {formatMoney(f.revenue, i18n.language)} · {t("metrics.netProfit")} {formatMoney(f.netProfit, i18n.language)} · {t("metrics.rdExpense")} {formatMoney(f.rdExpense, i18n.language)}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
