import { meiliSynonyms, synonymGroupsOf, type IndexDefinition, type SynonymGroup } from "./indexes";

/**
 * What the app tells the engine layer about its indexes before it creates a runtime: the layer knows no feature, so
 * the index names, their settings, the version of the documents' shape and the synonym vocabulary all come from the
 * app (app/modules/search/indexes.ts), as the document sources do (search/sources.ts).
 */
export interface SearchSchema {
  /**
   * The shape of the documents the sources build. Meilisearch keeps documents across a settings change, so its index
   * names carry this version: after a change of shape the app starts on fresh, empty indexes and the start-up count
   * check rebuilds them from the database (the embedded engine starts a new generation when its settings change).
   */
  documentsVersion: number;
  indexes: readonly IndexDefinition[];
  /** A vocabulary file's content (`{ groups: [{ words: [...] }] }`, see `vocabularyFile`). */
  vocabulary?: unknown;
}

type Registered = { documentsVersion: number; definitions: Map<string, IndexDefinition>; synonyms: readonly SynonymGroup[]; meiliSynonyms: Record<string, string[]> };

let registered: Registered = { documentsVersion: 1, definitions: new Map(), synonyms: [], meiliSynonyms: {} };
let registeredFrom: SearchSchema | null = null;

/** Registers the app's indexes (idempotent for the same schema object; a new one replaces the old). */
export function registerSearchSchema(schema: SearchSchema): void {
  if (registeredFrom === schema) return;
  const synonyms = schema.vocabulary === undefined ? [] : synonymGroupsOf(schema.vocabulary);
  registered = { documentsVersion: schema.documentsVersion, definitions: new Map(schema.indexes.map((d) => [d.name, d])), synonyms, meiliSynonyms: meiliSynonyms(synonyms) };
  registeredFrom = schema;
}

/** The settings of a registered index; an index the app never registered is a programming error. */
export function indexDefinition(index: string): IndexDefinition {
  const def = registered.definitions.get(index);
  if (!def) throw new Error(`Search index "${index}" is not registered: the app registers its indexes (registerSearchSchema) before it searches`);
  return def;
}

export const isRegisteredIndex = (value: unknown): value is string => typeof value === "string" && registered.definitions.has(value);

export const registeredIndexNames = (): string[] => [...registered.definitions.keys()];

export const documentsVersion = (): number => registered.documentsVersion;

/** The registered synonym groups (empty until the app registers a vocabulary). */
export const synonymGroups = (): readonly SynonymGroup[] => registered.synonyms;

/** Meilisearch's synonyms setting for the registered vocabulary. */
export const registeredMeiliSynonyms = (): Record<string, string[]> => registered.meiliSynonyms;
