import { registerCreditProductSource } from "../../app/modules/financing/credit-product-source.server";
import { registerFinancingNeedSource } from "../../app/modules/financing/search-documents.server";
import { registerOrganisationSources } from "./organisations";

/**
 * Registers every document source the search layer knows. Modules that own other searchable data
 * (financing needs, credit products) register theirs with `registerDocumentSource` from their own
 * search-source file and add the call here, so the app and `npm run reindex` see the same set.
 */
export function registerAllDocumentSources(): void {
  registerOrganisationSources();
  registerCreditProductSource();
  registerFinancingNeedSource();
}
