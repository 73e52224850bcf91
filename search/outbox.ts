import { searchOutbox } from "@db/schema";
import type { Db } from "@db/client";
import type { IndexName } from "./engine";

/** The database or a transaction on it: enqueue inside the transaction that changes the data. */
export type DbOrTx = Pick<Db, "insert">;

export interface SearchUpdate {
  index: IndexName;
  id: string;
  op: "upsert" | "delete";
}

type Listener = () => void;
const listeners = new Set<Listener>();

/** The in-process indexer listens here so a change reaches the index without waiting for a poll. */
export function onSearchOutbox(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function notify(): void {
  // After the current (synchronous) transaction has committed.
  if (listeners.size) setImmediate(() => listeners.forEach((l) => l()));
}

/**
 * Records that a searchable object changed. Call it inside the same transaction as the change:
 * if the transaction rolls back, so does the outbox row.
 */
export function enqueueSearchUpdate(db: DbOrTx, update: SearchUpdate): void {
  enqueueSearchUpdates(db, [update]);
}

export function enqueueSearchUpdates(db: DbOrTx, updates: SearchUpdate[]): void {
  if (updates.length === 0) return;
  db.insert(searchOutbox)
    .values(updates.map((u) => ({ indexName: u.index, docId: u.id, op: u.op })))
    .run();
  notify();
}
