import type { InstitutionType, Role } from "@db/schema/constants";
import type { Viewer } from "./policy";

/**
 * Who a viewer is, in the board's words. Every "who may" rule in the policies is written with these, so a change to
 * who counts as, say, a lender is made once.
 */
export const isSignedIn = (viewer: Viewer): viewer is NonNullable<Viewer> => viewer !== null;
export const hasRole = (viewer: Viewer, role: Role): boolean => !!viewer?.roles.includes(role);

export const isEnterprise = (viewer: Viewer): boolean => viewer?.orgKind === "enterprise";
/** Alliance members: the service institutions (banks, PE/VC, guarantors, leasing, securities, …). */
export const isAllianceMember = (viewer: Viewer): boolean => viewer?.orgKind === "institution";
export const isBureau = (viewer: Viewer): boolean => viewer?.orgKind === "bureau";
/** A prefecture's bureau (地州市工信局) that knows its prefecture: it files, returns and forwards that prefecture's applications. */
export const isPrefectureBureau = (viewer: Viewer): boolean => isBureau(viewer) && !!viewer!.prefectureCode;
export const inPrefecture = (viewer: Viewer, prefectureCode: string | null): boolean => !!viewer?.prefectureCode && viewer.prefectureCode === prefectureCode;
export const isRegulator = (viewer: Viewer): boolean => viewer?.orgKind === "regulator";
export const isExchange = (viewer: Viewer): boolean => viewer?.orgKind === "exchange";
/** The exchange center and the three regulators oversee the board and receive its data "by regulation". */
export const isSupervisor = (viewer: Viewer): boolean => isExchange(viewer) || isRegulator(viewer);

export const isExchangeAdmin = (viewer: Viewer): boolean => isExchange(viewer) && hasRole(viewer, "exchange_admin");
export const isReviewer = (viewer: Viewer): boolean => isExchange(viewer) && (hasRole(viewer, "reviewer") || hasRole(viewer, "exchange_admin"));
export const isServiceSpecialist = (viewer: Viewer): boolean =>
  isExchange(viewer) && (hasRole(viewer, "service_specialist") || hasRole(viewer, "exchange_admin"));
export const isRoadshowScheduler = (viewer: Viewer): boolean =>
  isExchange(viewer) && (hasRole(viewer, "roadshow_scheduler") || hasRole(viewer, "exchange_admin"));
/** The administrator of the viewer's own organisation (an exchange admin administers the exchange). */
export const isOrgAdmin = (viewer: Viewer): boolean => hasRole(viewer, "org_admin") || isExchangeAdmin(viewer);

/**
 * Institutions that lend or give credit: they publish credit products and see the applications for them. "other"
 * institutions may offer every instrument, loans included, so they count as lenders too.
 */
export const LENDER_TYPES: readonly InstitutionType[] = ["bank", "microloan", "factoring", "leasing", "guarantor", "other"];
export const isLender = (viewer: Viewer): boolean => isAllianceMember(viewer) && !!viewer!.institutionType && LENDER_TYPES.includes(viewer!.institutionType);
export const isInstitutionOfType = (viewer: Viewer, type: InstitutionType): boolean => isAllianceMember(viewer) && viewer!.institutionType === type;

/** The viewer belongs to the organisation that owns the object. */
export const ownsOrg = (viewer: Viewer, ownerOrgId: string): boolean => !!viewer && viewer.orgId === ownerOrgId;
