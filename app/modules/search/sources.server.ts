import { registerCreditProductSource } from "~/modules/financing/credit-product-source.server";
import { registerFinancingNeedSource } from "~/modules/financing/search-documents.server";
import { registerAppSearchIndexes } from "./indexes";
import { registerOrganisationSources } from "./organisation-sources.server";

/**
 * Registers this app's indexes (./indexes.ts) and every document source with the search layer, which knows no feature (search/ imports nothing
 * from app/, app/modules/search/engine-boundary.test.ts). Modules that own searchable data (organisations, financing
 * needs, credit products) register theirs with `registerDocumentSource` from their own search-source file and add
 * the call here; runtime.server.ts calls this before a runtime is created, so the app, `npm run reindex`, benches
 * and tests see the same set.
 */
export function registerAllDocumentSources(): void {
  registerAppSearchIndexes();
  registerOrganisationSources();
  registerCreditProductSource();
  registerFinancingNeedSource();
}
