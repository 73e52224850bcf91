import { adminPolicy } from "./admin";
import { boardPolicy } from "./board";
import { decksPolicy } from "./decks";
import { enterprisesPolicy } from "./enterprises";
import { financingPolicy } from "./financing";
import { messagingPolicy } from "./messaging";
import { searchPolicy } from "./search";
import { refuse, type Refusal, type Viewer } from "./policy";

/**
 * The one place a permission is decided. Each area declares its table with `definePolicy` in `./<area>.ts` and adds
 * it to `policyAreas`; `policies` is all of them together. Services call `assertCan` (throws the typed 403/404),
 * loaders call `can` to hand `can*` flags to the UI. A permission name belongs to one area only (access.test.ts fails
 * on a name two areas define).
 */
export const policyAreas = {
  board: boardPolicy,
  enterprises: enterprisesPolicy,
  financing: financingPolicy,
  decks: decksPolicy,
  messaging: messagingPolicy,
  admin: adminPolicy,
  search: searchPolicy,
} as const;

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
type AllPolicies = UnionToIntersection<(typeof policyAreas)[keyof typeof policyAreas]>;

export const policies = Object.assign({}, ...Object.values(policyAreas)) as AllPolicies;

export type Policies = typeof policies;
export type Permission = keyof Policies & string;
type ObjectOf<P extends Permission> = Parameters<Policies[P]>[1];
type ObjectArg<P extends Permission> = undefined extends ObjectOf<P> ? [object?: ObjectOf<P>] : [object: ObjectOf<P>];

export function can<P extends Permission>(viewer: Viewer, permission: P, ...[object]: ObjectArg<P>): boolean {
  const rule = policies[permission] as (viewer: Viewer, object: unknown) => boolean;
  return rule(viewer, object);
}

/**
 * Throws ForbiddenError, or NotFoundError with `refusal: "not-found"` where the object's existence is itself private
 * (a directed need, another tenant's record). Pass `undefined` as the object for rules that take none.
 */
export function assertCan<P extends Permission>(
  viewer: Viewer,
  permission: P,
  object: ObjectOf<P>,
  options: { refusal?: Refusal; message?: string } = {},
): void {
  const rule = policies[permission] as (viewer: Viewer, object: unknown) => boolean;
  if (!rule(viewer, object)) refuse(options.refusal ?? "forbidden", options.message);
}

export { definePolicy, organisationViewer, type Viewer, type Rule, type PermissionName, type Refusal } from "./policy";
export * from "./subjects";
export { accessFor, audienceScope, isAuthorisedAccess, type Access, type AudienceScope, type AudienceTarget } from "./audience";
export { instrumentsOfferedBy, needAccessOf, offerRoleOf, type NeedAudience, type OfferRole } from "./financing";
export { conversationPairOf } from "./messaging";
export { assignableRoles } from "./admin";
export { deckAccessOf, type DeckAudience } from "./decks";
export { applicationChannelOf, ownApplicationsScope, type OwnApplicationsScope } from "./board";
