import type { OrgKind } from "@db/schema";
import { ForbiddenError } from "~/utils/errors";
import { where, type DocumentOf, type Filter, type IndexName, type SearchEngine, type SearchQuery, type SearchResult } from "./engine";
import { INDEX_DEFINITIONS } from "./indexes";

/** The part of an Actor search needs; null = anonymous visitor. */
export type Viewer = { orgId: string; orgKind: OrgKind } | null;

/** Exchange staff and the regulators see every document (they supervise the board). */
export const seesEverything = (viewer: Viewer): boolean => viewer?.orgKind === "exchange" || viewer?.orgKind === "regulator";

/**
 * The documents a viewer may find, as a filter (null = no restriction):
 * - anonymous: public;
 * - alliance members (institutions): public, members-only, and directed to their organisation;
 * - other signed-in organisations: public and directed to them;
 * - everyone signed in: their own organisation's documents.
 */
export function visibilityFilter(viewer: Viewer): Filter | null {
  if (seesEverything(viewer)) return null;
  if (!viewer) return where.eq("audience", "public");
  return where.or(
    where.eq("audience", "public"),
    viewer.orgKind === "institution" ? where.eq("audience", "members") : null,
    where.and(where.eq("audience", "directed"), where.eq("audienceOrgIds", viewer.orgId)),
    where.eq("ownerOrgId", viewer.orgId),
  );
}

/** Who may read what an enterprise shows alliance members (the same viewers as the `members` audience above). */
export const readsMembersText = (viewer: Viewer): boolean => seesEverything(viewer) || viewer?.orgKind === "institution";

/**
 * Searches as `viewer`: the visibility filter is added to the engine query, so hits, totals and
 * facet counts are all computed under it (a directed document never shows up even as a count).
 * The owning module still re-checks `result.ids` before rendering.
 */
export async function searchFor<I extends IndexName>(
  engine: SearchEngine,
  viewer: Viewer,
  index: I,
  query: SearchQuery,
): Promise<SearchResult<DocumentOf<I>>> {
  if (INDEX_DEFINITIONS[index].staffOnly && !seesEverything(viewer)) throw new ForbiddenError();
  const visible = visibilityFilter(viewer);
  return engine.search(index, {
    ...query,
    filter: visible ? where.and(query.filter, visible) : query.filter,
    // Members-only text (a members-only business section) is matched and returned only for those who may read it.
    membersText: readsMembersText(viewer),
  });
}

/**
 * Whether one document matches a (saved) query for this viewer: for saved-search alerts when the
 * indexer has applied a change.
 */
export async function matchesQuery(
  engine: SearchEngine,
  viewer: Viewer,
  index: IndexName,
  query: SearchQuery,
  docId: string,
): Promise<boolean> {
  if (INDEX_DEFINITIONS[index].staffOnly && !seesEverything(viewer)) return false;
  const result = await searchFor(engine, viewer, index, {
    q: query.q,
    filter: where.and(query.filter, where.eq("id", docId)),
    hitsPerPage: 1,
  });
  return result.ids.includes(docId);
}
