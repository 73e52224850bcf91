import { definePolicy } from "./policy";
import { isAllianceMember, isEnterprise, isRegulator, isReviewer, isServiceSpecialist, isSupervisor, ownsOrg } from "./subjects";

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
  /**
   * Alliance members receive the periodic reports enterprises owe them, and the regulators receive every financed
   * enterprise's (the list is of reports addressed to the viewer's organisation).
   */
  "list:disclosure:received": (viewer) => isAllianceMember(viewer) || isRegulator(viewer),
  /** The exchange's staff set a financing's disclosure frequency where its terms differ from the default. */
  "set:disclosure-duty:any": (viewer) => isReviewer(viewer) || isServiceSpecialist(viewer),
  /** The exchange and the regulators see every enterprise's disclosure duties; an enterprise sees its own. */
  "view:disclosure-duty:any": (viewer) => isSupervisor(viewer),
  "view:disclosure-duty:own": (viewer, target: { enterpriseOrgId: string }) => isSupervisor(viewer) || (isEnterprise(viewer) && ownsOrg(viewer, target.enterpriseOrgId)),
  /** Its periodic reports to an investor (持续披露): the enterprise lists and submits its own. */
  "submit:disclosure:own": (viewer, obligation?: { enterpriseOrgId: string }) => isEnterprise(viewer) && (!obligation || ownsOrg(viewer, obligation.enterpriseOrgId)),
});
