import { can, type Viewer } from "~/modules/access";
import type { NavItem } from "./nav-groups";
type NavRule = NavItem & { show: (viewer: Viewer) => boolean };

const any = () => true;

/**
 * The app's navigation: each page is listed for whoever the access policy lets use it (the permission its loader or
 * service asks for). Only pages that exist are listed; each area adds its entries here when its pages land. Worked
 * out on the server (root loader), so the policy never ships to the browser; the services still check every use.
 */
const NAV_RULES: NavRule[] = [
  { to: "/dashboard", label: "nav.dashboard", show: any },
  { to: "/directory", label: "nav.directory", show: any },
  { to: "/search", label: "search:nav.search", show: any },
  { to: "/search/saved", label: "search:nav.saved", show: any },
  { to: "/profile", label: "enterprises:nav.profile", show: (v) => can(v, "update:profile:own", { orgId: v!.orgId }) },
  { to: "/disclosures", label: "enterprises:nav.disclosuresReceived", show: (v) => can(v, "list:disclosure:received") },
  { to: "/needs/mine", label: "financing:nav.mine", show: (v) => can(v, "create:need:own") },
  { to: "/decks/mine", label: "roadshows:nav.decks", show: (v) => can(v, "manage:deck:own") },
  { to: "/roadshows/schedule", label: "roadshows:nav.schedule", show: (v) => can(v, "schedule:roadshow:any") },
  { to: "/roadshows/requests", label: "roadshows:nav.requests", show: (v) => can(v, "schedule:roadshow:any") || can(v, "request:roadshow:own") },
  { to: "/roadshows/faq", label: "roadshows:nav.faq", show: (v) => can(v, "manage:roadshow-faq:own") },
  { to: "/roadshows/venues", label: "roadshows:nav.venues", show: (v) => can(v, "manage:roadshow-venue:any") },
  { to: "/roadshows", label: "roadshows:nav.roadshows", show: any },
  { to: "/roadshows/mine", label: "roadshows:nav.mine", show: (v) => can(v, "list:roadshow:mine") },
  { to: "/search?index=financing_needs", label: "financing:nav.needs", show: (v) => can(v, "browse:need:market") },
  { to: "/market/institution", label: "financing:nav.institution", show: (v) => can(v, "manage:mandate:own") },
  { to: "/market/offers", label: "financing:nav.offers", show: (v) => can(v, "list:offer:own") },
  { to: "/market/products", label: "financing:nav.products", show: (v) => can(v, "browse:credit-product:market") },
  { to: "/market/applications", label: "financing:nav.applications", show: (v) => can(v, "list:product-application:lender") || can(v, "apply:credit-product:enterprise") },
  { to: "/market/follows", label: "financing:nav.follows", show: (v) => can(v, "follow:enterprise:any") },
  { to: "/market/outcomes", label: "financing:nav.outcomes", show: (v) => can(v, "read:financing-outcome:any") },
  { to: "/messages", label: "messaging:nav.messages", show: (v) => can(v, "list:conversation:own") },
  { to: "/org/members", label: "nav.members", show: (v) => can(v, "manage:member:own-org", { orgId: v!.orgId }) },
  { to: "/board/apply", label: "board:nav.apply", show: (v) => can(v, "start:application:any") },
  { to: "/board/membership", label: "board:nav.membership", show: (v) => can(v, "confirm:application:own") },
  { to: "/board/queue", label: "board:nav.queue", show: (v) => can(v, "forward:application:prefecture") },
  { to: "/board/import", label: "board:nav.import", show: (v) => can(v, "import:application-list:prefecture") },
  { to: "/board/review", label: "board:nav.review", show: (v) => can(v, "review:application:any") },
  { to: "/board/plans", label: "board:nav.plans", show: (v) => can(v, "submit:tier-plan:any") },
  { to: "/board/plans", label: "board:nav.approvals", show: (v) => can(v, "decide:tier-plan:regulator") },
  { to: "/board/notices", label: "board:nav.notices", show: (v) => can(v, "manage:notice:any") },
  { to: "/board/rounds", label: "board:nav.rounds", show: (v) => can(v, "manage:round:any") },
  { to: "/board/thresholds", label: "board:nav.thresholds", show: (v) => can(v, "manage:threshold:any") },
  { to: "/board/custody", label: "board:nav.custody", show: (v) => can(v, "manage:custody:any") },
  { to: "/board/retiering", label: "board:nav.retiering", show: (v) => can(v, "review:application:any") },
  { to: "/board/facts", label: "board:nav.facts", show: (v) => can(v, "list:fact-update:involved") },
  { to: "/board/violations", label: "board:nav.violations", show: (v) => can(v, "view:violation:any") },
  { to: "/board/disclosure-duties", label: "board:nav.disclosureDuties", show: (v) => can(v, "view:disclosure-duty:any") },
  { to: "/notices", label: "board:nav.publicNotices", show: any },
  { to: "/admin/orgs", label: "nav.adminOrgs", show: (v) => can(v, "manage:organisation:any") },
  { to: "/admin/routing", label: "nav.adminRouting", show: (v) => can(v, "manage:routing:any") },
  { to: "/admin/mail", label: "nav.adminMail", show: (v) => can(v, "manage:mail:any") },
  { to: "/admin/jobs", label: "nav.adminJobs", show: (v) => can(v, "manage:job:any") },
  { to: "/admin/audit", label: "nav.adminAudit", show: (v) => can(v, "read:audit:any") },
  { to: "/staff/enterprises", label: "staff:nav.myEnterprises", show: (v) => can(v, "read:service-desk:any") },
  { to: "/service-requests", label: "staff:nav.requests", show: (v) => can(v, "raise:service-request:own") || can(v, "read:service-desk:any") },
  { to: "/staff/workload", label: "staff:nav.workload", show: (v) => can(v, "read:service-workload:any") },
  { to: "/staff/policies", label: "staff:nav.policies", show: (v) => can(v, "publish:policy-post:any") },
  { to: "/policies", label: "staff:nav.publicPolicies", show: (v) => can(v, "match:policy-post:own") },
  { to: "/esop", label: "staff:nav.esop", show: (v) => can(v, "keep:esop-register:own") },
  { to: "/stats", label: "staff:nav.stats", show: (v) => can(v, "read:board-statistics:any") || can(v, "read:board-statistics:prefecture") },
  { to: "/reports", label: "staff:nav.reports", show: (v) => can(v, "download:report-pack:any") },
  { to: "/reminders", label: "staff:nav.reminders", show: (v) => can(v, "read:reminder:own") },
  { to: "/account", label: "nav.account", show: any },
];

/** The signed-in viewer's menu, in order. */
export function navFor(viewer: NonNullable<Viewer>): NavItem[] {
  return NAV_RULES.filter((item) => item.show(viewer)).map(({ to, label }) => ({ to, label }));
}
