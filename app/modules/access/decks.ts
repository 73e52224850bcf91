import { accessFor, type Access, type AudienceTarget } from "./audience";
import { definePolicy, type Viewer } from "./policy";
import { isEnterprise, ownsOrg } from "./subjects";

/**
 * Roadshow decks (路演材料): they follow the profile audience rule; an archived deck is its owner's alone. A share
 * link is a capability handed to an outsider, not a viewer, so the deck service honours it before asking here.
 */
export type DeckAudience = { enterpriseOrgId: string; archivedAt: number | null } & Pick<AudienceTarget, "audience" | "directedOrgIds">;

export function deckAccessOf(viewer: Viewer, deck: DeckAudience): Access | null {
  if (deck.archivedAt && !ownsOrg(viewer, deck.enterpriseOrgId)) return null;
  return accessFor(viewer, { ownerOrgId: deck.enterpriseOrgId, audience: deck.audience, directedOrgIds: deck.directedOrgIds });
}

export const decksPolicy = definePolicy({
  "read:deck:audience": (viewer, deck: DeckAudience) => deckAccessOf(viewer, deck) !== null,
  /** The enterprise uploads, edits, shares and archives its decks and reads their analytics. Without a deck: is an enterprise. */
  "manage:deck:own": (viewer, deck?: { enterpriseOrgId: string }) => isEnterprise(viewer) && (!deck || ownsOrg(viewer, deck.enterpriseOrgId)),
  "read:deck-analytics:own": (viewer, deck: { enterpriseOrgId: string }) => isEnterprise(viewer) && ownsOrg(viewer, deck.enterpriseOrgId),
});
