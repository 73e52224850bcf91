import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { onFirstUse } from "./on-first-use.server";

/** Libraries that took seconds to import at server start and serve only exports, report packs and charts (ADR 0906). */
const HEAVY = ["exceljs", "pdf-lib", "@pdf-lib/fontkit", "echarts", "sharp", "nodemailer", "@napi-rs/canvas"];

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [p] : [];
  });
}

describe("heavy libraries load on first use", () => {
  it("no module of the app or the server imports one at start (a type-only import is erased)", () => {
    const root = path.resolve(__dirname, "../..");
    const offenders = [...sources(path.join(root, "app")), path.join(root, "server.ts")].flatMap((file) => {
      const text = fs.readFileSync(file, "utf8");
      return [...text.matchAll(/^import\s+(?!type\b)[^;]*?from\s+"([^"]+)";?$/gm)].filter((m) => HEAVY.includes(m[1]!)).map((m) => `${path.relative(root, file)}: ${m[0]}`);
    });
    expect(offenders).toEqual([]);
  });

  it("hands back the package's module, the same one each time", () => {
    const lib = onFirstUse<{ valid(v: string): string | null }>("semver");
    expect(lib().valid("1.2.3")).toBe("1.2.3");
    expect(lib()).toBe(lib());
  });
});
