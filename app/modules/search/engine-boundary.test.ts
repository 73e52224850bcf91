import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The search engine layer (search/) knows no feature: it may use the database client and its own outbox table
 * (`@db/…`) and packages, never the app (`~/…`, app/), the demo world (seed/), scripts or tests. The app registers
 * its indexes (names, settings, vocabulary: ./indexes.ts) and document sources (./sources.server.ts) at start; its
 * document types live in ./documents.ts. Type-only imports count too: a feature's types in the engine are feature
 * knowledge as much as its functions. Nor may search/ name a feature: a domain word in its code (identifiers, strings,
 * file names) or an unambiguous one in its comments fails the check.
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

/** Words of the domain. In code every one counts (camelCase and snake_case are split); in comments the ones that are not also plain English. */
const DOMAIN_WORDS = ["enterprise", "need", "product", "tier", "instrument", "financing", "credit", "collateral", "srdi", "lender", "bureau", "prefecture", "institution", "industry", "uscc", "county", "pledge", "loan", "roadshow", "deck", "objection", "alliance"];
const AMBIGUOUS_IN_PROSE = new Set(["need", "product", "board", "deck", "objection", "alliance", "county", "industry", "institution"]);
const DOMAIN_IN_PROSE = /专精特新|企业|贷款|融资|小巨人/;

const wordsOf = (text: string) => text.split(/[^A-Za-z]+|(?<=[a-z])(?=[A-Z])/).map((w) => w.toLowerCase().replace(/(ies)$/, "y").replace(/s$/, ""));

/** The domain words in one source text of search/ (with the line they are on), comments and code judged apart. */
export function domainWordsIn(source: string): string[] {
  const found: string[] = [];
  source.split("\n").forEach((line, i) => {
    const comment = /^\s*(\/\/|\/?\*)/.test(line) ? line : (/\s\/\/\s.*$/.exec(line)?.[0] ?? "");
    const code = comment === line ? "" : line.slice(0, line.length - comment.length);
    const inCode = DOMAIN_WORDS.filter((w) => wordsOf(code).includes(w));
    const inProse = DOMAIN_WORDS.filter((w) => !AMBIGUOUS_IN_PROSE.has(w) && wordsOf(comment).includes(w));
    const han = DOMAIN_IN_PROSE.exec(line)?.[0];
    for (const w of [...new Set([...inCode, ...inProse, ...(han ? [han] : [])])]) found.push(`${i + 1}: ${w}`);
  });
  return found;
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

  it("the word check finds a feature's names in code and comments, and passes plain English and the engine's own words", () => {
    expect(domainWordsIn(`export interface FinancingNeedDocument extends BaseDocument {\n  tierName: string[];\n}`)).toEqual(["1: need", "1: financing", "2: tier"]);
    expect(domainWordsIn(`const INDEX = "credit_products";`)).toEqual(["1: product", "1: credit"]);
    expect(domainWordsIn(`/** ranks an enterprise's name first */`)).toEqual(["1: enterprise"]);
    expect(domainWordsIn(`const x = 1; // 专精特新企业`)).toEqual(["1: 专精特新"]);
    expect(domainWordsIn(`/** the engine need not be asked */\nexport function search(index: IndexName, query: SearchQuery) {}`)).toEqual([]);
  });

  it("no file under search/ names a feature of the app (the app registers its indexes)", () => {
    const offending: string[] = [];
    for (const file of sourceFiles(SEARCH)) {
      const rel = path.relative(ROOT, file);
      for (const w of domainWordsIn(fs.readFileSync(file, "utf8"))) offending.push(`${rel}:${w}`);
      for (const w of DOMAIN_WORDS.filter((d) => wordsOf(path.basename(file)).includes(d))) offending.push(`${rel} (file name): ${w}`);
    }
    expect(offending).toEqual([]);
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
