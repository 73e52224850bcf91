import { z } from "zod";
import { CONVERSATION_SUBJECT_TYPES, NOTIFICATION_KINDS } from "@db/schema/constants";
import { CLIENT_ID_PATTERN } from "~/utils/ids";

import { MAX_ATTACHMENTS_PER_MESSAGE, MAX_MESSAGE_CHARS } from "./limits";

export { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS_PER_MESSAGE, MAX_MESSAGE_CHARS, REPLAY_PAGE_SIZE } from "./limits";

const id = z.string().min(1).max(64);

export const messageBody = z
  .string({ required_error: "messaging:errors.bodyEmpty" })
  .max(MAX_MESSAGE_CHARS, { message: `messaging:errors.bodyTooLong|${JSON.stringify({ max: MAX_MESSAGE_CHARS })}` });

export const sendMessageInput = z
  .object({
    conversationId: id,
    clientId: z.string().regex(CLIENT_ID_PATTERN, "messaging:errors.clientIdInvalid"),
    body: messageBody.default(""),
    attachmentIds: z.array(id).max(MAX_ATTACHMENTS_PER_MESSAGE, "messaging:errors.tooManyAttachments").default([]),
  })
  .refine((v) => v.body.trim().length > 0 || v.attachmentIds.length > 0, { message: "messaging:errors.bodyEmpty", path: ["body"] });
export type SendMessageInput = z.input<typeof sendMessageInput>;

export const replayInput = z.object({ conversationId: id, afterSeq: z.number().int().min(0).default(0) });
export const conversationRef = z.object({ conversationId: id });
export const receiptInput = z.object({ conversationId: id, seq: z.number().int().min(0) });

export const startConversationInput = z.object({
  subjectType: z.enum(CONVERSATION_SUBJECT_TYPES),
  subjectId: z.string().max(64).default(""),
  withOrgId: id,
});

export const preferencesInput = z.array(z.object({ kind: z.enum(NOTIFICATION_KINDS), inApp: z.boolean(), emailDigest: z.boolean() }));
