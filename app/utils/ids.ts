import crypto from "node:crypto";

const ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
const POOL_SIZE = 4096;
let pool = Buffer.alloc(0);
let offset = 0;

function randomByte(): number {
  if (offset >= pool.length) {
    pool = crypto.randomBytes(POOL_SIZE);
    offset = 0;
  }
  return pool[offset++]!;
}

/** A uniformly random character of `alphabet` (rejection sampling keeps it unbiased). */
function randomChar(alphabet: string): string {
  const limit = 256 - (256 % alphabet.length);
  for (;;) {
    const b = randomByte();
    if (b < limit) return alphabet[b % alphabet.length]!;
  }
}

/**
 * Opaque, non-sequential ids for every row that can appear in a URL: 24 characters from a CSPRNG
 * (~119 bits), starting with a letter — the same shape as cuid2, without its per-id hashing cost,
 * which dominated bulk writes such as the bureau XLSX import.
 */
export function newId(): string {
  let id = randomChar(ALPHABET.slice(0, 26));
  for (let i = 1; i < 24; i++) id += randomChar(ALPHABET);
  return id;
}

export { CLIENT_ID_PATTERN } from "./client-id";
