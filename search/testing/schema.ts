import { registerSearchSchema, type SearchSchema } from "../registry";

/** A generic index for the engine layer's own tests: the layer knows no feature, so its tests use none either. */
export const THINGS_SCHEMA: SearchSchema = {
  documentsVersion: 1,
  indexes: [
    {
      name: "things",
      searchable: ["name", "summary"],
      headline: ["name"],
      filterable: ["id", "audience", "audienceOrgIds", "ownerOrgId", "updatedAt"],
      arrayFields: ["audienceOrgIds"],
      rangeFields: ["updatedAt"],
      sortable: ["name", "updatedAt"],
      facetable: [],
      highlight: ["name"],
      staffOnly: false,
      membersOnly: [],
    },
  ],
};

export const registerThingsIndex = (): void => registerSearchSchema(THINGS_SCHEMA);
