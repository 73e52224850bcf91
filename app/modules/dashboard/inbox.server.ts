import { and, count, eq, gte, inArray, sql } from "drizzle-orm";
import { dataAccessRequests, decks, deckViewSessions, offers } from "@db/schema";
import type { AppContext } from "~/utils/context.server";
import { can } from "../access";
import { listOwnDisclosures } from "../enterprises/disclosures.server";
import type { Actor } from "../identity/actor";
import { unreadSummary } from "../messaging/conversations.server";
import { myServicePerson } from "../staff/assignments.server";
import { preparedQuery } from "~/utils/sql.server";

/** Offers the enterprise has still to answer: sent or revised by the institution, not yet decided. */
const AWAITING_ENTERPRISE = ["submitted", "revised", "shortlisted"] as const;
const WEEK_MS = 7 * 86_400_000;

/**
 * One line of "what needs doing" on the dashboard: a catalogue key (dashboard.inbox.<key>), its figures, and the page
 * where it is done. `attention` lines lead (something waits for this user); the others are for information.
 */
export type InboxItem = { key: string; href: string; values: Record<string, string | number>; attention: boolean };

/**
 * The signed-in user's inbox: each line only where the access policy lets this user act on it, counted in a few
 * aggregate queries (no per-row work), so the dashboard stays cheap for every role. Read-only: opening the dashboard
 * marks nothing seen.
 */
export function dashboardInbox(ctx: Pick<AppContext, "db" | "clock">, actor: Actor): InboxItem[] {
  const items: InboxItem[] = [];
  const now = ctx.clock.now();

  const unread = unreadSummary(ctx, actor);
  items.push({ key: "messages", href: "/messages", values: { count: unread.messages, threads: unread.conversations }, attention: unread.messages > 0 });

  if (can(actor, "create:need:own")) {
    // The enterprise's lines are prepared once per connection: every enterprise's dashboard asks (ADR 0910).
    const awaiting = preparedQuery(ctx.db, "inbox-offers-to-answer", (db) =>
      db
        .select({ n: count() })
        .from(offers)
        .where(and(eq(offers.enterpriseOrgId, sql.placeholder("orgId")), inArray(offers.state, [...AWAITING_ENTERPRISE])))
        .prepare(),
    ).get({ orgId: actor.orgId })!.n;
    items.push({ key: "offersToAnswer", href: "/needs/mine", values: { count: awaiting }, attention: awaiting > 0 });
  }

  if (can(actor, "decide:data-access:own")) {
    const pending = preparedQuery(ctx.db, "inbox-access-requests", (db) =>
      db
        .select({ n: count() })
        .from(dataAccessRequests)
        .where(and(eq(dataAccessRequests.enterpriseOrgId, sql.placeholder("orgId")), eq(dataAccessRequests.state, "pending")))
        .prepare(),
    ).get({ orgId: actor.orgId })!.n;
    items.push({ key: "accessRequests", href: "/profile/access", values: { count: pending }, attention: pending > 0 });
  }

  if (can(actor, "submit:disclosure:own")) {
    const open = listOwnDisclosures(ctx, actor)
      .flatMap((o) => o.periods.map((p) => ({ ...p, recipientName: o.recipientName })))
      .filter((p) => !p.submittedAt)
      .sort((a, b) => a.dueOn.localeCompare(b.dueOn));
    const overdue = open.filter((p) => p.overdue).length;
    const next = open[0];
    if (next) {
      items.push({
        key: overdue ? "disclosuresOverdue" : "disclosureDue",
        href: "/profile/disclosures",
        values: { count: overdue, dueOn: next.dueOn, period: next.period, recipient: next.recipientName },
        attention: true,
      });
    }
  }

  if (can(actor, "read:deck-analytics:own", { enterpriseOrgId: actor.orgId })) {
    const views = preparedQuery(ctx.db, "inbox-deck-views", (db) =>
      db
        .select({ n: count() })
        .from(deckViewSessions)
        .innerJoin(decks, eq(decks.id, deckViewSessions.deckId))
        .where(and(eq(decks.enterpriseOrgId, sql.placeholder("orgId")), gte(deckViewSessions.startedAt, sql.placeholder("since"))))
        .prepare(),
    ).get({ orgId: actor.orgId, since: now - WEEK_MS })!.n;
    items.push({ key: "deckViews", href: "/decks/mine", values: { count: views }, attention: false });
  }

  if (can(actor, "list:offer:own")) {
    const waiting = preparedQuery(ctx.db, "inbox-offers-with-enterprises", (db) =>
      db
        .select({ n: count() })
        .from(offers)
        .where(and(eq(offers.institutionOrgId, sql.placeholder("orgId")), inArray(offers.state, [...AWAITING_ENTERPRISE])))
        .prepare(),
    ).get({ orgId: actor.orgId })!.n;
    items.push({ key: "offersWithEnterprises", href: "/market/offers", values: { count: waiting }, attention: false });
  }

  const servicePerson = myServicePerson(ctx, actor);
  if (servicePerson) items.push({ key: "servicePerson", href: "/service-requests", values: { name: servicePerson.name, email: servicePerson.email }, attention: false });

  return [...items.filter((i) => i.attention), ...items.filter((i) => !i.attention)];
}
