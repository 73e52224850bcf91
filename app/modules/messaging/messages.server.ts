import { and, asc, desc, eq, gt, inArray, isNull, sql } from "drizzle-orm";
import type { ZodError } from "zod";
import { conversations, messageAttachments, messages, readReceipts, users } from "@db/schema";
import type { AppContext } from "~/utils/context.server";
import { DomainError } from "~/utils/errors";
import { newId } from "~/utils/ids";
import type { Actor } from "../identity/actor";
import { participantRooms, participantUserIds, participation } from "./conversations.server";
import { markGroupRead, notify, openGroupCount, pushUnreadCountsAfterCommit } from "./notifications.server";
import { presenceOf } from "./presence.server";
import { REPLAY_PAGE_SIZE, receiptInput, replayInput, sendMessageInput, type SendMessageInput } from "./schemas";

import type { AttachmentView, MessageView, ReceiptView } from "./types";

export type { AttachmentView, MessageView, ReceiptView };

export const conversationRoom = (conversationId: string) => `conversation:${conversationId}`;

/** zod messages are "key" or "key|{json}" (see forms.server.ts); a service error carries them split. */
export function invalidInput(error: ZodError): DomainError {
  const issue = error.issues[0];
  const message = issue?.message ?? "messaging:errors.invalid";
  const bar = message.indexOf("|");
  const key = bar < 0 ? message : message.slice(0, bar);
  const values = bar < 0 ? {} : (JSON.parse(message.slice(bar + 1)) as Record<string, string | number>);
  // zod's defaults (English, or common:validation.* once the catalogue error map is installed) say less than ours.
  const ours = key.includes(":") && !key.startsWith("common:validation.");
  return new DomainError(ours ? key : "messaging:errors.invalid", ours ? values : {}, issue?.path.join(".") || undefined);
}

function toViews(ctx: Pick<AppContext, "db">, rows: (typeof messages.$inferSelect & { senderName: string })[]): MessageView[] {
  const ids = [...new Set(rows.flatMap((r) => JSON.parse(r.attachmentIds) as string[]))];
  const files = ids.length
    ? ctx.db
        .select({ id: messageAttachments.id, fileName: messageAttachments.fileName, mimeType: messageAttachments.mimeType, sizeBytes: messageAttachments.sizeBytes })
        .from(messageAttachments)
        .where(inArray(messageAttachments.id, ids))
        .all()
    : [];
  const byId = new Map(files.map((f) => [f.id, f]));
  return rows.map((r) => ({
    id: r.id,
    conversationId: r.conversationId,
    seq: r.seq,
    clientId: r.clientId,
    senderUserId: r.senderUserId,
    senderOrgId: r.senderOrgId,
    senderName: r.senderName,
    body: r.body,
    attachments: (JSON.parse(r.attachmentIds) as string[]).flatMap((id) => (byId.has(id) ? [byId.get(id)!] : [])),
    createdAt: r.createdAt,
  }));
}

const withSender = { message: messages, senderName: users.name };

function storedByClientId(ctx: Pick<AppContext, "db">, conversationId: string, clientId: string): MessageView | undefined {
  const row = ctx.db
    .select(withSender)
    .from(messages)
    .innerJoin(users, eq(users.id, messages.senderUserId))
    .where(and(eq(messages.conversationId, conversationId), eq(messages.clientId, clientId)))
    .get();
  return row ? toViews(ctx, [{ ...row.message, senderName: row.senderName }])[0] : undefined;
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "SQLITE_CONSTRAINT_UNIQUE";
}

/**
 * Stores a message, then delivers it. Idempotent on (conversation, clientId): a client that lost
 * the ack resends with the same id and gets the stored message back, never a second copy. The
 * sequence number is taken from the conversation's counter inside the same transaction as the
 * insert, so sequences are gap-free and in commit order. Participants not looking at the thread
 * get a (grouped) notification in that same transaction.
 */
export function sendMessage(ctx: AppContext, actor: Actor, raw: SendMessageInput): { message: MessageView; duplicate: boolean } {
  const parsed = sendMessageInput.safeParse(raw);
  if (!parsed.success) throw invalidInput(parsed.error);
  const input = parsed.data;
  participation(ctx, actor, input.conversationId);

  const earlier = storedByClientId(ctx, input.conversationId, input.clientId);
  if (earlier) return { message: earlier, duplicate: true };

  if (input.attachmentIds.length) {
    const usable = ctx.db
      .select({ id: messageAttachments.id })
      .from(messageAttachments)
      .where(
        and(
          inArray(messageAttachments.id, input.attachmentIds),
          eq(messageAttachments.conversationId, input.conversationId),
          eq(messageAttachments.uploaderUserId, actor.userId),
          isNull(messageAttachments.messageId),
        ),
      )
      .all();
    if (usable.length !== new Set(input.attachmentIds).size) throw new DomainError("messaging:errors.attachmentUnavailable", {}, "attachmentIds");
  }

  const presence = presenceOf(ctx.realtime);
  const at = ctx.clock.now();
  let stored: { id: string; seq: number; notified: string[]; rooms: string[] };
  try {
    stored = ctx.db.transaction(() => {
      const bumped = ctx.db
        .update(conversations)
        .set({ lastSeq: sql`${conversations.lastSeq} + 1`, lastMessageAt: at })
        .where(eq(conversations.id, input.conversationId))
        .returning({ seq: conversations.lastSeq })
        .get()!;
      const id = newId();
      ctx.db
        .insert(messages)
        .values({
          id,
          conversationId: input.conversationId,
          seq: bumped.seq,
          clientId: input.clientId,
          senderUserId: actor.userId,
          senderOrgId: actor.orgId,
          body: input.body,
          attachmentIds: JSON.stringify([...new Set(input.attachmentIds)]),
          createdAt: at,
        })
        .run();
      if (input.attachmentIds.length) {
        ctx.db.update(messageAttachments).set({ messageId: id }).where(inArray(messageAttachments.id, input.attachmentIds)).run();
      }
      // The sender has obviously read their own message; one statement, no read-before-write on the hot path.
      ctx.db
        .insert(readReceipts)
        .values({ conversationId: input.conversationId, userId: actor.userId, orgId: actor.orgId, lastDeliveredSeq: bumped.seq, lastReadSeq: bumped.seq, updatedAt: at })
        .onConflictDoUpdate({ target: [readReceipts.conversationId, readReceipts.userId], set: { lastDeliveredSeq: bumped.seq, lastReadSeq: bumped.seq, updatedAt: at } })
        .run();
      const everyone = participantUserIds(ctx, input.conversationId).filter((u) => u !== actor.userId);
      const notified = everyone.filter((u) => !presence?.isViewing(input.conversationId, u));
      const groupKey = `message:${input.conversationId}`;
      const preview = input.body.trim().slice(0, 80);
      for (const userId of notified) {
        notify(ctx, {
          userId,
          kind: "message",
          groupKey,
          payload: {
            key: "messaging:notifications.message",
            values: { org: actor.orgName, name: actor.name, count: openGroupCount(ctx, userId, groupKey) + 1, preview },
            href: `/messages/${input.conversationId}`,
          },
        });
      }
      return { id, seq: bumped.seq, notified, rooms: participantRooms(ctx, input.conversationId) };
    });
  } catch (error) {
    // Another process stored the same client id between our check and our insert: same answer as a resend.
    if (isUniqueViolation(error)) {
      const winner = storedByClientId(ctx, input.conversationId, input.clientId);
      if (winner) return { message: winner, duplicate: true };
    }
    throw error;
  }

  const message = toViews(ctx, [
    {
      id: stored.id,
      conversationId: input.conversationId,
      seq: stored.seq,
      clientId: input.clientId,
      senderUserId: actor.userId,
      senderOrgId: actor.orgId,
      senderName: actor.name,
      body: input.body,
      attachmentIds: JSON.stringify([...new Set(input.attachmentIds)]),
      createdAt: at,
    },
  ])[0]!;
  // Once to the conversation's room, and once to its participants' rooms (their inboxes), whatever the audience;
  // the unread counts differ per user and follow after the sender's ack.
  ctx.realtime.toRoom(conversationRoom(input.conversationId), "message:new", message);
  ctx.realtime.toRooms(stored.rooms, "conversation:activity", { conversationId: input.conversationId, seq: stored.seq });
  pushUnreadCountsAfterCommit(ctx, stored.notified);
  return { message, duplicate: false };
}

/** Everything after `afterSeq`, in order — what a reconnecting client asks for. Counts as delivered. */
export function messagesAfter(ctx: AppContext, actor: Actor, conversationId: string, afterSeq: number, limit = REPLAY_PAGE_SIZE) {
  const input = replayInput.safeParse({ conversationId, afterSeq });
  if (!input.success) throw invalidInput(input.error);
  const { conversation } = participation(ctx, actor, conversationId);
  const rows = ctx.db
    .select(withSender)
    .from(messages)
    .innerJoin(users, eq(users.id, messages.senderUserId))
    .where(and(eq(messages.conversationId, conversationId), gt(messages.seq, input.data.afterSeq)))
    .orderBy(asc(messages.seq))
    .limit(limit + 1)
    .all();
  const page = rows.slice(0, limit).map((r) => ({ ...r.message, senderName: r.senderName }));
  const last = page.at(-1);
  if (last) markDelivered(ctx, actor, conversationId, last.seq);
  return { messages: toViews(ctx, page), lastSeq: conversation.lastSeq, hasMore: rows.length > limit };
}

/** The latest `limit` messages, oldest first — the first paint of a thread. */
export function recentMessages(ctx: AppContext, actor: Actor, conversationId: string, limit = 100) {
  const { conversation } = participation(ctx, actor, conversationId);
  const rows = ctx.db
    .select(withSender)
    .from(messages)
    .innerJoin(users, eq(users.id, messages.senderUserId))
    .where(eq(messages.conversationId, conversationId))
    .orderBy(desc(messages.seq))
    .limit(limit)
    .all()
    .reverse();
  const page = rows.map((r) => ({ ...r.message, senderName: r.senderName }));
  if (page.length) markDelivered(ctx, actor, conversationId, page.at(-1)!.seq);
  return { messages: toViews(ctx, page), lastSeq: conversation.lastSeq, hasEarlier: (page[0]?.seq ?? 1) > 1 };
}

function upsertReceipt(
  ctx: Pick<AppContext, "db">,
  r: { conversationId: string; userId: string; orgId: string; delivered: number; read: number; at: number },
): ReceiptView | null {
  const before = ctx.db
    .select()
    .from(readReceipts)
    .where(and(eq(readReceipts.conversationId, r.conversationId), eq(readReceipts.userId, r.userId)))
    .get();
  const delivered = Math.max(before?.lastDeliveredSeq ?? 0, r.delivered, r.read);
  const read = Math.max(before?.lastReadSeq ?? 0, r.read);
  if (before && before.lastDeliveredSeq === delivered && before.lastReadSeq === read) return null;
  ctx.db
    .insert(readReceipts)
    .values({ conversationId: r.conversationId, userId: r.userId, orgId: r.orgId, lastDeliveredSeq: delivered, lastReadSeq: read, updatedAt: r.at })
    .onConflictDoUpdate({ target: [readReceipts.conversationId, readReceipts.userId], set: { lastDeliveredSeq: delivered, lastReadSeq: read, updatedAt: r.at } })
    .run();
  return { conversationId: r.conversationId, userId: r.userId, orgId: r.orgId, lastDeliveredSeq: delivered, lastReadSeq: read };
}

function recordReceipt(ctx: AppContext, actor: Actor, conversationId: string, seq: number, kind: "delivered" | "read"): ReceiptView | null {
  const input = receiptInput.safeParse({ conversationId, seq });
  if (!input.success) throw invalidInput(input.error);
  const { conversation } = participation(ctx, actor, conversationId);
  // A client cannot claim to have seen messages that do not exist yet.
  const upTo = Math.min(input.data.seq, conversation.lastSeq);
  const receipt = upsertReceipt(ctx, {
    conversationId,
    userId: actor.userId,
    orgId: actor.orgId,
    delivered: upTo,
    read: kind === "read" ? upTo : 0,
    at: ctx.clock.now(),
  });
  if (receipt) ctx.realtime.toRoom(conversationRoom(conversationId), "receipt", receipt);
  return receipt;
}

export function markDelivered(ctx: AppContext, actor: Actor, conversationId: string, seq: number): ReceiptView | null {
  return recordReceipt(ctx, actor, conversationId, seq, "delivered");
}

/** Read up to `seq`; also clears the conversation's message notification for this user. */
export function markRead(ctx: AppContext, actor: Actor, conversationId: string, seq: number): ReceiptView | null {
  const receipt = recordReceipt(ctx, actor, conversationId, seq, "read");
  markGroupRead(ctx, actor.userId, `message:${conversationId}`);
  return receipt;
}
