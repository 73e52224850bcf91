import type { Viewer } from "./policy";
import { definePolicy } from "./policy";
import { isEnterprise, isExchange, isExchangeAdmin, isServiceSpecialist, isSupervisor, ownsOrg } from "./subjects";

/** The service desk: who serves an enterprise, service requests, visits, dashboards and report packs. */

/** The enterprise's dedicated service person as the rules see it. */
type Served = { enterpriseOrgId: string; servicePersonUserId: string | null };
type Request = { enterpriseOrgId: string; assigneeUserId: string | null };

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
  /** Dashboards and the report packs: the exchange and the three regulators. */
  "read:board-statistics:any": (viewer) => isSupervisor(viewer),
  "generate:report-pack:any": (viewer) => isExchangeAdmin(viewer),
  "download:report-pack:any": (viewer) => isSupervisor(viewer),
});
