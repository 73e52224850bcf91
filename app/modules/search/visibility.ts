import { audienceScope, can, type Viewer } from "~/modules/access";
import { ForbiddenError } from "~/utils/errors";
import { where, type Filter, type SearchEngine, type SearchQuery, type SearchResult } from "@search/engine";
import { searchIndex, type DocumentOf, type IndexName } from "./documents";
import { INDEX_DEFINITIONS } from "./indexes";

export type { Viewer };

/**
 * The documents a viewer may find, as a filter (null = no restriction): the access policy's audience rule
 * (`audienceScope`) compiled for the engine — those who oversee the board see everything; anonymous visitors the
 * public; alliance members also members-only; everyone signed in also what is directed to them and their own.
 */
export function visibilityFilter(viewer: Viewer): Filter | null {
  const scope = audienceScope(viewer);
  if (scope.everything) return null;
  return where.or(
    ...scope.audiences.map((audience) => where.eq("audience", audience)),
    scope.directedToOrgId ? where.and(where.eq("audience", "directed"), where.eq("audienceOrgIds", scope.directedToOrgId)) : null,
    scope.ownerOrgId ? where.eq("ownerOrgId", scope.ownerOrgId) : null,
  );
}

const mayUse = (viewer: Viewer, index: IndexName): boolean => !INDEX_DEFINITIONS[index].staffOnly || can(viewer, "search:staff-index:any");

/** Who may read what an enterprise shows alliance members: the viewers the audience rule lets see `members` documents. */
export function readsMembersText(viewer: Viewer): boolean {
  const scope = audienceScope(viewer);
  return scope.everything || scope.audiences.includes("members");
}

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
  if (!mayUse(viewer, index)) throw new ForbiddenError();
  const visible = visibilityFilter(viewer);
  return searchIndex(engine, index, {
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
  if (!mayUse(viewer, index)) return false;
  const result = await searchFor(engine, viewer, index, {
    q: query.q,
    filter: where.and(query.filter, where.eq("id", docId)),
    hitsPerPage: 1,
  });
  return result.ids.includes(docId);
}
