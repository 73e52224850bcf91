import { hash, verify } from "@node-rs/argon2";
import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as zxcvbnCommon from "@zxcvbn-ts/language-common";
import { DomainError } from "~/utils/errors";

// OWASP's argon2id baseline (19 MiB, 2 passes): strong enough, and ~30 ms on this 2-core machine.
const OPTIONS = { algorithm: 2 /* Argon2id */, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A hash of nothing in particular, checked when the account does not exist so timing reveals nothing. */
let decoy: Promise<string> | undefined;
export async function verifyAgainstDecoy(password: string): Promise<void> {
  decoy ??= hashPassword("decoy-password-for-timing");
  await verifyPassword(await decoy, password);
}

/**
 * zxcvbn-ts with its common-password, name and keyboard dictionaries (ADR 0602): built on first use (the
 * dictionaries are a few MB), server-side only.
 */
let estimator: ZxcvbnFactory | undefined;
function strength(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({ dictionary: { ...zxcvbnCommon.dictionary }, graphs: zxcvbnCommon.adjacencyGraphs });
  return estimator;
}

/** Score 3 of 4: about 10^8 guesses or more — no common password, repetition, sequence or keyboard walk. */
export const MIN_PASSWORD_SCORE = 3;

/**
 * Refuses a new password that is common or guessable (ASVS 6.2.4, 6.2.11), counting the user's own e-mail, name and
 * organisation as known words. Every place that sets a password (sign-up, invitation, reset) calls this.
 */
export function assertAcceptablePassword(password: string, userInputs: (string | null | undefined)[] = []): void {
  const words = userInputs.flatMap((w) => (w ? [w, w.split("@")[0]!, ...w.split(/[@.\s_-]+/)] : [])).filter((w) => w.length >= 3);
  const result = strength().check(password, words);
  if (result.score < MIN_PASSWORD_SCORE) throw new DomainError("validation.passwordWeak", {}, "password");
}
