import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import * as constants from "./constants";
import * as schema from "./index";

const root = path.resolve(import.meta.dirname, "../..");

function filesUnder(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { recursive: true, encoding: "utf8" }).map((f) => path.join(dir, f)).filter((f) => /\.tsx?$/.test(f));
}

/** Modules that can end up in the browser bundle: everything in app/ but server-only modules and tests. */
const clientReachable = filesUnder("app").filter((f) => !/\.server\.tsx?$|\.test\.tsx?$|testing/.test(f) && !f.includes(`${path.sep}server${path.sep}`));

describe("schema constants (client-safe)", () => {
  it("import nothing, so drizzle's column classes cannot reach the browser through them", () => {
    const source = fs.readFileSync(path.join(root, "db/schema/constants.ts"), "utf8");
    expect(source).not.toMatch(/^\s*import\s/m);
  });

  it("are the same values the schema re-exports, for server code that keeps importing @db/schema", () => {
    for (const [name, value] of Object.entries(constants)) expect((schema as Record<string, unknown>)[name], name).toBe(value);
  });

  it("are what routes, components and shared modules import from the schema (types excepted)", () => {
    const offenders: string[] = [];
    for (const file of clientReachable) {
      const source = fs.readFileSync(path.join(root, file), "utf8");
      for (const m of source.matchAll(/^import\s+(type\s+)?[^;]*?from\s+"(@db\/schema[^"]*|drizzle-orm[^"]*)";/gms)) {
        if (m[1] || m[2] === "@db/schema/constants") continue;
        offenders.push(`${file}: ${m[2]}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
