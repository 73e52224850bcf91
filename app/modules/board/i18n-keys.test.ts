import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import en from "~/i18n/locales/en/board.json";
import zh from "~/i18n/locales/zh-CN/board.json";

// Every message key the board's domain code can produce must exist in both catalogues.
const dir = path.dirname(new URL(import.meta.url).pathname);
const FILES = ["tier-rules.ts", "evidence.ts", "working-days.server.ts", "custody.server.ts", "xlsx-import.server.ts", "tier-decisions.server.ts", "thresholds.server.ts"];

function resolve(catalogue: unknown, key: string): unknown {
  return key.split(".").reduce<unknown>((node, part) => (node && typeof node === "object" ? (node as Record<string, unknown>)[part] : undefined), catalogue);
}

function keysIn(source: string): string[] {
  const keys = new Set<string>();
  for (const m of source.matchAll(/"board:([A-Za-z0-9_.]+)"/g)) keys.add(m[1]!);
  // Import errors are written E("name") or fail("name") → board:import.errors.name.
  for (const m of source.matchAll(/\b(?:E|fail)\("([A-Za-z]+)"/g)) keys.add(`import.errors.${m[1]}`);
  for (const m of source.matchAll(/(?:length|characters|division|checkDigit): "(uscc[A-Za-z]+)"/g)) keys.add(`import.errors.${m[1]}`);
  return [...keys];
}

describe("board i18n catalogues", () => {
  const keys = FILES.flatMap((f) => keysIn(fs.readFileSync(path.join(dir, f), "utf8")));

  it("finds the keys the code uses", () => {
    expect(keys).toEqual(expect.arrayContaining(["errors.overrideNeedsReason", "import.errors.fileTooLarge", "import.errors.usccCheckDigit", "evidence.headline"]));
  });

  it.each([
    ["zh-CN", zh],
    ["en", en],
  ])("%s has every key", (_lng, catalogue) => {
    const missing = keys.filter((k) => typeof resolve(catalogue, k) !== "string");
    expect(missing).toEqual([]);
  });

  it("zh-CN and en have the same shape", () => {
    const shape = (node: unknown, prefix = ""): string[] =>
      node && typeof node === "object" && !Array.isArray(node)
        ? Object.entries(node).flatMap(([k, v]) => shape(v, `${prefix}${k.replace(/_(one|other)$/, "")}.`))
        : [prefix.slice(0, -1)];
    expect([...new Set(shape(en))].sort()).toEqual([...new Set(shape(zh))].sort());
  });
});
