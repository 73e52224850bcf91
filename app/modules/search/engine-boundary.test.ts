import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The search engine layer (search/) knows no feature: it may use the database client and its own outbox table
 * (`@db/…`) and packages, never the app (`~/…`, app/), the demo world (seed/), scripts or tests. The app registers
 * its document sources from app/modules/search/sources.server.ts. Type-only imports count too: a feature's types in
 * the engine are feature knowledge as much as its functions.
 */

const ROOT = path.resolve(__dirname, "../../..");
const SEARCH = path.join(ROOT, "search");

/** Every import specifier of a source text (import, import type, export … from, dynamic import). */
export function specifiersOf(source: string): string[] {
  const specs: string[] = [];
  for (const m of source.matchAll(/^\s*(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\s+from\s+)?["']([^"']+)["']/gm)) specs.push(m[1]!);
  for (const m of source.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g)) specs.push(m[1]!);
  return specs;
}

/** Why `spec`, imported by `file` under search/, reaches into the app (null: it does not). */
export function appImport(file: string, spec: string): string | null {
  if (spec.startsWith("~/") || spec.startsWith("@seed/")) return spec;
  if (spec.startsWith(".")) {
    const target = path.resolve(path.dirname(file), spec);
    const rel = path.relative(ROOT, target);
    if (!rel.startsWith("search" + path.sep) && !rel.startsWith("db" + path.sep) && !rel.startsWith("node_modules" + path.sep)) return rel;
  }
  return null;
}

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) sourceFiles(full, out);
    else if (/\.(ts|tsx)$/.test(entry.name)) out.push(full);
  }
  return out;
}

describe("the search engine layer knows no feature", () => {
  it("the check catches an app import, an import type of an app module, a relative path into app/ and the seed", () => {
    const file = path.join(SEARCH, "sources", "x.ts");
    const found = specifiersOf(
      [
        'import { registerFinancingNeedSource } from "../../app/modules/financing/search-documents.server";',
        'import type { Viewer } from "~/modules/access";',
        'import { seedDemoWorld } from "@seed/index";',
        'import { where } from "../engine";',
        'import type { Db } from "@db/client";',
        'import pino from "pino";',
      ].join("\n"),
    )
      .map((spec) => appImport(file, spec))
      .filter(Boolean);
    expect(found).toEqual([path.join("app", "modules", "financing", "search-documents.server"), "~/modules/access", "@seed/index"]);
  });

  it("no file under search/ imports app code, the seed, scripts or tests", () => {
    const offending: string[] = [];
    for (const file of sourceFiles(SEARCH)) {
      for (const spec of specifiersOf(fs.readFileSync(file, "utf8"))) {
        const reason = appImport(file, spec);
        if (reason) offending.push(`${path.relative(ROOT, file)} → ${spec}`);
      }
    }
    expect(offending).toEqual([]);
  });
});
