import { describe, expect, it } from "vitest";
import { signUpInput } from "./schemas";

describe("sign-up schema", () => {
  it("names the failed USCC check with the values the message needs", () => {
    const result = signUpInput.safeParse({ kind: "enterprise", orgName: "测试公司", uscc: "91650100MA00000158", name: "张三", email: "a@b.example", password: "long enough pw" });
    expect(result.success).toBe(false);
    const issue = result.error!.issues.find((i) => i.path[0] === "uscc")!;
    const [key, json] = issue.message.split("|");
    expect(key).toBe("uscc.checkDigit");
    expect(JSON.parse(json!)).toMatchObject({ expected: "9" });
  });
});
