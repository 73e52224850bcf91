import type { Audience } from "@db/schema/constants";
import type { Actor } from "~/modules/identity/actor";

/** Who is looking: a signed-in actor, or null for an anonymous visitor. */
export type Viewer = Actor | null;

/**
 * Why a viewer may see something, or null if they may not. `supervision` is the exchange center and the
 * regulators (they oversee the board and receive data "by regulation"); `members` is the service-institution
 * alliance; `grant` is an enterprise's explicit data authorisation.
 */
export type Access = "public" | "owner" | "supervision" | "members" | "directed" | "grant";

export const isSupervisor = (viewer: Viewer): boolean => viewer?.orgKind === "exchange" || viewer?.orgKind === "regulator";
export const isAllianceMember = (viewer: Viewer): boolean => viewer?.orgKind === "institution";

/**
 * The one rule for profiles, needs and decks: given an object's owner and audience, how (if at all) may
 * this viewer see it. `granted` says whether a live data authorisation covers it.
 */
export function accessFor(
  viewer: Viewer,
  target: { ownerOrgId: string; audience: Audience; directedOrgIds: readonly string[] },
  granted = false,
): Access | null {
  if (target.audience === "public") return "public";
  if (!viewer) return null;
  if (viewer.orgId === target.ownerOrgId) return "owner";
  if (isSupervisor(viewer)) return "supervision";
  if (target.audience === "members" && isAllianceMember(viewer)) return "members";
  if (target.audience === "directed" && target.directedOrgIds.includes(viewer.orgId)) return "directed";
  if (granted) return "grant";
  return null;
}

/** Access that reaches data beyond the public: each such view is written to the audit chain. */
export const isAuthorisedAccess = (access: Access | null): boolean => access !== null && access !== "public" && access !== "owner";

export function parseIdList(json: string | null | undefined): string[] {
  if (!json) return [];
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
  } catch {
    return [];
  }
}
