import type { OrgKind, Role } from "@db/schema";

export type NavActor = { orgKind: OrgKind; roles: Role[] };
export type NavItem = { to: string; label: string; show: (a: NavActor) => boolean };

const any = () => true;
const kind = (...kinds: OrgKind[]) => (a: NavActor) => kinds.includes(a.orgKind);
const exchangeRole = (...roles: Role[]) => (a: NavActor) => a.orgKind === "exchange" && roles.some((r) => a.roles.includes(r));
const orgAdmin = (a: NavActor) => a.roles.includes("org_admin");

/**
 * The app's navigation per role. Only pages that exist are listed; each area adds its entries here
 * when its pages land. The services still check every permission — this only decides what is shown.
 */
export const NAV_ITEMS: NavItem[] = [
  { to: "/dashboard", label: "nav.dashboard", show: any },
  { to: "/directory", label: "nav.directory", show: kind("institution", "exchange", "regulator", "bureau", "enterprise") },
  { to: "/search", label: "search:nav.search", show: any },
  { to: "/search/saved", label: "search:nav.saved", show: kind("institution", "exchange", "regulator", "bureau", "enterprise") },
  { to: "/profile", label: "enterprises:nav.profile", show: kind("enterprise") },
  { to: "/disclosures", label: "enterprises:nav.disclosuresReceived", show: kind("institution") },
  { to: "/needs/mine", label: "financing:nav.mine", show: kind("enterprise") },
  { to: "/decks/mine", label: "roadshows:nav.decks", show: kind("enterprise") },
  { to: "/needs", label: "financing:nav.needs", show: kind("institution", "exchange", "regulator") },
  { to: "/market/institution", label: "marketplace:nav.institution", show: kind("institution") },
  { to: "/market/offers", label: "marketplace:nav.offers", show: kind("institution") },
  { to: "/market/products", label: "marketplace:nav.products", show: kind("institution", "enterprise") },
  { to: "/market/applications", label: "marketplace:nav.applications", show: kind("institution", "enterprise") },
  { to: "/market/follows", label: "marketplace:nav.follows", show: kind("institution", "exchange") },
  { to: "/market/outcomes", label: "marketplace:nav.outcomes", show: kind("regulator", "exchange") },
  { to: "/messages", label: "messaging:nav.messages", show: kind("enterprise", "institution", "exchange") },
  { to: "/org/members", label: "nav.members", show: orgAdmin },
  { to: "/board/apply", label: "board:nav.apply", show: kind("enterprise", "institution", "bureau") },
  { to: "/board/membership", label: "board:nav.membership", show: kind("enterprise") },
  { to: "/board/queue", label: "board:nav.queue", show: kind("bureau") },
  { to: "/board/import", label: "board:nav.import", show: kind("bureau") },
  { to: "/board/review", label: "board:nav.review", show: exchangeRole("reviewer", "exchange_admin") },
  { to: "/board/plans", label: "board:nav.plans", show: exchangeRole("reviewer", "exchange_admin") },
  { to: "/board/plans", label: "board:nav.approvals", show: kind("regulator") },
  { to: "/board/notices", label: "board:nav.notices", show: exchangeRole("reviewer", "exchange_admin") },
  { to: "/board/rounds", label: "board:nav.rounds", show: exchangeRole("exchange_admin") },
  { to: "/board/thresholds", label: "board:nav.thresholds", show: exchangeRole("exchange_admin") },
  { to: "/board/custody", label: "board:nav.custody", show: (a) => a.orgKind === "exchange" },
  { to: "/board/retiering", label: "board:nav.retiering", show: exchangeRole("reviewer", "exchange_admin") },
  { to: "/notices", label: "board:nav.publicNotices", show: any },
  { to: "/admin/orgs", label: "nav.adminOrgs", show: exchangeRole("exchange_admin") },
  { to: "/admin/routing", label: "nav.adminRouting", show: exchangeRole("exchange_admin") },
  { to: "/admin/mail", label: "nav.adminMail", show: exchangeRole("exchange_admin") },
  { to: "/admin/jobs", label: "nav.adminJobs", show: exchangeRole("exchange_admin") },
  { to: "/admin/audit", label: "nav.adminAudit", show: (a) => a.orgKind === "exchange" || a.orgKind === "regulator" },
  { to: "/staff/enterprises", label: "staff:nav.myEnterprises", show: exchangeRole("service_specialist", "exchange_admin") },
  { to: "/service-requests", label: "staff:nav.requests", show: (a) => a.orgKind === "enterprise" || exchangeRole("service_specialist", "exchange_admin")(a) },
  { to: "/staff/workload", label: "staff:nav.workload", show: exchangeRole("exchange_admin") },
  { to: "/stats", label: "staff:nav.stats", show: kind("exchange", "regulator") },
  { to: "/reports", label: "staff:nav.reports", show: kind("exchange", "regulator") },
  { to: "/staff/policies", label: "staff:nav.policies", show: exchangeRole("service_specialist", "exchange_admin") },
  { to: "/policies", label: "staff:nav.publicPolicies", show: kind("enterprise") },
  { to: "/esop", label: "staff:nav.esop", show: kind("enterprise") },
  { to: "/reminders", label: "staff:nav.reminders", show: kind("exchange", "enterprise") },
  { to: "/account", label: "nav.account", show: any },
];

export function navFor(actor: NavActor): NavItem[] {
  return NAV_ITEMS.filter((item) => item.show(actor));
}
