import { EXCHANGE_ROLES, ROLES, type OrgKind, type Role } from "@db/schema/constants";
import { definePolicy } from "./policy";
import { isBureau, isExchange, isExchangeAdmin, isOrgAdmin, isRegulator, isSupervisor, ownsOrg } from "./subjects";

/**
 * Identity and administration: an organisation's members and invitations, the exchange admin's organisation
 * registry, prefecture routing, the job runner, the mail outbox, and the audit chain.
 */
/** The roles a member of an organisation of this kind may hold: the exchange's staff roles exist only at the exchange. */
export function assignableRoles(kind: OrgKind): readonly Role[] {
  return kind === "exchange" ? ROLES : ROLES.filter((role) => !EXCHANGE_ROLES.includes(role));
}

export const adminPolicy = definePolicy({
  /** Exchange staff, regulators and prefecture bureaus must sign in with a second factor (ASVS 6.3; issue 14). */
  "require:mfa:own": (viewer) => isExchange(viewer) || isRegulator(viewer) || isBureau(viewer),
  /** The members list of an organisation: its own people; the exchange admin for any. Others: 404. */
  "read:member:own-org": (viewer, org: { orgId: string }) => ownsOrg(viewer, org.orgId) || isExchangeAdmin(viewer),
  /** Inviting, removing members and revoking invitations: the organisation's admin; the exchange admin for any. Without an object: is an admin of their own. */
  "manage:member:own-org": (viewer, org?: { orgId: string }) => (isOrgAdmin(viewer) && (!org || ownsOrg(viewer, org.orgId))) || isExchangeAdmin(viewer),
  /** Clearing a member's lost second factor: the organisation's admin; the exchange admin for any (the service refuses one's own). */
  "reset:member-mfa:own-org": (viewer, org: { orgId: string }) => (isOrgAdmin(viewer) && ownsOrg(viewer, org.orgId)) || isExchangeAdmin(viewer),
  /** The registry of organisations (bureaus, regulators created with their first admin): the exchange admin. */
  "manage:organisation:any": (viewer) => isExchangeAdmin(viewer),
  /** One organisation's record: its own people, the exchange admin. Others: 404. */
  "read:organisation:own": (viewer, org: { id: string }) => ownsOrg(viewer, org.id) || isExchangeAdmin(viewer),
  /** Prefecture routing (which bureau gets which prefecture's applications). */
  "manage:routing:any": (viewer) => isExchangeAdmin(viewer),
  /** The job runner's runs and retries; the mail outbox. */
  "manage:job:any": (viewer) => isExchangeAdmin(viewer),
  "manage:mail:any": (viewer) => isExchangeAdmin(viewer),
  /** The hash-chained audit log: the exchange and the regulators, who oversee the board. */
  "read:audit:any": (viewer) => isSupervisor(viewer),
});
