import { and, asc, eq, isNull, lt, lte, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { disclosureObligations, disclosurePeriods, organisations, type DisclosureFrequency } from "@db/schema";
import { appendAudit } from "~/modules/audit/audit.server";
import type { Actor } from "~/modules/identity/actor";
import { notifyOrgs, orgUserIds } from "~/modules/messaging/notifications.server";
import { deliverReminderDigests, queueReminder } from "~/modules/staff/reminders.server";
import type { AppContext } from "~/utils/context.server";
import { shanghaiDate } from "~/utils/dates";
import { ConflictError, NotFoundError } from "~/utils/errors";
import { newId } from "~/utils/ids";
import { assertCan } from "~/modules/access";
import { inJsonList, preparedQuery } from "~/utils/sql.server";

/** Reminders go out this many days before a report is due (and once more if it is overdue and never reminded). */
export const REMINDER_LEAD_DAYS = 14;

const pad = (n: number) => String(n).padStart(2, "0");
const lastDayOfMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate(); // m is 1-based

/** Due the last day of the month after the period ends; annual reports by 30 April (the audit season). */
function periodOf(frequency: DisclosureFrequency, year: number, index: number) {
  if (frequency === "annual") return { period: `${year}`, start: `${year}-01-01`, dueOn: `${year + 1}-04-30` };
  const months = frequency === "quarterly" ? 3 : 6;
  const startMonth = index * months + 1;
  const endMonth = startMonth + months - 1;
  const dueYear = endMonth === 12 ? year + 1 : year;
  const dueMonth = endMonth === 12 ? 1 : endMonth + 1;
  return {
    period: frequency === "quarterly" ? `${year}-Q${index + 1}` : `${year}-H${index + 1}`,
    start: `${year}-${pad(startMonth)}-01`,
    dueOn: `${dueYear}-${pad(dueMonth)}-${pad(lastDayOfMonth(dueYear, dueMonth))}`,
  };
}

/** Periods from the one containing `startsOn` up to the one containing `today`. */
export function disclosurePeriodsBetween(frequency: DisclosureFrequency, startsOn: string, today: string) {
  const perYear = frequency === "quarterly" ? 4 : frequency === "semiannual" ? 2 : 1;
  const [sy, sm] = startsOn.split("-").map(Number) as [number, number];
  let year = sy;
  let index = Math.floor((sm - 1) / (12 / perYear));
  const out: { period: string; dueOn: string }[] = [];
  for (;;) {
    const p = periodOf(frequency, year, index);
    if (p.start > today) break;
    out.push({ period: p.period, dueOn: p.dueOn });
    index++;
    if (index >= perYear) {
      index = 0;
      year++;
    }
  }
  return out;
}


/**
 * An enterprise that took equity or debt financing owes its investor periodic directed disclosure
 * (Attachment 1 §(七)). Opening it twice for the same pair is a no-op.
 */
export function openDisclosureObligation(
  ctx: Pick<AppContext, "db" | "clock">,
  input: { enterpriseOrgId: string; recipientOrgId: string; frequency: DisclosureFrequency; startsOn: string; sourceNeedId?: string | null; actorUserId?: string | null },
): string {
  const existing = ctx.db
    .select({ id: disclosureObligations.id })
    .from(disclosureObligations)
    .where(and(eq(disclosureObligations.enterpriseOrgId, input.enterpriseOrgId), eq(disclosureObligations.recipientOrgId, input.recipientOrgId)))
    .get();
  if (existing) return existing.id;
  const id = newId();
  ctx.db.transaction(() => {
    ctx.db
      .insert(disclosureObligations)
      .values({
        id,
        enterpriseOrgId: input.enterpriseOrgId,
        recipientOrgId: input.recipientOrgId,
        frequency: input.frequency,
        startsOn: input.startsOn,
        sourceNeedId: input.sourceNeedId ?? null,
        createdAt: ctx.clock.now(),
      })
      .run();
    appendAudit(ctx, {
      actorUserId: input.actorUserId ?? null,
      action: "enterprise.disclosure.obligation_opened",
      subjectType: "disclosure_obligation",
      subjectId: id,
      enterpriseOrgId: input.enterpriseOrgId,
      data: { recipientOrgId: input.recipientOrgId, frequency: input.frequency, startsOn: input.startsOn },
    });
    syncPeriods(ctx, id);
  });
  return id;
}

/**
 * The schedule changes from the current period on (a financing's duty was recorded or its frequency edited): the
 * current period under the old frequency is dropped unless already reported, earlier periods stay owed, and the new
 * frequency's periods count from today.
 */
export function changeObligationFrequency(ctx: Pick<AppContext, "db" | "clock">, obligationId: string, frequency: DisclosureFrequency, actorUserId: string | null): void {
  const ob = ctx.db.select().from(disclosureObligations).where(eq(disclosureObligations.id, obligationId)).get();
  if (!ob || (ob.frequency === frequency && !ob.endedAt)) return;
  const today = shanghaiDate(ctx.clock.now());
  const current = disclosurePeriodsBetween(ob.frequency, today, today)[0];
  if (current) {
    ctx.db
      .delete(disclosurePeriods)
      .where(and(eq(disclosurePeriods.obligationId, ob.id), eq(disclosurePeriods.period, current.period), isNull(disclosurePeriods.submittedAt)))
      .run();
  }
  ctx.db.update(disclosureObligations).set({ frequency, startsOn: today, endedAt: null }).where(eq(disclosureObligations.id, ob.id)).run();
  appendAudit(ctx, {
    actorUserId,
    action: "enterprise.disclosure.obligation_rescheduled",
    subjectType: "disclosure_obligation",
    subjectId: ob.id,
    enterpriseOrgId: ob.enterpriseOrgId,
    data: { recipientOrgId: ob.recipientOrgId, from: ob.frequency, to: frequency, startsOn: today },
  });
  syncPeriods(ctx, ob.id);
}

function syncPeriods(ctx: Pick<AppContext, "db" | "clock">, obligationId: string): void {
  const ob = ctx.db.select().from(disclosureObligations).where(eq(disclosureObligations.id, obligationId)).get();
  if (!ob || ob.endedAt) return;
  const today = shanghaiDate(ctx.clock.now());
  for (const p of disclosurePeriodsBetween(ob.frequency, ob.startsOn, today)) {
    ctx.db.insert(disclosurePeriods).values({ id: newId(), obligationId, period: p.period, dueOn: p.dueOn }).onConflictDoNothing().run();
  }
}

/**
 * The reminder job: brings every obligation's schedule up to today and reminds the enterprise of each
 * report due within REMINDER_LEAD_DAYS (or overdue) that nobody was reminded of yet. Returns how many.
 */
export function remindDueDisclosures(ctx: Pick<AppContext, "db" | "clock">): number {
  const today = ctx.clock.now();
  const horizon = shanghaiDate(today + REMINDER_LEAD_DAYS * 86_400_000);
  let sent = 0;
  ctx.db.transaction(() => {
    for (const ob of ctx.db.select({ id: disclosureObligations.id }).from(disclosureObligations).where(isNull(disclosureObligations.endedAt)).all()) {
      syncPeriods(ctx, ob.id);
    }
    const recipient = alias(organisations, "recipient");
    const due = ctx.db
      .select({ id: disclosurePeriods.id, period: disclosurePeriods.period, dueOn: disclosurePeriods.dueOn, enterpriseOrgId: disclosureObligations.enterpriseOrgId, recipientName: recipient.name })
      .from(disclosurePeriods)
      .innerJoin(disclosureObligations, eq(disclosureObligations.id, disclosurePeriods.obligationId))
      .innerJoin(recipient, eq(recipient.id, disclosureObligations.recipientOrgId))
      .where(and(isNull(disclosurePeriods.submittedAt), isNull(disclosurePeriods.remindedAt), lte(disclosurePeriods.dueOn, horizon)))
      .all();
    for (const p of due) {
      queueReminder(ctx, orgUserIds(ctx, [p.enterpriseOrgId], ["org_admin"]), {
        source: "disclosure",
        key: "enterprises:notify.disclosureDue",
        values: { period: p.period, dueOn: p.dueOn, recipient: p.recipientName },
        href: "/profile/disclosures",
      });
      ctx.db.update(disclosurePeriods).set({ remindedAt: today }).where(eq(disclosurePeriods.id, p.id)).run();
      sent++;
    }
  });
  // Queued above, delivered as the person's one reminder notification of the day.
  if (sent > 0) deliverReminderDigests(ctx);
  return sent;
}

/** The enterprise's obligations with every period's state. */
export function listOwnDisclosures(ctx: Pick<AppContext, "db" | "clock">, actor: Actor) {
  assertCan(actor, "submit:disclosure:own", undefined);
  // Prepared once per connection: the enterprise's dashboard reads them on every view (ADR 0910).
  const obligations = preparedQuery(ctx.db, "own-disclosure-obligations", (db) =>
    db
      .select({ o: disclosureObligations, recipientName: organisations.name })
      .from(disclosureObligations)
      .innerJoin(organisations, eq(organisations.id, disclosureObligations.recipientOrgId))
      .where(eq(disclosureObligations.enterpriseOrgId, sql.placeholder("orgId")))
      .prepare(),
  ).all({ orgId: actor.orgId });
  const ids = obligations.map((o) => o.o.id);
  const periods = ids.length
    ? preparedQuery(ctx.db, "disclosure-periods-of", (db) =>
        db.select().from(disclosurePeriods).where(inJsonList(disclosurePeriods.obligationId, sql.placeholder("ids"))).orderBy(asc(disclosurePeriods.dueOn)).prepare(),
      ).all({ ids: JSON.stringify(ids) })
    : [];
  const today = shanghaiDate(ctx.clock.now());
  return obligations.map(({ o, recipientName }) => ({
    ...o,
    recipientName,
    periods: periods.filter((p) => p.obligationId === o.id).map((p) => ({ ...p, overdue: !p.submittedAt && p.dueOn < today })),
  }));
}

export function submitDisclosure(
  ctx: Pick<AppContext, "db" | "clock">,
  actor: Actor,
  input: { periodId: string; report: string; revenue?: number; netProfit?: number },
): void {
  const row = ctx.db
    .select({ p: disclosurePeriods, o: disclosureObligations })
    .from(disclosurePeriods)
    .innerJoin(disclosureObligations, eq(disclosureObligations.id, disclosurePeriods.obligationId))
    .where(eq(disclosurePeriods.id, input.periodId))
    .get();
  if (!row) throw new NotFoundError();
  assertCan(actor, "submit:disclosure:own", row.o, { refusal: "not-found" });
  if (row.p.submittedAt) throw new ConflictError("enterprises:errors.alreadySubmitted");
  const at = ctx.clock.now();
  ctx.db.transaction(() => {
    ctx.db
      .update(disclosurePeriods)
      .set({ submittedAt: at, submittedBy: actor.userId, report: input.report, revenue: input.revenue ?? null, netProfit: input.netProfit ?? null })
      .where(eq(disclosurePeriods.id, input.periodId))
      .run();
    appendAudit(ctx, {
      actorUserId: actor.userId,
      actorOrgId: actor.orgId,
      action: "enterprise.disclosure.submitted",
      subjectType: "disclosure_period",
      subjectId: input.periodId,
      enterpriseOrgId: actor.orgId,
      data: { recipientOrgId: row.o.recipientOrgId, period: row.p.period },
    });
    notifyOrgs(ctx, [row.o.recipientOrgId], {
      kind: "board",
      roles: ["org_admin"],
      payload: { key: "enterprises:notify.disclosureSubmitted", values: { org: actor.orgName, period: row.p.period }, href: "/disclosures" },
    });
  });
}

/**
 * Reports directed to the actor's organisation. Reading them is a view of authorised data, so each
 * enterprise whose reports are shown gets one audit entry for this reading.
 */
export function listReceivedDisclosures(ctx: Pick<AppContext, "db" | "clock">, actor: Actor, opts: { overdueOnly?: boolean } = {}) {
  // Overdue: not submitted and past its due day (the dashboard's figure opens this list).
  const overdue = opts.overdueOnly ? and(isNull(disclosurePeriods.submittedAt), lt(disclosurePeriods.dueOn, shanghaiDate(ctx.clock.now()))) : undefined;
  const rows = ctx.db
    .select({ p: disclosurePeriods, o: disclosureObligations, enterpriseName: organisations.name })
    .from(disclosurePeriods)
    .innerJoin(disclosureObligations, eq(disclosureObligations.id, disclosurePeriods.obligationId))
    .innerJoin(organisations, eq(organisations.id, disclosureObligations.enterpriseOrgId))
    .where(and(eq(disclosureObligations.recipientOrgId, actor.orgId), overdue))
    .orderBy(asc(organisations.name), asc(disclosurePeriods.dueOn))
    .all();
  const submitted = rows.filter((r) => r.p.submittedAt);
  const enterprises = [...new Set(submitted.map((r) => r.o.enterpriseOrgId))];
  if (enterprises.length) {
    ctx.db.transaction(() => {
      for (const enterpriseOrgId of enterprises) {
        appendAudit(ctx, {
          actorUserId: actor.userId,
          actorOrgId: actor.orgId,
          action: "enterprise.data.viewed",
          subjectType: "disclosure_reports",
          subjectId: enterpriseOrgId,
          enterpriseOrgId,
          data: { sections: [{ section: "disclosures", via: "directed" }], periods: submitted.filter((r) => r.o.enterpriseOrgId === enterpriseOrgId).map((r) => r.p.period) },
        });
      }
    });
  }
  const today = shanghaiDate(ctx.clock.now());
  return rows.map((r) => ({
    id: r.p.id,
    enterpriseOrgId: r.o.enterpriseOrgId,
    enterpriseName: r.enterpriseName,
    period: r.p.period,
    dueOn: r.p.dueOn,
    submittedAt: r.p.submittedAt,
    report: r.p.report,
    revenue: r.p.revenue,
    netProfit: r.p.netProfit,
    overdue: !r.p.submittedAt && r.p.dueOn < today,
  }));
}
