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

type Registered = {
  from: SearchSchema | null;
  documentsVersion: number;
  definitions: Map<string, IndexDefinition>;
  synonyms: readonly SynonymGroup[];
  meiliSynonyms: Record<string, string[]>;
};

/**
 * Kept on the process, not the module: the server (server.ts) registers at start, while the pages run from the Remix
 * build, which bundles its own copy of this module — both must see the one registration.
 */
const KEY = Symbol.for("search.registry");
const holder = globalThis as typeof globalThis & { [KEY]?: Registered };
const state = (): Registered => (holder[KEY] ??= { from: null, documentsVersion: 1, definitions: new Map(), synonyms: [], meiliSynonyms: {} });

/** Registers the app's indexes (idempotent for the same schema content; a different one replaces the old). */
export function registerSearchSchema(schema: SearchSchema): void {
  const current = state();
  if (current.from === schema || (current.from && JSON.stringify(current.from) === JSON.stringify(schema))) return;
  const synonyms = schema.vocabulary === undefined ? [] : synonymGroupsOf(schema.vocabulary);
  holder[KEY] = { from: schema, documentsVersion: schema.documentsVersion, definitions: new Map(schema.indexes.map((d) => [d.name, d])), synonyms, meiliSynonyms: meiliSynonyms(synonyms) };
}

/** The settings of a registered index; an index the app never registered is a programming error. */
export function indexDefinition(index: string): IndexDefinition {
  const def = state().definitions.get(index);
  if (!def) throw new Error(`Search index "${index}" is not registered: the app registers its indexes (registerSearchSchema) before it searches`);
  return def;
}

export const isRegisteredIndex = (value: unknown): value is string => typeof value === "string" && state().definitions.has(value);

export const registeredIndexNames = (): string[] => [...state().definitions.keys()];

export const documentsVersion = (): number => state().documentsVersion;

/** The registered synonym groups (empty until the app registers a vocabulary). */
export const synonymGroups = (): readonly SynonymGroup[] => state().synonyms;

/** Meilisearch's synonyms setting for the registered vocabulary. */
export const registeredMeiliSynonyms = (): Record<string, string[]> => state().meiliSynonyms;
