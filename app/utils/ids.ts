import { createId } from "@paralleldrive/cuid2";

/** Opaque, non-sequential ids for every row that can appear in a URL. */
export const newId = (): string => createId();

/** Client-generated ids (idempotency keys) must look like ids, not like arbitrary text. */
export const CLIENT_ID_PATTERN = /^[a-z0-9][a-z0-9_-]{7,63}$/i;
