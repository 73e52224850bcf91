// The one USCC generator of the tests (unit, integration, e2e, benches): every code it makes passes checkUscc.
import crypto from "node:crypto";
import { USCC_ALPHABET, completeUscc } from "~/modules/identity/uscc";

/**
 * A valid Unified Social Credit Code registered in `division` (default: Urumqi, 650100). With a `serial` the code is
 * the same on every run (`91<division>MA<serial, 7 digits>`), for tests that name an organisation twice; without one
 * its nine-character registration part is random, so codes stay unique across runs against one database (e2e).
 */
export function makeUscc(serial?: number, division = "650100"): string {
  if (!/^\d{6}$/.test(division)) throw new Error(`division ${division} is not six digits`);
  if (serial !== undefined) return completeUscc(`91${division}MA${String(serial).padStart(7, "0")}`);
  let registration = "";
  for (let i = 0; i < 9; i++) registration += USCC_ALPHABET[crypto.randomInt(USCC_ALPHABET.length)];
  return completeUscc(`91${division}${registration}`);
}
