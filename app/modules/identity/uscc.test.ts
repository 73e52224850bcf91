import { describe, expect, it } from "vitest";
import { checkUscc, completeUscc } from "./uscc";

describe("USCC check (GB 32100)", () => {
  it.each(["91350100M000100Y43", "91650100MA00000159"])("accepts the documented valid example %s", (code) => {
    expect(checkUscc(code)).toMatchObject({ ok: true, uscc: code });
  });

  it("derives the division code from characters 3–8", () => {
    const check = checkUscc("91650100MA00000159");
    expect(check.ok && check.divisionCode).toBe("650100");
  });

  it("normalises case and spaces", () => {
    expect(checkUscc(" 91650100ma00000159 ").ok).toBe(true);
  });

  it("names the failed check", () => {
    expect(checkUscc("9165010")).toMatchObject({ ok: false, reason: "length" });
    expect(checkUscc("91650100MA0000015I")).toMatchObject({ ok: false, reason: "characters", badChar: "I" });
    expect(checkUscc("9165X100MA00000159")).toMatchObject({ ok: false, reason: "division" });
    expect(checkUscc("91650100MA00000158")).toMatchObject({ ok: false, reason: "checkDigit", expected: "9" });
  });

  it("completes a code so the check passes, and any single changed character fails it", () => {
    const code = completeUscc("91650100MA0000123");
    expect(checkUscc(code).ok).toBe(true);
    const tampered = code.slice(0, 10) + (code[10] === "1" ? "2" : "1") + code.slice(11);
    expect(checkUscc(tampered).ok).toBe(false);
  });
});
