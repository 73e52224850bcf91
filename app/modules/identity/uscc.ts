/**
 * Unified Social Credit Code (统一社会信用代码), GB 32100-2015.
 * Pure and shared by server validation and the sign-up form, so the browser can point at the same
 * failed check the server would.
 */
export const USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

export type UsccCheck =
  | { ok: true; uscc: string; divisionCode: string; checkChar: string }
  | { ok: false; reason: "length" | "characters" | "division" | "checkDigit"; expected?: string; badChar?: string };

export function normaliseUscc(input: string): string {
  return input.trim().toUpperCase().replace(/\s+/g, "");
}

export function usccCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_ALPHABET.indexOf(first17[i]!) * WEIGHTS[i]!;
  const c = 31 - (sum % 31);
  return USCC_ALPHABET[c === 31 ? 0 : c]!;
}

export function checkUscc(input: string): UsccCheck {
  const uscc = normaliseUscc(input);
  if (uscc.length !== 18) return { ok: false, reason: "length" };
  for (const ch of uscc) {
    if (!USCC_ALPHABET.includes(ch)) return { ok: false, reason: "characters", badChar: ch };
  }
  const divisionCode = uscc.slice(2, 8);
  if (!/^\d{6}$/.test(divisionCode)) return { ok: false, reason: "division" };
  const expected = usccCheckChar(uscc.slice(0, 17));
  if (uscc[17] !== expected) return { ok: false, reason: "checkDigit", expected };
  return { ok: true, uscc, divisionCode, checkChar: expected };
}

/** Builds a valid code from its first 17 characters (used by the demo seed and tests). */
export function completeUscc(first17: string): string {
  return first17 + usccCheckChar(first17);
}
