/**
 * Client-generated ids (idempotency keys) must look like ids, not like arbitrary text. Kept apart from ids.ts (which
 * uses node:crypto) so schemas that forms also use in the browser can check them.
 */
export const CLIENT_ID_PATTERN = /^[a-z0-9][a-z0-9_-]{7,63}$/i;
