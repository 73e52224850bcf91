import type { InstitutionType, OrgKind, Role } from "@db/schema";

/** Who is acting: the signed-in user within their organisation. Services decide everything from this. */
export type Actor = {
  userId: string;
  name: string;
  email: string;
  locale: string;
  orgId: string;
  orgKind: OrgKind;
  orgName: string;
  institutionType: InstitutionType | null;
  prefectureCode: string | null;
  roles: Role[];
};

export const hasRole = (actor: Actor, role: Role): boolean => actor.roles.includes(role);
export const isExchange = (actor: Actor): boolean => actor.orgKind === "exchange";
export const isExchangeAdmin = (actor: Actor): boolean => isExchange(actor) && hasRole(actor, "exchange_admin");
export const isOrgAdmin = (actor: Actor): boolean => hasRole(actor, "org_admin") || isExchangeAdmin(actor);
