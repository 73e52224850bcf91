import { aliasedTable, and, desc, eq, gt, inArray, ne, sql } from "drizzle-orm";
import { conversationParticipants, conversations, memberships, messages, organisations, readReceipts, users, type ConversationSubjectType } from "@db/schema";
import type { AppContext } from "~/utils/context.server";
import { DomainError, ForbiddenError, NotFoundError } from "~/utils/errors";
import { newId } from "~/utils/ids";
import { orgRoom, userRoom } from "~/utils/realtime.server";
import { cachedRead } from "~/utils/cached-read.server";
import { preparedQuery } from "~/utils/sql.server";
import type { Actor } from "../identity/actor";
import { notify, pushUnreadCount } from "./notifications.server";
import { startConversationInput } from "./schemas";
import { subjectAccessFor } from "./subject-access.server";
import { assertCan, can } from "~/modules/access";

export type Conversation = typeof conversations.$inferSelect;
export type Side = "enterprise" | "member" | "staff";

/**
 * The actor's place in a conversation, or NotFound: whether a conversation exists is itself
 * private to its parties.
 */
export function participation(ctx: Pick<AppContext, "db">, actor: Actor, conversationId: string): { conversation: Conversation; side: Side } {
  const conversation = ctx.db.select().from(conversations).where(eq(conversations.id, conversationId)).get();
  if (!conversation) throw new NotFoundError();
  const participants = ctx.db
    .select({ role: conversationParticipants.role, orgId: conversationParticipants.orgId, userId: conversationParticipants.userId })
    .from(conversationParticipants)
    .where(eq(conversationParticipants.conversationId, conversationId))
    .all();
  assertCan(actor, "read:conversation:participant", participants, { refusal: "not-found" });
  const mine = participants.filter((p) => p.orgId === actor.orgId || p.userId === actor.userId);
  // An organisation's side wins over a staff seat when a user holds both.
  return { conversation, side: (mine.find((p) => p.orgId === actor.orgId) ?? mine[0]!).role };
}

/** Everybody who reads this conversation: all users of both organisations, plus added staff. */
export function participantUserIds(ctx: Pick<AppContext, "db">, conversationId: string): string[] {
  const parts = ctx.db.select().from(conversationParticipants).where(eq(conversationParticipants.conversationId, conversationId)).all();
  const orgIds = parts.flatMap((p) => (p.orgId ? [p.orgId] : []));
  const ids = new Set(parts.flatMap((p) => (p.userId ? [p.userId] : [])));
  if (orgIds.length) {
    const rows = ctx.db
      .selectDistinct({ userId: memberships.userId })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(inArray(memberships.orgId, orgIds), sql`${users.disabledAt} is null`))
      .all();
    for (const r of rows) ids.add(r.userId);
  }
  return [...ids];
}

/**
 * The socket rooms that together hold every participant's sockets: the participating organisations' rooms (a socket
 * joins its organisation's room at the handshake) and the rooms of staff added one by one. One broadcast to these
 * reaches each participant once, however many members the organisations have.
 */
export function participantRooms(ctx: Pick<AppContext, "db">, conversationId: string): string[] {
  const parts = ctx.db.select().from(conversationParticipants).where(eq(conversationParticipants.conversationId, conversationId)).all();
  return [...new Set(parts.flatMap((p) => [...(p.orgId ? [orgRoom(p.orgId)] : []), ...(p.userId ? [userRoom(p.userId)] : [])]))];
}

/**
 * Opens (or reopens: one conversation per subject and pair) a conversation. Who may talk about a
 * subject is decided by the area that owns it, through its registered subject-access check.
 */
export function startConversation(ctx: AppContext, actor: Actor, raw: { subjectType: ConversationSubjectType; subjectId?: string; withOrgId: string }): Conversation {
  const input = startConversationInput.parse(raw);
  const check = subjectAccessFor(input.subjectType);
  if (!check) throw new DomainError("messaging:errors.subjectUnsupported", { subjectType: input.subjectType });
  const pair = check(ctx, actor, { subjectId: input.subjectId, withOrgId: input.withOrgId });
  if (pair.enterpriseOrgId !== actor.orgId && pair.memberOrgId !== actor.orgId) throw new ForbiddenError("messaging:errors.pairNotAllowed");
  const key = and(
    eq(conversations.subjectType, input.subjectType),
    eq(conversations.subjectId, input.subjectId),
    eq(conversations.enterpriseOrgId, pair.enterpriseOrgId),
    eq(conversations.memberOrgId, pair.memberOrgId),
  );
  const existing = ctx.db.select().from(conversations).where(key).get();
  if (existing) return existing;

  const id = newId();
  const at = ctx.clock.now();
  const otherOrgId = pair.enterpriseOrgId === actor.orgId ? pair.memberOrgId : pair.enterpriseOrgId;
  const notified = ctx.db.transaction(() => {
    ctx.db
      .insert(conversations)
      .values({ id, subjectType: input.subjectType, subjectId: input.subjectId, ...pair, createdBy: actor.userId, createdAt: at })
      .run();
    ctx.db
      .insert(conversationParticipants)
      .values([
        { id: newId(), conversationId: id, role: "enterprise", orgId: pair.enterpriseOrgId, addedBy: actor.userId, createdAt: at },
        { id: newId(), conversationId: id, role: "member", orgId: pair.memberOrgId, addedBy: actor.userId, createdAt: at },
      ])
      .run();
    const others = participantUserIds(ctx, id).filter((u) => u !== actor.userId);
    for (const userId of others) {
      notify(ctx, {
        userId,
        kind: "conversation",
        payload: { key: "messaging:notifications.conversationStarted", values: { org: actor.orgName, name: actor.name }, href: `/messages/${id}` },
      });
    }
    return others;
  });
  for (const userId of notified) pushUnreadCount(ctx, userId);
  ctx.logger.info({ conversationId: id, subjectType: input.subjectType, otherOrgId }, "conversation started");
  return ctx.db.select().from(conversations).where(eq(conversations.id, id)).get()!;
}

/**
 * Adds an exchange staff user. Either side of the conversation may ask for staff; exchange admins
 * may add staff to any conversation they are told about (service requests name it).
 */
export function addStaff(ctx: AppContext, actor: Actor, conversationId: string, staffUserId: string): void {
  if (!can(actor, "add-staff:conversation:any")) assertCan(actor, "add-staff:conversation:participant", participation(ctx, actor, conversationId));
  else if (!ctx.db.select({ id: conversations.id }).from(conversations).where(eq(conversations.id, conversationId)).get()) throw new NotFoundError();
  const staff = ctx.db
    .select({ userId: memberships.userId })
    .from(memberships)
    .innerJoin(organisations, eq(organisations.id, memberships.orgId))
    .where(and(eq(memberships.userId, staffUserId), eq(organisations.kind, "exchange")))
    .get();
  if (!staff) throw new DomainError("messaging:errors.notStaff", {}, "staffUserId");
  const already = ctx.db
    .select({ id: conversationParticipants.id })
    .from(conversationParticipants)
    .where(and(eq(conversationParticipants.conversationId, conversationId), eq(conversationParticipants.userId, staffUserId)))
    .get();
  if (already) return;
  ctx.db.transaction(() => {
    ctx.db
      .insert(conversationParticipants)
      .values({ id: newId(), conversationId, role: "staff", userId: staffUserId, addedBy: actor.userId, createdAt: ctx.clock.now() })
      .run();
    if (staffUserId !== actor.userId) {
      notify(ctx, {
        userId: staffUserId,
        kind: "conversation",
        payload: { key: "messaging:notifications.staffAdded", values: { name: actor.name, org: actor.orgName }, href: `/messages/${conversationId}` },
      });
    }
  });
  pushUnreadCount(ctx, staffUserId);
  ctx.realtime.toRoom(`conversation:${conversationId}`, "conversation:participants", { conversationId });
}

/** Exchange users who can be added as staff (for the picker on the thread page). */
export function listStaffCandidates(ctx: Pick<AppContext, "db">, actor: Actor, conversationId: string) {
  if (!can(actor, "add-staff:conversation:any")) participation(ctx, actor, conversationId);
  return ctx.db
    .selectDistinct({ userId: users.id, name: users.name })
    .from(users)
    .innerJoin(memberships, eq(memberships.userId, users.id))
    .innerJoin(organisations, eq(organisations.id, memberships.orgId))
    .where(and(eq(organisations.kind, "exchange"), sql`${users.disabledAt} is null`))
    .orderBy(users.name)
    .all();
}

/**
 * The ids of the conversations the actor takes part in, through their organisation or in person (placeholders
 * `orgId` and `userId`): a union of two reads of the (org | user, conversation) indexes alone. An OR of the two went
 * through the table for every one of a bank's 400 participations (ADR 0925).
 */
function myConversationIds(db: AppContext["db"]) {
  return db
    .select({ id: conversationParticipants.conversationId })
    .from(conversationParticipants)
    .where(eq(conversationParticipants.orgId, sql.placeholder("orgId")))
    .union(db.select({ id: conversationParticipants.conversationId }).from(conversationParticipants).where(eq(conversationParticipants.userId, sql.placeholder("userId"))));
}

const enterpriseOrg = aliasedTable(organisations, "enterprise_org");
const memberOrg = aliasedTable(organisations, "member_org");

/**
 * Unread messages across the actor's conversations (sent by others, past the actor's read mark) and how many
 * conversations hold them — one aggregate query, for the dashboard, instead of listing threads and counting each.
 * Per conversation it reads only the messages after the read mark (the (conversation, seq) index), not every message
 * of every thread the organisation is in (ADR 0906); prepared once per connection.
 */
export function unreadSummary(ctx: Pick<AppContext, "db" | "clock">, actor: Actor): { messages: number; conversations: number } {
  // Remembered until a message, read mark or participant changes (ADR 0931).
  return cachedRead(ctx, "unread-summary", JSON.stringify([actor.orgId, actor.userId]), ({ db }) => countUnread(db, actor));
}

function countUnread(db: AppContext["db"], actor: Actor): { messages: number; conversations: number } {
  const row = preparedQuery(db, "unread-summary", (db) => {
    const mine = myConversationIds(db).as("mine");
    return db
      .select({ messages: sql<number>`count(*)`, conversations: sql<number>`count(distinct ${mine.id})` })
      .from(mine)
      .leftJoin(readReceipts, and(eq(readReceipts.conversationId, mine.id), eq(readReceipts.userId, sql.placeholder("userId"))))
      .innerJoin(messages, and(eq(messages.conversationId, mine.id), gt(messages.seq, sql`coalesce(${readReceipts.lastReadSeq}, 0)`)))
      .where(ne(messages.senderUserId, sql.placeholder("userId")))
      .prepare();
  }).get({ orgId: actor.orgId, userId: actor.userId });
  return { messages: row?.messages ?? 0, conversations: row?.conversations ?? 0 };
}

/** The actor's conversations, newest activity first, with how many messages from others they have not read. */
export function listConversations(ctx: Pick<AppContext, "db" | "clock">, actor: Actor, opts: { page?: number; pageSize?: number } = {}) {
  const page = Math.max(1, opts.page ?? 1);
  const pageSize = Math.min(100, Math.max(1, opts.pageSize ?? 30));
  // Remembered until a thread, message, read mark, participant or organisation name changes (ADR 0931): choosing a
  // bank's page of 30 among 400 threads reads all 400.
  return cachedRead(ctx, "conversation-list", JSON.stringify([actor.orgId, actor.userId, page, pageSize]), ({ db }) => conversationPage(db, actor, page, pageSize));
}

function conversationPage(db: AppContext["db"], actor: Actor, page: number, pageSize: number) {
  const rows = preparedQuery(db, "conversation-list-page", (db) => {
    const mine = myConversationIds(db);
    const activity = sql<number>`coalesce(${conversations.lastMessageAt}, ${conversations.createdAt})`;
    // The page of threads is chosen first and only its rows are joined to the names and the read mark: joining every
    // one of a bank's 400 threads before sorting cost more than the sort (ADR 0915).
    const listed = db
      .select({
        id: conversations.id,
        subjectType: conversations.subjectType,
        subjectId: conversations.subjectId,
        enterpriseOrgId: conversations.enterpriseOrgId,
        memberOrgId: conversations.memberOrgId,
        lastSeq: conversations.lastSeq,
        lastMessageAt: conversations.lastMessageAt,
        createdAt: conversations.createdAt,
        activity: activity.as("activity"),
      })
      .from(conversations)
      .where(inArray(conversations.id, mine))
      .orderBy(desc(activity), desc(conversations.id))
      .limit(sql.placeholder("limit"))
      .offset(sql.placeholder("offset"))
      .as("listed");
    return db
      .select({
        id: listed.id,
        subjectType: listed.subjectType,
        subjectId: listed.subjectId,
        enterpriseOrgId: listed.enterpriseOrgId,
        enterpriseName: enterpriseOrg.name,
        memberOrgId: listed.memberOrgId,
        memberName: memberOrg.name,
        lastSeq: listed.lastSeq,
        lastMessageAt: listed.lastMessageAt,
        createdAt: listed.createdAt,
        lastReadSeq: sql<number>`coalesce(${readReceipts.lastReadSeq}, 0)`,
        // Per listed thread, in the same statement: messages from others past the user's read mark, and the last one.
        unread: sql<number>`(select count(*) from ${messages} where ${messages.conversationId} = ${listed.id} and ${messages.seq} > coalesce(${readReceipts.lastReadSeq}, 0) and ${messages.senderUserId} <> ${sql.placeholder("userId")})`,
        lastBody: sql<string | null>`(select ${messages.body} from ${messages} where ${messages.conversationId} = ${listed.id} and ${messages.seq} = ${listed.lastSeq})`,
      })
      .from(listed)
      .innerJoin(enterpriseOrg, eq(enterpriseOrg.id, listed.enterpriseOrgId))
      .innerJoin(memberOrg, eq(memberOrg.id, listed.memberOrgId))
      .leftJoin(readReceipts, and(eq(readReceipts.conversationId, listed.id), eq(readReceipts.userId, sql.placeholder("userId"))))
      .orderBy(desc(listed.activity), desc(listed.id))
      .prepare();
  }).all({ orgId: actor.orgId, userId: actor.userId, limit: pageSize + 1, offset: (page - 1) * pageSize });
  const items = rows.slice(0, pageSize).map(({ lastBody, ...r }) => {
    const counterpartName = r.enterpriseOrgId === actor.orgId ? r.memberName : r.memberOrgId === actor.orgId ? r.enterpriseName : `${r.enterpriseName} · ${r.memberName}`;
    return { ...r, counterpartName, lastPreview: lastBody === null ? null : lastBody.slice(0, 120) };
  });
  return { items, hasMore: rows.length > pageSize, totalUnread: items.reduce((s, i) => s + i.unread, 0) };
}

/** Header of a thread: the pair, the subject, who else is in it and how far each user has read. */
export function conversationDetails(ctx: Pick<AppContext, "db">, actor: Actor, conversationId: string) {
  const { conversation, side } = participation(ctx, actor, conversationId);
  const enterprise = ctx.db.select({ id: organisations.id, name: organisations.name }).from(organisations).where(eq(organisations.id, conversation.enterpriseOrgId)).get()!;
  const member = ctx.db
    .select({ id: organisations.id, name: organisations.name, kind: organisations.kind })
    .from(organisations)
    .where(eq(organisations.id, conversation.memberOrgId))
    .get()!;
  const staff = ctx.db
    .select({ userId: users.id, name: users.name })
    .from(conversationParticipants)
    .innerJoin(users, eq(users.id, conversationParticipants.userId))
    .where(and(eq(conversationParticipants.conversationId, conversationId), eq(conversationParticipants.role, "staff")))
    .all();
  const receipts = ctx.db
    .select({ conversationId: readReceipts.conversationId, userId: readReceipts.userId, orgId: readReceipts.orgId, lastDeliveredSeq: readReceipts.lastDeliveredSeq, lastReadSeq: readReceipts.lastReadSeq })
    .from(readReceipts)
    .where(eq(readReceipts.conversationId, conversationId))
    .all();
  return {
    conversation,
    side,
    enterprise,
    member,
    staff,
    receipts,
    canAddStaff: can(actor, "add-staff:conversation:participant", { side }),
  };
}
