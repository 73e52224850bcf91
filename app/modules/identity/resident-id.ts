/**
 * Citizen identity number (公民身份号码), GB 11643-1999: 6-digit address code, 8-digit birth date, 3-digit
 * sequence and an ISO 7064 MOD 11-2 check character (0–9 or X). Pure, for server and browser alike.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK = "10X98765432";

export function residentIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

/** True for an 18-character number with a real birth date (not in the future) and the right check character. */
export function isValidResidentId(input: string, today = new Date()): boolean {
  const id = input.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const born = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || born.getUTCFullYear() !== y || born.getUTCMonth() !== m - 1 || born.getUTCDate() !== d || born > today) return false;
  return id[17] === residentIdCheckChar(id.slice(0, 17));
}

/** Builds a valid number from its first 17 digits (tests and the demo seed). */
export function completeResidentId(first17: string): string {
  return first17 + residentIdCheckChar(first17);
}
