import type { Db } from "@db/client";
import type { BaseDocument, IndexName } from "./engine";

/**
 * How an index's documents are built from the database. The module that owns the data registers
 * it; the indexer asks it for documents by id, the rebuild asks it for every id.
 */
export interface DocumentSource<D extends BaseDocument = BaseDocument> {
  /** Documents for the ids that exist and should be searchable; ids left out are removed from the index. */
  load(db: Db, ids: string[]): D[] | Promise<D[]>;
  /** Exactly the ids `load` returns documents for: start-up compares their number with the index's. */
  allIds(db: Db): string[] | Promise<string[]>;
}

const sources = new Map<IndexName, DocumentSource>();

export function registerDocumentSource<D extends BaseDocument>(index: IndexName, source: DocumentSource<D>): void {
  sources.set(index, source);
}

export function documentSource(index: IndexName): DocumentSource | undefined {
  return sources.get(index);
}

export function registeredIndexes(): IndexName[] {
  return [...sources.keys()];
}
