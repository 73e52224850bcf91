import { definePolicy } from "./policy";
import { isEnterprise, isExchange, isReviewer, isServiceSpecialist, isSupervisor, ownsOrg } from "./subjects";

/**
 * Who may act on the board rules of issue 16: violations and removals (Attachment 1 §(五)) and the fact updates the
 * yearly re-tiering reads.
 */
export const boardRulesPolicy = definePolicy({
  /** Exchange staff who serve or review enterprises write down what they learned of a violation. */
  "record:violation:any": (viewer) => isReviewer(viewer) || isServiceSpecialist(viewer),
  /** Confirming (or dismissing) a violation is the exchange's review decision. */
  "confirm:violation:any": (viewer) => isReviewer(viewer),
  /** The exchange proposes a removal (清退) to the three regulators. */
  "propose:removal:any": (viewer) => isReviewer(viewer),
  /** The exchange and the regulators see violations; the enterprise sees its own once confirmed. */
  "view:violation:any": (viewer) => isSupervisor(viewer),
  "view:violation:own": (viewer, violation: { enterpriseOrgId: string; state: string }) =>
    isEnterprise(viewer) && ownsOrg(viewer, violation.enterpriseOrgId) && violation.state === "confirmed",
  /** A listed enterprise updates its own tier facts; so does its dedicated service person (专人服务). */
  "submit:fact-update:own": (viewer, target: { enterpriseOrgId: string; servicePersonUserId: string | null }) =>
    (isEnterprise(viewer) && ownsOrg(viewer, target.enterpriseOrgId)) || (isExchange(viewer) && !!viewer && viewer.userId === target.servicePersonUserId),
  /** Who has a facts page: enterprises (their own) and exchange staff (whom they serve or review). */
  "list:fact-update:involved": (viewer) => isEnterprise(viewer) || isExchange(viewer),
  /** The exchange's reviewers confirm or reject updated facts; the regulators may read them. */
  "review:fact-update:any": (viewer) => isReviewer(viewer),
  "view:fact-update:own": (viewer, target: { enterpriseOrgId: string; servicePersonUserId: string | null }) =>
    isSupervisor(viewer) || (isEnterprise(viewer) && ownsOrg(viewer, target.enterpriseOrgId)) || (!!viewer && viewer.userId === target.servicePersonUserId),
});
