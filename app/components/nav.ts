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
  { to: "/roadshows/schedule", label: "roadshows:nav.schedule", show: exchangeRole("roadshow_scheduler", "exchange_admin") },
  { to: "/roadshows/requests", label: "roadshows:nav.requests", show: (a) => kind("enterprise")(a) || exchangeRole("roadshow_scheduler", "exchange_admin")(a) },
  { to: "/roadshows/venues", label: "roadshows:nav.venues", show: exchangeRole("exchange_admin") },
  { to: "/roadshows", label: "roadshows:nav.roadshows", show: any },
  { to: "/roadshows/mine", label: "roadshows:nav.mine", show: kind("enterprise", "institution", "exchange") },
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
  { to: "/account", label: "nav.account", show: any },
];

export function navFor(actor: NavActor): NavItem[] {
  return NAV_ITEMS.filter((item) => item.show(actor));
}

/**
 * The menu is grouped by task, so a role's 15–25 pages read as a handful of headings. A page's group follows from
 * its path (a new page under /board/ lands in the board group without touching this list); the few pages that open
 * every working day stay at the top level.
 */
export const NAV_GROUPS = ["financing", "enterprise", "board", "roadshows", "service", "admin"] as const;
export type NavGroup = (typeof NAV_GROUPS)[number];
const TOP_LEVEL = new Set(["/dashboard", "/search", "/messages"]);
const GROUP_BY_PREFIX: [prefix: string, group: NavGroup][] = [
  ["/needs", "financing"],
  ["/market/", "financing"],
  ["/disclosures", "financing"],
  ["/search/saved", "financing"],
  ["/profile", "enterprise"],
  ["/decks", "enterprise"],
  ["/directory", "enterprise"],
  ["/board/", "board"],
  ["/notices", "board"],
  ["/roadshows", "roadshows"],
  ["/venues", "roadshows"],
  ["/staff", "service"],
  ["/service", "service"],
  ["/policies", "service"],
  ["/reports", "service"],
  ["/admin/", "admin"],
  ["/org/", "admin"],
  ["/account", "admin"],
];

export function groupOf(item: Pick<NavItem, "to">): NavGroup | null {
  if (TOP_LEVEL.has(item.to)) return null;
  return GROUP_BY_PREFIX.find(([prefix]) => item.to === prefix || item.to.startsWith(prefix))?.[1] ?? "admin";
}

export type NavSection = { group: NavGroup | null; items: NavItem[] };

/** The actor's menu: top-level links first, then each group that has pages for this actor, in NAV_GROUPS order. */
export function navSectionsFor(actor: NavActor): NavSection[] {
  const items = navFor(actor);
  const sections: NavSection[] = [{ group: null, items: items.filter((i) => groupOf(i) === null) }];
  for (const group of NAV_GROUPS) {
    const inGroup = items.filter((i) => groupOf(i) === group);
    if (inGroup.length) sections.push({ group, items: inGroup });
  }
  return sections;
}
