import { eq } from "drizzle-orm";
import { organisations, type ConversationSubjectType } from "@db/schema";
import type { AppContext } from "~/utils/context.server";
import { DomainError, NotFoundError } from "~/utils/errors";
import type { Actor } from "../identity/actor";
import { assertCan, conversationPairOf } from "~/modules/access";

/** The two organisations a conversation is between. */
export type ConversationPair = { enterpriseOrgId: string; memberOrgId: string };

/**
 * Decides whether `actor` may open a conversation about one subject with `withOrgId`, and returns
 * the pair. Throws NotFoundError when the subject is invisible to the actor, ForbiddenError when it
 * is visible but talking about it is not allowed.
 */
export type SubjectAccessCheck = (ctx: AppContext, actor: Actor, input: { subjectId: string; withOrgId: string }) => ConversationPair;

const checks = new Map<ConversationSubjectType, SubjectAccessCheck>();

/**
 * Areas that own a subject (financing needs, offers, product applications) register their check
 * when their module loads, so messaging never needs to know their rules or tables.
 */
export function registerSubjectAccess(subjectType: ConversationSubjectType, check: SubjectAccessCheck): () => void {
  return replaceSubjectAccess(subjectType, check);
}

/**
 * Puts `check` (or none) in place of what is registered for a subject type and gives back a function that puts the
 * previous one back: the registry lives as long as the process, and a test that stands in for an area must leave
 * the real check to the files that run after it in the same worker.
 */
export function replaceSubjectAccess(subjectType: ConversationSubjectType, check: SubjectAccessCheck | null): () => void {
  const previous = checks.get(subjectType);
  if (check) checks.set(subjectType, check);
  else checks.delete(subjectType);
  return () => {
    if (previous) checks.set(subjectType, previous);
    else checks.delete(subjectType);
  };
}

export function subjectAccessFor(subjectType: ConversationSubjectType): SubjectAccessCheck | undefined {
  return checks.get(subjectType);
}

/**
 * Only an enterprise and an alliance member (or the exchange center's staff) converse. Whichever
 * side the actor is on, the other side must be of the complementary kind.
 */
export function enterpriseMemberPair(ctx: Pick<AppContext, "db">, actor: Actor, withOrgId: string): ConversationPair {
  const other = ctx.db.select({ id: organisations.id, kind: organisations.kind }).from(organisations).where(eq(organisations.id, withOrgId)).get();
  if (!other || other.id === actor.orgId) throw new NotFoundError();
  assertCan(actor, "start:conversation:pair", other, { message: "messaging:errors.pairNotAllowed" });
  return conversationPairOf(actor, other)!;
}

registerSubjectAccess("general", (ctx, actor, { subjectId, withOrgId }) => {
  if (subjectId !== "") throw new DomainError("messaging:errors.subjectInvalid");
  return enterpriseMemberPair(ctx, actor, withOrgId);
});

/** A conversation about an enterprise's public profile: the subject is the enterprise itself. */
registerSubjectAccess("profile", (ctx, actor, { subjectId, withOrgId }) => {
  const pair = enterpriseMemberPair(ctx, actor, withOrgId);
  if (pair.enterpriseOrgId !== subjectId) throw new DomainError("messaging:errors.subjectInvalid");
  return pair;
});
