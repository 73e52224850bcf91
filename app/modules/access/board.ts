import type { ApplicationChannel, ApplicationState, PLAN_STATES } from "@db/schema/constants";
import { definePolicy, type Viewer } from "./policy";
import {
  inPrefecture,
  isAllianceMember,
  isEnterprise,
  isExchange,
  isExchangeAdmin,
  isPrefectureBureau,
  isRegulator,
  isReviewer,
  ownsOrg,
} from "./subjects";

/**
 * The board (专精特新专板): applications through their three channels, the bureau's queue and list import, the
 * exchange's review and tier decisions, the tier plan and its joint approval, the public notice and its objections,
 * admission, custody, re-tiering, thresholds and rounds.
 */

type ApplicationParties = {
  enterpriseOrgId: string;
  channel: ApplicationChannel;
  sponsorOrgId: string | null;
  sponsorConfirmedAt?: number | null;
  prefectureCode: string | null;
  state: ApplicationState;
};

/** The channel an application started by this viewer comes through (Attachment 1 §(三)), or null if they may not start one. */
export function applicationChannelOf(viewer: Viewer): ApplicationChannel | null {
  if (isEnterprise(viewer)) return "self";
  if (isPrefectureBureau(viewer)) return "bureau";
  if (isAllianceMember(viewer)) return "sponsor";
  return null;
}

/** Which applications are the viewer's own list: the enterprise's, the sponsor's, the bureau's own drafts; null = none. */
export type OwnApplicationsScope = { enterpriseOrgId: string } | { sponsorOrgId: string } | { bureauDraftsOf: string } | null;
export function ownApplicationsScope(viewer: Viewer): OwnApplicationsScope {
  switch (applicationChannelOf(viewer)) {
    case "self":
      return { enterpriseOrgId: viewer!.orgId };
    case "sponsor":
      return { sponsorOrgId: viewer!.orgId };
    case "bureau":
      return { bureauDraftsOf: viewer!.prefectureCode! };
    default:
      return null;
  }
}

function isApplicationParty(viewer: Viewer, app: ApplicationParties): boolean {
  if (isEnterprise(viewer)) return ownsOrg(viewer, app.enterpriseOrgId);
  if (isAllianceMember(viewer)) return app.channel === "sponsor" && app.sponsorOrgId === viewer!.orgId;
  if (isPrefectureBureau(viewer)) return app.channel === "bureau" && inPrefecture(viewer, app.prefectureCode);
  return false;
}

export const boardPolicy = definePolicy({
  /** Enterprises apply for themselves; a prefecture bureau or a sponsoring institution files for an enterprise. */
  "start:application:any": (viewer) => applicationChannelOf(viewer) !== null,
  /** For whom: the enterprise only for itself, a bureau only in its prefecture, a sponsor for any registered enterprise. */
  "start:application:for-enterprise": (viewer, enterprise: { orgId: string; prefectureCode: string | null }) => {
    const channel = applicationChannelOf(viewer);
    if (channel === "self") return ownsOrg(viewer, enterprise.orgId);
    if (channel === "bureau") return inPrefecture(viewer, enterprise.prefectureCode);
    return channel === "sponsor";
  },
  /**
   * Who may see an application at all (anyone else is told it does not exist): its enterprise, its sponsor, the
   * prefecture's bureau once routed (and its own drafts), the exchange once it left draft. Regulators see plans only.
   */
  "read:application:involved": (viewer, app: ApplicationParties) => {
    if (isEnterprise(viewer)) return ownsOrg(viewer, app.enterpriseOrgId);
    if (isAllianceMember(viewer)) return app.channel === "sponsor" && app.sponsorOrgId === viewer!.orgId;
    if (isPrefectureBureau(viewer)) return inPrefecture(viewer, app.prefectureCode) && (app.state !== "draft" || app.channel === "bureau");
    if (isExchange(viewer)) return app.state !== "draft";
    return false;
  },
  /** The parties that fill it in: the enterprise, the bureau that started it, the sponsor until the enterprise confirmed. */
  "update:application:involved": (viewer, app: ApplicationParties) =>
    isApplicationParty(viewer, app) && !(app.channel === "sponsor" && !!app.sponsorConfirmedAt && isAllianceMember(viewer)),
  /** Due-diligence material comes from the sponsoring institution only. */
  "attach:due-diligence:sponsor": (viewer) => isAllianceMember(viewer),
  /** The enterprise's own acts on its application: confirm what a sponsor filed, withdraw. Without an object: is an enterprise. */
  "confirm:application:own": (viewer, app?: { enterpriseOrgId: string }) => isEnterprise(viewer) && (!app || ownsOrg(viewer, app.enterpriseOrgId)),
  "withdraw:application:own": (viewer, app?: { enterpriseOrgId: string }) => isEnterprise(viewer) && (!app || ownsOrg(viewer, app.enterpriseOrgId)),
  "list:application:own": (viewer) => ownApplicationsScope(viewer) !== null,
  /** The prefecture bureau's queue: return or forward its prefecture's submitted applications. */
  "forward:application:prefecture": (viewer, app?: { prefectureCode: string | null }) => isPrefectureBureau(viewer) && (!app || inPrefecture(viewer, app.prefectureCode)),
  /** The bureau's enterprise list (Excel) for its prefecture. */
  "import:application-list:prefecture": (viewer) => isPrefectureBureau(viewer),
  /** Import jobs are their starter's own: someone else's job id is as unknown as a made-up one. */
  "read:import-job:own": (viewer, job: { createdBy: string }) => !!viewer?.userId && viewer.userId === job.createdBy,
  /** The exchange's list of applications past the bureau. */
  "list:application:forwarded": (viewer) => isExchange(viewer),
  /** Preliminary check, assessment, tier decision, rejection; drafting and submitting plans; re-tiering decisions. */
  "review:application:any": (viewer) => isReviewer(viewer),
  "submit:tier-plan:any": (viewer) => isReviewer(viewer),
  /** Regulators see plans once submitted, never a draft never sent; the exchange sees all. Without an object: may list plans. */
  "read:tier-plan:any": (viewer, plan?: { state: (typeof PLAN_STATES)[number]; submission: number }) => {
    if (isExchange(viewer)) return true;
    if (isRegulator(viewer)) return !plan || plan.state !== "draft" || plan.submission > 0;
    return false;
  },
  /** Each of the three regulators signs off or returns the plan (审定). */
  "decide:tier-plan:regulator": (viewer) => isRegulator(viewer),
  /** Notices: staff view, objections review, admission after the notice. */
  "manage:notice:any": (viewer) => isReviewer(viewer),
  "end-early:notice:any": (viewer) => isExchangeAdmin(viewer),
  "admit:plan-item:any": (viewer) => isExchange(viewer),
  /** The enterprise's board status (membership, custody) for itself; exchange staff for any. */
  "read:board-status:own": (viewer, enterprise: { enterpriseOrgId: string }) => isExchange(viewer) || (isEnterprise(viewer) && ownsOrg(viewer, enterprise.enterpriseOrgId)),
  /** Custody: the exchange opens it and watches the countdown; the enterprise records its confirmed shares. */
  "manage:custody:any": (viewer) => isExchange(viewer),
  "update:custody:own": (viewer, record: { enterpriseOrgId: string }) => isExchange(viewer) || (isEnterprise(viewer) && ownsOrg(viewer, record.enterpriseOrgId)),
  /** Annual re-tiering: the exchange admin starts a run; reviewers adjust and assemble its plan. */
  "start:retiering:any": (viewer) => isExchangeAdmin(viewer),
  /** Threshold versions: exchange staff read them; the exchange admin drafts and publishes. Board settings, the working-day calendar, rounds: exchange admin. */
  "read:threshold:any": (viewer) => isExchange(viewer),
  "manage:threshold:any": (viewer) => isExchangeAdmin(viewer),
  "manage:board-settings:any": (viewer) => isExchangeAdmin(viewer),
  "manage:working-days:any": (viewer) => isExchangeAdmin(viewer),
  "manage:round:any": (viewer) => isExchangeAdmin(viewer),
});
