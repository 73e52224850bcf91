import { definePolicy } from "./policy";
import { isAllianceMember, isEnterprise, ownsOrg } from "./subjects";

/**
 * Enterprises' own data: the profile and its sections (each with its audience), financial statements, data access
 * requests and grants, the periodic disclosures owed to an investor.
 */
export const enterprisesPolicy = definePolicy({
  /** The enterprise edits its own profile, section audiences, financial statements and logo. */
  "update:profile:own": (viewer, enterprise: { orgId: string }) => isEnterprise(viewer) && ownsOrg(viewer, enterprise.orgId),
  /** Alliance members ask an enterprise for the sections they cannot see. */
  "request:data-access:member": (viewer) => isAllianceMember(viewer),
  /**
   * The enterprise decides, revokes and lists requests for its data and reads who viewed it. Without an object: is an
   * enterprise. Another enterprise's request is not admitted to exist.
   */
  "decide:data-access:own": (viewer, request?: { enterpriseOrgId: string }) => isEnterprise(viewer) && (!request || ownsOrg(viewer, request.enterpriseOrgId)),
  /** Alliance members receive the periodic reports enterprises owe them (the list is of reports addressed to them). */
  "list:disclosure:received": (viewer) => isAllianceMember(viewer),
  /** Its periodic reports to an investor (持续披露): the enterprise lists and submits its own. */
  "submit:disclosure:own": (viewer, obligation?: { enterpriseOrgId: string }) => isEnterprise(viewer) && (!obligation || ownsOrg(viewer, obligation.enterpriseOrgId)),
});
