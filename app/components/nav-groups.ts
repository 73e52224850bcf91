/** One page of the signed-in menu; which pages a viewer gets is decided on the server (nav.server.ts). */
export type NavItem = { to: string; label: string };

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
  ["/search?index=financing_needs", "financing"],
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
  ["/stats", "service"],
  ["/reminders", "service"],
  ["/esop", "enterprise"],
  ["/admin/", "admin"],
  ["/org/", "admin"],
  ["/account", "admin"],
];

export function groupOf(item: Pick<NavItem, "to">): NavGroup | null {
  if (TOP_LEVEL.has(item.to)) return null;
  return GROUP_BY_PREFIX.find(([prefix]) => item.to === prefix || item.to.startsWith(prefix))?.[1] ?? "admin";
}

export type NavSection = { group: NavGroup | null; items: NavItem[] };

/** The viewer's menu (worked out on the server): top-level links first, then each group that has pages, in order. */
export function navSections(items: NavItem[]): NavSection[] {
  const sections: NavSection[] = [{ group: null, items: items.filter((i) => groupOf(i) === null) }];
  for (const group of NAV_GROUPS) {
    const inGroup = items.filter((i) => groupOf(i) === group);
    if (inGroup.length) sections.push({ group, items: inGroup });
  }
  return sections;
}

/**
 * Whether a menu entry is the page shown, by NavLink's rule (its own page and the pages below it, the query ignored,
 * case-insensitive): the menu renders plain anchors (site-header.tsx). Menu targets are absolute paths.
 */
export function isCurrentPage(to: string, pathname: string): boolean {
  const target = (to.split(/[?#]/)[0] ?? to).toLowerCase();
  const here = pathname.toLowerCase();
  return here === target || (target !== "/" && here.startsWith(target) && here.charAt(target.length) === "/");
}
