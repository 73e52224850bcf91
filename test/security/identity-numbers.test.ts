// ASVS V2.2 (input validation against business rules): the per-identity objection limit counts only real identity
// numbers (GB 11643 check character and birth date, or a valid USCC for an organisation).
import { describe, expect, it } from "vitest";
import { objectionInput } from "~/modules/board/notices.server";
import { completeUscc } from "~/modules/identity/uscc";

const base = { planItemId: "p1", objectorName: "张三", objectorOrganisation: "某公司", objectorPhone: "13800000000", reasons: "该企业财务数据与年报不一致，请核实。" };
const parse = (objectorIdNumber: string) => objectionInput.safeParse({ ...base, objectorIdNumber });

describe("objector identity numbers", () => {
  it.each(["11010519491231002X", "650102198001011234", completeUscc("91650105MA7800001")])("accepts %s", (id) => {
    expect(parse(id).success).toBe(true);
  });

  it.each([
    ["wrong check character", "650102198001011235"],
    ["wrong check X", "65010219800101123X"],
    ["no such date", "650102198002301234"],
    ["born in the future", "650102299901011234"],
    ["USCC with a wrong check character", `${"91650105MA7800001"}0`],
  ])("refuses %s", (_why, id) => {
    const result = parse(id);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe("board:errors.badIdNumber");
  });

  it("varying the check character cannot mint fresh identities past the limit", () => {
    // One reading as a citizen's number; at most one more where the same digits also happen to form a valid USCC.
    const valid = Array.from("0123456789X").filter((c) => parse(`65010219800101123${c}`).success);
    expect(valid).toContain("4");
    expect(valid.length).toBeLessThanOrEqual(2);
  });
});
