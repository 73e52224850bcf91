import type { OrgKind } from "@db/schema/constants";
import { definePolicy, type Viewer } from "./policy";
import { isAllianceMember, isEnterprise, isExchange, isExchangeAdmin } from "./subjects";

/**
 * Messaging: who converses with whom, who reads a conversation and its attachments, who brings in exchange staff.
 * Which subjects (a need, an offer, an application) a pair may talk about is each subject's own read rule, asked by
 * the area that owns it.
 */

/** Alliance members and the exchange's staff talk with enterprises. */
const isCounterpart = (viewer: Viewer): boolean => isAllianceMember(viewer) || isExchange(viewer);
const COUNTERPART_KINDS: readonly OrgKind[] = ["institution", "exchange"];

/** The pair a conversation between the viewer's organisation and `other` is between, or null if they may not converse. */
export function conversationPairOf(viewer: Viewer, other: { id: string; kind: OrgKind }): { enterpriseOrgId: string; memberOrgId: string } | null {
  if (!viewer || other.id === viewer.orgId) return null;
  if (isEnterprise(viewer) && COUNTERPART_KINDS.includes(other.kind)) return { enterpriseOrgId: viewer.orgId, memberOrgId: other.id };
  if (isCounterpart(viewer) && other.kind === "enterprise") return { enterpriseOrgId: other.id, memberOrgId: viewer.orgId };
  return null;
}

type Participants = readonly { orgId: string | null; userId: string | null }[];

export const messagingPolicy = definePolicy({
  /** Only an enterprise and an alliance member (or the exchange's staff) converse: each side with the other kind. */
  "start:conversation:pair": (viewer, other: { id: string; kind: OrgKind }) => conversationPairOf(viewer, other) !== null,
  /** The inbox: enterprises, alliance members and the exchange's staff (regulators and bureaus do not converse). */
  "list:conversation:own": (viewer) => isEnterprise(viewer) || isCounterpart(viewer),
  /** A conversation (its messages, attachments, receipts, live room) is read by its two organisations and added staff. Others: 404. */
  "read:conversation:participant": (viewer, participants: Participants) =>
    !!viewer && participants.some((p) => p.orgId === viewer.orgId || (!!viewer.userId && p.userId === viewer.userId)),
  /** Either side may ask for exchange staff; a staff participant only if of the exchange. Exchange admins add staff to any conversation. */
  "add-staff:conversation:participant": (viewer, participation: { side: "enterprise" | "member" | "staff" }) => participation.side !== "staff" || isExchange(viewer),
  "add-staff:conversation:any": (viewer) => isExchangeAdmin(viewer),
  /** An attachment not yet sent with a message is its uploader's alone. */
  "read:attachment:uploader": (viewer, attachment: { messageId: string | null; uploaderUserId: string }) =>
    !!attachment.messageId || (!!viewer?.userId && viewer.userId === attachment.uploaderUserId),
});
