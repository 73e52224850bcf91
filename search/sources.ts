import type { Db } from "@db/client";
import type { DocumentOf, IndexName } from "./engine";

/**
 * How an index's documents are built from the database. The module that owns the data registers
 * it; the indexer asks it for documents by id, the rebuild asks it for every id.
 */
export interface DocumentSource<I extends IndexName> {
  /** Documents for the ids that exist and should be searchable; ids left out are removed from the index. */
  load(db: Db, ids: string[]): DocumentOf<I>[] | Promise<DocumentOf<I>[]>;
  /** Exactly the ids `load` returns documents for: start-up compares their number with the index's. */
  allIds(db: Db): string[] | Promise<string[]>;
}

const sources = new Map<IndexName, DocumentSource<IndexName>>();

export function registerDocumentSource<I extends IndexName>(index: I, source: DocumentSource<I>): void {
  sources.set(index, source as unknown as DocumentSource<IndexName>);
}

export function documentSource<I extends IndexName>(index: I): DocumentSource<I> | undefined {
  return sources.get(index) as DocumentSource<I> | undefined;
}

export function registeredIndexes(): IndexName[] {
  return [...sources.keys()];
}
