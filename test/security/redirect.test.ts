// ASVS V3.7 / V5 (open redirects): post-login and other "go back to" destinations stay on the app's origin.
import { describe, expect, it } from "vitest";
import { safeRedirect } from "~/modules/identity/auth.server";

describe("safeRedirect", () => {
  it.each([
    "/\t/evil.example",
    "/%09/evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "//evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    "https://evil.example/",
    "http:evil.example",
    "javascript:alert(1)",
    " /\t/evil.example",
    "/ /evil.example",
    "evil.example",
    "",
  ])("refuses %j", (to) => {
    const out = safeRedirect(decodeURIComponent(to.replace(/%(?![0-9a-f]{2})/gi, "%25")), "/dashboard");
    expect(out).toBe("/dashboard");
    // Whatever comes back resolves to the app's own origin.
    expect(new URL(out, "https://app.example").origin).toBe("https://app.example");
  });

  it.each([
    ["/market/needs?q=锂电", "/market/needs?q=%E9%94%82%E7%94%B5"],
    ["/board/applications/abc#review", "/board/applications/abc#review"],
    ["/", "/"],
  ])("keeps the same-origin path %j", (to, expected) => {
    expect(safeRedirect(to)).toBe(expected);
  });
});
