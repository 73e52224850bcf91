import { describe, expect, it } from "vitest";
import { checkUscc } from "~/modules/identity/uscc";
import { makeUscc } from "./uscc";

describe("makeUscc", () => {
  it("makes codes that pass checkUscc, in the division asked for", () => {
    for (let i = 0; i < 500; i++) {
      const random = makeUscc(undefined, "659001");
      expect(checkUscc(random)).toMatchObject({ ok: true, divisionCode: "659001" });
      expect(checkUscc(makeUscc(i))).toMatchObject({ ok: true, divisionCode: "650100" });
    }
  });

  it("repeats a code for a serial and varies it otherwise", () => {
    expect(makeUscc(7)).toBe(makeUscc(7));
    expect(makeUscc(7)).not.toBe(makeUscc(8));
    expect(new Set(Array.from({ length: 200 }, () => makeUscc())).size).toBe(200);
  });
});
