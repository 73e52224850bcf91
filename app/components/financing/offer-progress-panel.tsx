import type { SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FieldErrors, FormErrors } from "~/components/ui/field";
import { MoneyInput } from "~/components/ui/money-input";
import type { OfferProgressSummary } from "~/modules/financing/offer-progress.server";
import { fieldErrors } from "~/utils/action-result";
import { formatCalendarDate } from "~/utils/dates";
import { formatMoney } from "~/utils/money";

const STEP_INTENTS = ["approved", "disbursed", "failed"] as const;

/**
 * The offer page's 审批 / 放款 section: both parties see what was recorded; the lender whose offer was accepted records
 * the next step (approval first, then each disbursement up to the offer's amount, or that it fell through).
 */
export function OfferProgressPanel({
  progress,
  progressId,
  today,
  lastResult,
}: {
  progress: OfferProgressSummary & { canRecord: boolean };
  progressId: string;
  today: string;
  lastResult: SubmissionResult<string[]> | undefined | null;
}) {
  const { t, i18n } = useTranslation("financing");
  const money = (yuan: number) => formatMoney(yuan, i18n.language);
  const sent = (lastResult?.initialValue as Record<string, unknown> | null | undefined)?.intent;
  const mine = typeof sent === "string" && (STEP_INTENTS as readonly string[]).includes(sent) ? lastResult : null;
  const errorsOf = (intent: string, name: string) => (sent === intent ? fieldErrors(mine, name) : undefined);
  const remaining = progress.amount - progress.disbursed;
  const open = progress.canRecord && !progress.failed && !progress.complete;
  return (
    <section className="card space-y-3" id="progress" aria-labelledby="offer-progress-h" data-testid="offer-progress">
      <h2 id="offer-progress-h" className="text-lg font-semibold">
        {t("progress.title")}
      </h2>
      {progress.canRecord && open ? <p className="text-sm text-slate-600">{t("progress.recordIntro")}</p> : null}
      <p className="text-sm" data-testid="offer-progress-received">
        {t("progress.received", { amount: money(progress.disbursed), of: money(progress.amount) })}
      </p>
      {progress.events.length ? (
        <ol className="space-y-1 text-sm">
          {progress.events.map((e) => (
            <li key={e.id} className={e.kind === "failed" ? "text-red-800" : undefined}>
              {t(`progress.eventLine.${e.kind}`, { on: formatCalendarDate(e.happenedOn, i18n.language), amount: money(e.amount ?? 0), reason: e.reason ?? "" })}
            </li>
          ))}
        </ol>
      ) : (
        <p className="text-sm text-slate-600">{t("progress.noEvents")}</p>
      )}
      {/* Messages not tied to a field shown here (the form-level ones, and any on hidden fields). */}
      <FormErrors errors={Object.entries(mine?.error ?? {}).filter(([k]) => !["happenedOn", "amount", "reason"].includes(k)).flatMap(([, v]) => v ?? [])} />
      {open && !progress.approvedOn ? (
        <Form method="post" className="flex flex-wrap items-end gap-3 border-t pt-3">
          <input type="hidden" name="id" value={progressId} />
          <DateField id="approved-on" today={today} errors={errorsOf("approved", "happenedOn")} />
          <button name="intent" value="approved" className="btn-primary">
            {t("progress.kind.approved")}
          </button>
        </Form>
      ) : null}
      {open && progress.approvedOn ? (
        <Form method="post" className="flex flex-wrap items-end gap-3 border-t pt-3">
          <input type="hidden" name="id" value={progressId} />
          <DateField id="disbursed-on" today={today} errors={errorsOf("disbursed", "happenedOn")} />
          <MoneyInput id="disbursed-amount" name="amount" label={t("progress.fields.amount")} defaultYuan={remaining} hint={t("progress.remaining", { amount: money(remaining) })} errors={errorsOf("disbursed", "amount")} required />
          <button name="intent" value="disbursed" className="btn-primary">
            {t("progress.kind.disbursed")}
          </button>
        </Form>
      ) : null}
      {open ? (
        <Form method="post" className="flex flex-wrap items-end gap-3 border-t pt-3">
          <input type="hidden" name="id" value={progressId} />
          <DateField id="failed-on" today={today} errors={errorsOf("failed", "happenedOn")} />
          <div className="min-w-48 flex-1">
            <label htmlFor="failed-reason" className="field-label">
              {t("progress.fields.reason")}
            </label>
            <input id="failed-reason" name="reason" maxLength={500} className="field-input" required />
            <FieldErrors ns="financing" errors={errorsOf("failed", "reason")} />
          </div>
          <button name="intent" value="failed" className="btn-danger">
            {t("progress.kind.failed")}
          </button>
        </Form>
      ) : null}
    </section>
  );
}

function DateField({ id, today, errors }: { id: string; today: string; errors?: string[] }) {
  const { t } = useTranslation("financing");
  return (
    <div>
      <label htmlFor={id} className="field-label">
        {t("progress.fields.happenedOn")}
      </label>
      <input id={id} name="happenedOn" type="date" max={today} defaultValue={today} className="field-input" required />
      <FieldErrors ns="financing" errors={errors} />
    </div>
  );
}
