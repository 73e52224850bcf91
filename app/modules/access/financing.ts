import type { Audience, Instrument, InstitutionType } from "@db/schema/constants";
import { INSTRUMENTS_BY_INSTITUTION } from "~/modules/financing/financing-schemas";
import { accessFor, type Access } from "./audience";
import { definePolicy, type Viewer } from "./policy";
import { isAllianceMember, isEnterprise, isExchange, isInstitutionOfType, isLender, isSupervisor, ownsOrg } from "./subjects";

/**
 * Financing: needs and their audience, offers and their parties, guarantees, credit products and the
 * applications for them, mandates, follows, the outcome figures and the offer comparison.
 */

/** What the audience rule needs of a financing need (its directed organisations only when directed). */
export type NeedAudience = { state: string; enterpriseOrgId: string; audience: Audience; directedOrgIds: readonly string[] };

/** How a viewer may see one need: a draft is its owner's alone; otherwise the audience the enterprise chose. */
export function needAccessOf(viewer: Viewer, need: NeedAudience): Access | null {
  if (need.state === "draft") return ownsOrg(viewer, need.enterpriseOrgId) ? "owner" : null;
  return accessFor(viewer, { ownerOrgId: need.enterpriseOrgId, audience: need.audience, directedOrgIds: need.directedOrgIds });
}

/** The instruments an institution of this type may offer (a bank lends, a PE fund invests, "other" may do all). */
export function instrumentsOfferedBy(viewer: Viewer): readonly Instrument[] {
  if (!isAllianceMember(viewer) || !viewer!.institutionType) return [];
  return INSTRUMENTS_BY_INSTITUTION[viewer!.institutionType as InstitutionType];
}

/** The parties to an offer: the institution, the enterprise, and guarantors that joined it (any state). */
type OfferParties = { institutionOrgId: string; enterpriseOrgId: string; guarantorOrgIds: readonly string[] };
export type OfferRole = "institution" | "enterprise" | "guarantor" | "supervisor";
export function offerRoleOf(viewer: Viewer, offer: OfferParties): OfferRole | null {
  if (!viewer) return null;
  if (ownsOrg(viewer, offer.institutionOrgId)) return "institution";
  if (ownsOrg(viewer, offer.enterpriseOrgId)) return "enterprise";
  if (isSupervisor(viewer)) return "supervisor";
  return offer.guarantorOrgIds.includes(viewer.orgId) ? "guarantor" : null;
}

export const financingPolicy = definePolicy({
  /** Enterprises publish needs; the drafts, edits and moves are the owning enterprise's. Another's need: 404. */
  "create:need:own": (viewer) => isEnterprise(viewer),
  "update:need:own": (viewer, need: { enterpriseOrgId: string }) => isEnterprise(viewer) && ownsOrg(viewer, need.enterpriseOrgId),
  /** Seeing a need: its audience, drafts the owner's only. */
  "read:need:audience": (viewer, need: NeedAudience) => needAccessOf(viewer, need) !== null,
  /** The needs market (list and search of needs): alliance members, and the exchange and regulators who oversee it. */
  "browse:need:market": (viewer) => isAllianceMember(viewer) || isSupervisor(viewer),
  /** The credit product shelf: lenders and other members read the published products, enterprises see theirs explained. */
  /** Credit products are for enterprises to apply to and lenders to compare with their own; a PE fund or a securities firm has no use for them (issue 18). */
  "browse:credit-product:market": (viewer) => isLender(viewer) || isEnterprise(viewer),
  /** Members and the exchange's staff act on what enterprises publish (follow, message); regulators and bureaus only watch. */
  "follow:enterprise:any": (viewer) => isAllianceMember(viewer) || isExchange(viewer),
  /** An institution offers on a need in an instrument its type provides. Without a need: is an institution at all. */
  "offer:need:member": (viewer, need?: { instrument: string }) => isAllianceMember(viewer) && (!need || instrumentsOfferedBy(viewer).includes(need.instrument as Instrument)),
  "list:offer:own": (viewer) => isAllianceMember(viewer),
  /** 表达意向: an alliance member tells the enterprise it is interested in a need it can see. */
  "express-interest:need:member": (viewer) => isAllianceMember(viewer),
  /** Who may read an offer: the two parties, guarantors on it, the exchange and the regulators. Anyone else: 404. */
  "read:offer:party": (viewer, offer: OfferParties) => offerRoleOf(viewer, offer) !== null,
  /** Only the institution revises or withdraws its offer; only the enterprise shortlists, accepts or declines. */
  "update:offer:own": (viewer, offer: OfferParties) => offerRoleOf(viewer, offer) === "institution",
  "decide:offer:enterprise": (viewer, offer: OfferParties) => offerRoleOf(viewer, offer) === "enterprise",
  /** 投担联动: guarantors back banks' loan offers. */
  "back:offer:guarantor": (viewer) => isInstitutionOfType(viewer, "guarantor"),
  /** 比价: the enterprise compares the offers on its need; the exchange and regulators may look. */
  "compare:offer:own": (viewer, need: { enterpriseOrgId: string }) => ownsOrg(viewer, need.enterpriseOrgId) || isSupervisor(viewer),
  /** What a deal (an accepted offer, an approved product application) obtained is recorded by its two parties. */
  "record:financing-outcome:party": (viewer, deal: { enterpriseOrgId: string; institutionOrgId: string }) =>
    ownsOrg(viewer, deal.enterpriseOrgId) || ownsOrg(viewer, deal.institutionOrgId),
  /** 审批 / 放款 after acceptance: the two parties of the offer read its progress; anyone else gets a 404. */
  "read:offer-progress:party": (viewer, offer: { enterpriseOrgId: string; institutionOrgId: string }) =>
    ownsOrg(viewer, offer.enterpriseOrgId) || ownsOrg(viewer, offer.institutionOrgId),
  /** The need's progress timeline (offers, acceptance, approval, funds) is the enterprise's own. */
  "read:need-timeline:own": (viewer, need: { enterpriseOrgId: string }) => ownsOrg(viewer, need.enterpriseOrgId),
  /** Only the lender whose offer was accepted records approval, disbursements or failure. */
  "record:offer-progress:lender": (viewer, offer: { institutionOrgId: string }) => ownsOrg(viewer, offer.institutionOrgId),
  /** 融资情况: the figures the regulators evaluate the board on. */
  "read:financing-outcome:any": (viewer) => isSupervisor(viewer),
  /** Institutions keep mandates (what they look for) and get matching needs recommended. */
  "manage:mandate:own": (viewer) => isAllianceMember(viewer),
  /** One lenders list: banks, microloan, factoring, leasing, guarantors, "other". */
  "publish:credit-product:own": (viewer) => isLender(viewer),
  /** The enterprise's product shelf with the eligibility rules explained, and 一键申请. */
  "apply:credit-product:enterprise": (viewer) => isEnterprise(viewer),
  /** A product application: the enterprise, the lender, the exchange and regulators. Anyone else: 404. */
  "read:product-application:party": (viewer, application: { enterpriseOrgId: string; institutionOrgId: string }) =>
    ownsOrg(viewer, application.enterpriseOrgId) || ownsOrg(viewer, application.institutionOrgId) || isSupervisor(viewer),
  /** The lender's inbox of applications to its products. */
  "list:product-application:lender": (viewer) => isLender(viewer),
});
