import { definePolicy } from "./policy";
import { isSupervisor } from "./subjects";

/**
 * Search: what a viewer finds in an index is the audience rule compiled into an engine filter (`audienceScope`, used
 * by app/modules/search/visibility.ts); some indexes (organisations) are for those who oversee the board only.
 */
export const searchPolicy = definePolicy({
  "search:staff-index:any": (viewer) => isSupervisor(viewer),
});
