import type { Viewer } from "./policy";
import { definePolicy } from "./policy";
import { isEnterprise, isExchange, isExchangeAdmin, isPrefectureBureau, isRegulator, isServiceSpecialist, isSupervisor, ownsOrg } from "./subjects";

/** The service desk: who serves an enterprise, service requests, visits, dashboards and report packs. */

/** The enterprise's dedicated service person as the rules see it. */
type Served = { enterpriseOrgId: string; servicePersonUserId: string | null };
type Request = { enterpriseOrgId: string; assigneeUserId: string | null };

/** Objects whose pages a regulator may open (offers and applications are readable by supervisors). */
const REGULATOR_PAGES = new Set(["report_pack", "tier_plan", "public_notice", "organisation", "profile", "enterprise_profile", "offer", "product_application"]);
/** Pages only the exchange admin opens. */
const ADMIN_PAGES = new Set(["board_round", "threshold_version", "scheduled_job"]);

const isAssigned = (viewer: Viewer, userId: string | null): boolean => !!viewer && !!userId && viewer.userId === userId;

export const staffPolicy = definePolicy({
  /** Reassigning an enterprise's service person and seeing everyone's workload is the exchange admin's. */
  "assign:service-person:any": (viewer) => isExchangeAdmin(viewer),
  "read:service-workload:any": (viewer) => isExchangeAdmin(viewer),
  /** "My enterprises" and the service page: the exchange's service staff; opening another person's enterprise is logged. */
  "read:service-desk:any": (viewer) => isServiceSpecialist(viewer),
  "read:served-enterprise:any": (viewer, _o: Served) => isExchange(viewer),
  /** A request is raised by the enterprise itself or by its own service person on its behalf (not by a bank). */
  "create:service-request:own": (viewer, o: Served) => (isEnterprise(viewer) && ownsOrg(viewer, o.enterpriseOrgId)) || (isServiceSpecialist(viewer) && (isAssigned(viewer, o.servicePersonUserId) || isExchangeAdmin(viewer))),
  /** Raising requests for itself is the enterprise's (its service person raises on its behalf with the rule above). */
  "raise:service-request:own": (viewer) => isEnterprise(viewer),
  "read:service-request:own": (viewer, o: Request) => (isEnterprise(viewer) && ownsOrg(viewer, o.enterpriseOrgId)) || isExchange(viewer),
  /** Starting, resolving and closing: the assignee, or the exchange admin (the escalation path). */
  "work:service-request:assigned": (viewer, o: Request) => isServiceSpecialist(viewer) && (isAssigned(viewer, o.assigneeUserId) || isExchangeAdmin(viewer)),
  /** Closing without resolution may also be the enterprise withdrawing its own request. */
  "withdraw:service-request:own": (viewer, o: Request) => isEnterprise(viewer) && ownsOrg(viewer, o.enterpriseOrgId),
  "rate:service-request:own": (viewer, o: Request) => isEnterprise(viewer) && ownsOrg(viewer, o.enterpriseOrgId),
  "record:visit:any": (viewer) => isServiceSpecialist(viewer),
  /** 政策宣传 is the exchange's service staff's. */
  "publish:policy-post:any": (viewer) => isServiceSpecialist(viewer),
  /** Which posts fit is shown to an enterprise for itself. */
  "match:policy-post:own": (viewer) => isEnterprise(viewer),
  /** The ESOP register: the enterprise keeps its own, its service person (or any service staff) may record for it. */
  "manage:esop:own": (viewer, o: Served) => (isEnterprise(viewer) && ownsOrg(viewer, o.enterpriseOrgId)) || isServiceSpecialist(viewer),
  "read:esop:own": (viewer, o: Served) => (isEnterprise(viewer) && ownsOrg(viewer, o.enterpriseOrgId)) || isExchange(viewer),
  "register:esop-custody:any": (viewer) => isServiceSpecialist(viewer),
  /** The enterprise's own register in its menu. */
  "keep:esop-register:own": (viewer) => isEnterprise(viewer),
  /** The day's reminder digest page: whoever reminders are sent to (enterprises and exchange staff). */
  "read:reminder:own": (viewer) => isEnterprise(viewer) || isExchange(viewer),
  /** The enterprise sees its own service person (and the message button). */
  "read:service-person:own": (viewer) => isEnterprise(viewer),
  /** Exchange staff list service requests (their own, or the whole desk with read:service-desk). */
  "list:service-request:exchange": (viewer) => isExchange(viewer),
  /** Files of visits and cultivation stages are the exchange's records. */
  "read:service-file:any": (viewer) => isExchange(viewer),
  /** The audit log links an entry to its object only where the reader may open that page. */
  "open:audit-link:any": (viewer, o: { subjectType: string }) =>
    isExchange(viewer) ? !ADMIN_PAGES.has(o.subjectType) || isExchangeAdmin(viewer) : isRegulator(viewer) && REGULATOR_PAGES.has(o.subjectType),
  /** Dashboards and the report packs: the exchange and the three regulators. */
  "read:board-statistics:any": (viewer) => isSupervisor(viewer),
  /** A prefecture's bureau reads the same dashboard for its own prefecture only (ADR 0825). */
  "read:board-statistics:prefecture": (viewer) => isPrefectureBureau(viewer),
  "generate:report-pack:any": (viewer) => isExchangeAdmin(viewer),
  "download:report-pack:any": (viewer) => isSupervisor(viewer),
  /** The three regulators receive the packs: their dashboard counts the ones their organisation has not fetched. */
  "receive:report-pack:any": (viewer) => isRegulator(viewer),
});
