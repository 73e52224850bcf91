import type { Audience } from "@db/schema/constants";
import type { Viewer } from "./policy";
import { isAllianceMember, isSupervisor, ownsOrg } from "./subjects";

/**
 * Why a viewer may see something an enterprise published, or null if they may not. `supervision` is the exchange
 * center and the regulators (they oversee the board and receive data "by regulation"); `members` is the
 * service-institution alliance; `grant` is an enterprise's explicit data authorisation.
 */
export type Access = "public" | "owner" | "supervision" | "members" | "directed" | "grant";

/** What an audience rule needs of an object: who owns it, to whom it is shown, and to which organisations if directed. */
export type AudienceTarget = { ownerOrgId: string; audience: Audience; directedOrgIds: readonly string[] };

/**
 * The one audience rule for profile sections, financing needs and decks: given an object's owner and audience, on
 * what ground (if any) this viewer sees it. `granted` says whether a live data authorisation covers it.
 */
export function accessFor(viewer: Viewer, target: AudienceTarget, granted = false): Access | null {
  if (target.audience === "public") return "public";
  if (!viewer) return null;
  if (ownsOrg(viewer, target.ownerOrgId)) return "owner";
  if (isSupervisor(viewer)) return "supervision";
  if (target.audience === "members" && isAllianceMember(viewer)) return "members";
  if (target.audience === "directed" && target.directedOrgIds.includes(viewer.orgId)) return "directed";
  if (granted) return "grant";
  return null;
}

/** Access that reaches data beyond the public: each such view is written to the audit chain. */
export const isAuthorisedAccess = (access: Access | null): boolean => access !== null && access !== "public" && access !== "owner";

/**
 * The same rule as a filter for a search engine or a query: which audiences (and owner / directed organisations) a
 * viewer's documents may have. `everything` when the viewer supervises the board. Grants are per enterprise and
 * per section, so they never widen a listing; the owning module re-checks each hit with `accessFor`.
 */
export type AudienceScope =
  | { everything: true }
  | { everything: false; audiences: readonly Audience[]; ownerOrgId: string | null; directedToOrgId: string | null };

export function audienceScope(viewer: Viewer): AudienceScope {
  if (isSupervisor(viewer)) return { everything: true };
  if (!viewer) return { everything: false, audiences: ["public"], ownerOrgId: null, directedToOrgId: null };
  return {
    everything: false,
    audiences: isAllianceMember(viewer) ? ["public", "members"] : ["public"],
    ownerOrgId: viewer.orgId,
    directedToOrgId: viewer.orgId,
  };
}
