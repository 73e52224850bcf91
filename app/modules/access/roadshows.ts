import type { EventAudience } from "@db/schema/roadshows";
import { definePolicy, type Viewer } from "./policy";
import { isBureau, isEnterprise, isExchange, isExchangeAdmin, isRegulator, isRoadshowScheduler, isSignedIn, ownsOrg } from "./subjects";

/** The facts of a roadshow event that decide who may do what with it. */
export type RoadshowParties = {
  audience: EventAudience;
  presenterOrgIds: readonly string[];
  moderatorUserIds: readonly string[];
  invitedOrgIds: readonly string[];
};

const presents = (viewer: Viewer, e: RoadshowParties) => !!viewer?.orgId && e.presenterOrgIds.includes(viewer.orgId);
const moderates = (viewer: Viewer, e: RoadshowParties) => !!viewer && ((!!viewer.userId && e.moderatorUserIds.includes(viewer.userId)) || isRoadshowScheduler(viewer));

/** In the audience: public is everyone, members is every signed-in board user, invited is the invited organisations. */
const inAudience = (viewer: Viewer, e: RoadshowParties): boolean => {
  if (isExchange(viewer) || presents(viewer, e) || moderates(viewer, e)) return true;
  if (e.audience === "public") return true;
  if (e.audience === "members") return isSignedIn(viewer);
  return !!viewer?.orgId && e.invitedOrgIds.includes(viewer.orgId);
};

export const roadshowsPolicy = definePolicy({
  /** "My roadshows" (registrations, and presentations for an enterprise): everyone who can attend; supervisors watch from the calendar. */
  "list:roadshow:mine": (viewer) => isSignedIn(viewer) && !isRegulator(viewer) && !isBureau(viewer),
  /** An enterprise's own presentations are listed for it. */
  "list:roadshow-presented:own": (viewer) => isEnterprise(viewer),
  /** Exchange staff see every attendee by name; the presenting enterprise only those who consented. */
  "view:roadshow-attendance:any": (viewer) => isExchange(viewer),
  /** Venues (halls, the SZSE base, the online channel) are the exchange admins' to manage. */
  "manage:roadshow-venue:any": (viewer) => isExchangeAdmin(viewer),
  /** Create, edit, reschedule and cancel events; decide enterprises' requests; the staff calendar. */
  "schedule:roadshow:any": (viewer) => isRoadshowScheduler(viewer),
  "view:roadshow-calendar:any": (viewer) => isExchange(viewer),
  "view:roadshow:audience": (viewer, e: RoadshowParties) => inAudience(viewer, e),
  /** Registering is for signed-in people in the audience who are not on stage. */
  "register:roadshow:audience": (viewer, e: RoadshowParties) => isSignedIn(viewer) && inAudience(viewer, e) && !presents(viewer, e),
  "join:roadshow-live:audience": (viewer, e: RoadshowParties) => isSignedIn(viewer) && inAudience(viewer, e),
  /** Flipping the shared slide: the presenting enterprises and the moderators. */
  "present:roadshow:own": (viewer, e: RoadshowParties) => presents(viewer, e) || moderates(viewer, e),
  "moderate:roadshow:own": (viewer, e: RoadshowParties) => moderates(viewer, e),
  /** Answering questions: the presenter (and a moderator reading the answer out). */
  "answer:roadshow-question:own": (viewer, e: RoadshowParties) => presents(viewer, e) || moderates(viewer, e),
  /** Attendance and the investor-relations record: staff see everything, the presenting enterprise its own event. */
  "view:roadshow-attendance:own": (viewer, e: RoadshowParties) => isExchange(viewer) || presents(viewer, e),
  "download:roadshow-record:own": (viewer, e: RoadshowParties) => isExchange(viewer) || presents(viewer, e),
  "request:roadshow:own": (viewer) => isEnterprise(viewer),
  /**
   * Publishing answered questions as an FAQ on the enterprise's profile (choosing, unpublishing, rewording, ordering):
   * the profile is the enterprise's own, so the same people who edit it — its members — and nobody else, staff included.
   * Without an object: is an enterprise (the FAQ page exists for it).
   */
  "manage:roadshow-faq:own": (viewer, target?: { enterpriseOrgId: string }) => isEnterprise(viewer) && (!target || ownsOrg(viewer, target.enterpriseOrgId)),
  "view:roadshow-request:own": (viewer, r: { enterpriseOrgId: string }) => ownsOrg(viewer, r.enterpriseOrgId) || isRoadshowScheduler(viewer),
});

/** Whether the viewer sees the staff side of the room (who asked an anonymous question, the pending queue): exchange staff only, not the presenter. */
export const seesRoadshowStaffView = (viewer: Viewer, e: RoadshowParties): boolean => isExchange(viewer) || moderates(viewer, e);
