import { can } from "~/modules/access";
import { listBureauQueue } from "~/modules/board/bureau-queue.server";
import { boardFigures } from "~/modules/dashboard/board-figures.server";
import type { Actor } from "~/modules/identity/actor";
import type { AppContext } from "~/utils/context.server";

/**
 * The tiles at the top of /stats, per role (ADR 0825). The period's totals (enterprises on the board at its end,
 * financing obtained in it, and for the supervisors the service desk's SLA and satisfaction) come first, then the
 * figures the viewer acts on — the same ones, counted the same way, as the dashboard's board figures (ADR 0812), or a
 * bureau's own queue. Each tile links to the list it counts, filtered where that list takes the filter, and only when
 * the access policy lets the viewer open that list: a figure whose list the viewer may not open is not shown at all,
 * a period total is shown without a link.
 */

export type StatsTileFormat = "count" | "wan" | "percentBp" | "ratingX100";
export type StatsTile = {
  key: string;
  /** A catalogue key with its namespace. */
  label: string;
  value: number | null;
  format: StatsTileFormat;
  /** A second line (e.g. the number of deals), as a catalogue key and its count. */
  note?: { label: string; n: number };
  href: string | null;
  tone: "urgent" | "attention" | "neutral";
};

/** Who may open each list a tile links to: the permission that list's loader or service asks for. */
const LIST_ACCESS: Record<string, (actor: Actor) => boolean> = {
  "/search": () => true,
  "/notices": () => true,
  "/market/outcomes": (a) => can(a, "read:financing-outcome:any"),
  "/board/plans": (a) => can(a, "decide:tier-plan:regulator") || can(a, "submit:tier-plan:any"),
  "/disclosures": (a) => can(a, "list:disclosure:received"),
  "/board/violations": (a) => can(a, "view:violation:any"),
  "/board/review": (a) => can(a, "review:application:any"),
  "/board/notices": (a) => can(a, "manage:notice:any"),
  "/board/disclosure-duties": (a) => can(a, "view:disclosure-duty:any"),
  "/board/queue": (a) => can(a, "forward:application:prefecture"),
  "/staff/enterprises": (a) => can(a, "read:service-desk:any"),
  "/service-requests": (a) => can(a, "read:service-desk:any"),
};

/** Whether the viewer may open the list at `href` (a list not named above is never linked). */
export function mayOpenList(actor: Actor, href: string): boolean {
  const path = href.split("?")[0]!;
  return LIST_ACCESS[path]?.(actor) ?? false;
}

export type StatsTotals = { enterprises: number; financingTotal: number; financingCount: number; requestsRaised: number; slaRateBp: number | null; averageRatingX100: number | null };
export type StatsPeriod = { from: string; to: string; prefecture?: string };

export function statsTiles(ctx: AppContext, actor: Actor, totals: StatsTotals, period: StatsPeriod): StatsTile[] {
  const link = (href: string) => (mayOpenList(actor, href) ? href : null);
  const qs = (params: Record<string, string | undefined>) => new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => !!e[1])).toString();
  const tiles: StatsTile[] = [
    { key: "enterprises", label: "staff:stats.totals.enterprises", value: totals.enterprises, format: "count", href: link(`/search?${qs({ index: "enterprises", prefecture: period.prefecture })}`), tone: "neutral" },
    {
      key: "financing",
      label: "staff:stats.totals.financing",
      value: totals.financingTotal,
      format: "wan",
      note: { label: "staff:stats.totals.financingCount", n: totals.financingCount },
      // The outcomes list takes the period (not the prefecture).
      href: link(`/market/outcomes?${qs({ from: period.from, to: period.to })}`),
      tone: "neutral",
    },
  ];
  if (can(actor, "read:board-statistics:any")) {
    tiles.push(
      { key: "sla", label: "staff:stats.totals.sla", value: totals.slaRateBp, format: "percentBp", note: { label: "staff:stats.totals.raised", n: totals.requestsRaised }, href: link("/service-requests?scope=all"), tone: "neutral" },
      { key: "satisfaction", label: "staff:stats.totals.satisfaction", value: totals.averageRatingX100, format: "ratingX100", href: link("/service-requests?scope=all&state=resolved"), tone: "neutral" },
    );
  }
  // What the viewer acts on, as on the dashboard; the per-tier counts are the tier chart below.
  const { audience, figures } = boardFigures(ctx, actor);
  if (audience === "regulator" || audience === "exchange") {
    for (const f of figures) {
      if (f.key.startsWith("tier.") || !mayOpenList(actor, f.href)) continue;
      tiles.push({ key: f.key, label: `common:dashboard.figures.${f.key}`, value: f.value, format: "count", href: f.href, tone: f.tone });
    }
  }
  if (can(actor, "forward:application:prefecture")) {
    const toForward = listBureauQueue(ctx, actor, { state: "submitted" }).length;
    tiles.push({ key: "toForward", label: "staff:stats.totals.toForward", value: toForward, format: "count", href: link("/board/queue?state=submitted"), tone: toForward > 0 ? "attention" : "neutral" });
  }
  return tiles;
}
