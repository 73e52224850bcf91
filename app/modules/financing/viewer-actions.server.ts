import { and, count, desc, eq, inArray } from "drizzle-orm";
import { offers, organisations } from "@db/schema";
import type { AppContext } from "~/utils/context.server";
import { ForbiddenError, NotFoundError } from "~/utils/errors";
import type { Actor } from "../identity/actor";
import { startConversation } from "../messaging/conversations.server";
import { enterpriseMemberPair, registerSubjectAccess } from "../messaging/subject-access.server";
import { isFollowing } from "./follows.server";
import { needAccessFor as needAccess, visibleNeed } from "./needs-read.server";
// Importing this module from the conversation starter must register every financing subject, not only "need".
import "./offers.server";
import "./product-applications.server";
import { can, organisationViewer } from "~/modules/access";

const OPEN_OFFER_STATES = ["submitted", "revised", "shortlisted"] as const;

export type NeedFinancingActions =
  | { kind: "owner"; needId: string; offerCount: number }
  | {
      kind: "member";
      needId: string;
      enterpriseOrgId: string;
      following: boolean;
      /** Null when this member cannot offer on the need (not live, or not an instrument it provides). */
      offer: { openOfferId: string | null } | null;
    };

/**
 * What a signed-in viewer can do about one need from its page: the owner compares offers; members follow,
 * offer (or revise their open offer) and message the enterprise. Null for everyone else. The need must be
 * visible to the viewer (NotFound otherwise), and each action's own service checks again when it is used.
 */
export function needFinancingActions(ctx: Pick<AppContext, "db">, actor: Actor, needId: string): NeedFinancingActions | null {
  const need = visibleNeed(ctx, actor, needId);
  if (need.enterpriseOrgId === actor.orgId) {
    const offerCount = ctx.db.select({ n: count() }).from(offers).where(eq(offers.needId, needId)).get()?.n ?? 0;
    return { kind: "owner", needId, offerCount };
  }
  if (!can(actor, "follow:enterprise:any") || need.state === "draft") return null;
  const canOffer = need.state === "published" && can(actor, "offer:need:member", need);
  const open = canOffer
    ? ctx.db
        .select({ id: offers.id })
        .from(offers)
        .where(and(eq(offers.needId, needId), eq(offers.institutionOrgId, actor.orgId), inArray(offers.state, OPEN_OFFER_STATES)))
        .orderBy(desc(offers.updatedAt))
        .get()
    : undefined;
  return {
    kind: "member",
    needId,
    enterpriseOrgId: need.enterpriseOrgId,
    following: isFollowing(ctx, actor, "need", needId),
    offer: canOffer ? { openOfferId: open?.id ?? null } : null,
  };
}

export type EnterpriseFinancingActions = { enterpriseOrgId: string; following: boolean };

/** Follow and message buttons on an enterprise's profile, for members and the exchange's staff. */
export function enterpriseFinancingActions(ctx: Pick<AppContext, "db">, actor: Actor, enterpriseOrgId: string): EnterpriseFinancingActions | null {
  if (!can(actor, "follow:enterprise:any")) return null;
  const org = ctx.db.select({ kind: organisations.kind }).from(organisations).where(eq(organisations.id, enterpriseOrgId)).get();
  if (!org || org.kind !== "enterprise") throw new NotFoundError();
  return { enterpriseOrgId, following: isFollowing(ctx, actor, "enterprise", enterpriseOrgId) };
}

/**
 * A conversation about a need is between its enterprise and one member (or the exchange) that may see the
 * need: the enterprise cannot pull an outsider into a directed or members-only need by messaging it.
 */
registerSubjectAccess("need", (ctx, actor, { subjectId, withOrgId }) => {
  const need = visibleNeed(ctx, actor, subjectId);
  const pair = enterpriseMemberPair(ctx, actor, withOrgId);
  if (pair.enterpriseOrgId !== need.enterpriseOrgId || need.state === "draft") throw new ForbiddenError("messaging:errors.pairNotAllowed");
  const member = ctx.db.select().from(organisations).where(eq(organisations.id, pair.memberOrgId)).get()!;
  if (needAccess(ctx, organisationViewer(member), need) === null) throw new ForbiddenError("messaging:errors.pairNotAllowed");
  return pair;
});


/**
 * The one entry for "Message" buttons: messaging decides who may talk about a subject by asking the area
 * that owns it, and going through this module guarantees every financing area has registered its check
 * (a lazily loaded dev server would otherwise not have loaded the offers or applications module yet).
 */
export function startFinancingConversation(ctx: AppContext, actor: Actor, input: Parameters<typeof startConversation>[2]) {
  return startConversation(ctx, actor, input);
}
