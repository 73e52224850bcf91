import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * No import cycles between the modules' files (ADR 0014). A cycle makes load order decide which export is still
 * undefined, and it is how a grab-bag helper file ends up importing the services that import it. Type-only imports
 * (`import type …`) are erased by the compiler and are left out; `import { type X, y }` still loads the file.
 */

const ROOT = path.resolve(__dirname, "../..");
const MODULES = path.join(ROOT, "app/modules");

type Graph = Map<string, string[]>;

/** The strongly connected components with more than one file (or a file importing itself): each is a cycle. */
export function cyclesIn(graph: Graph): string[][] {
  let index = 0;
  const stack: string[] = [];
  const onStack = new Set<string>();
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const cycles: string[][] = [];
  const visit = (v: string) => {
    indexOf.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!indexOf.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, indexOf.get(w)!));
    }
    if (low.get(v) === indexOf.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!indexOf.has(v)) visit(v);
  return cycles;
}

/** The runtime imports of a source text (import and export … from, side-effect imports; not `import type`). */
export function importsOf(source: string): string[] {
  const specs: string[] = [];
  for (const m of source.matchAll(/^\s*(?:import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?["']([^"']+)["']/gm)) if (!m[1]) specs.push(m[2]!);
  return specs;
}

function resolve(from: string, spec: string): string | null {
  let base: string;
  if (spec.startsWith("~/")) base = path.join(ROOT, "app", spec.slice(2));
  else if (spec.startsWith(".")) base = path.resolve(path.dirname(from), spec);
  else return null;
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, "index.ts")]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return null;
}

function moduleGraph(): Graph {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) files.push(full);
    }
  };
  walk(MODULES);
  const graph: Graph = new Map();
  for (const file of files) {
    const deps = importsOf(fs.readFileSync(file, "utf8"))
      .map((spec) => resolve(file, spec))
      .filter((dep): dep is string => dep !== null && dep.startsWith(MODULES + path.sep));
    graph.set(file, [...new Set(deps)]);
  }
  return graph;
}

describe("import cycles in app/modules", () => {
  it("the detector finds a cycle and reads imports the way the compiler loads them", () => {
    const g: Graph = new Map([
      ["needs", ["recommendations"]],
      ["recommendations", ["support"]],
      ["support", ["needs-read"]],
      ["needs-read", ["needs"]],
      ["offers", ["needs"]],
    ]);
    expect(cyclesIn(g)).toEqual([["needs", "needs-read", "recommendations", "support"]]);
    expect(cyclesIn(new Map([["a", ["b"]], ["b", []]]))).toEqual([]);
    expect(importsOf(`import { a, type B } from "./a";\nimport type { C } from "./c";\nimport "./d";\nexport { e } from "~/e";\nexport type { F } from "./f";`)).toEqual(["./a", "./d", "~/e"]);
  });

  it("finds none", () => {
    const graph = moduleGraph();
    expect(graph.size).toBeGreaterThan(100);
    expect(cyclesIn(graph).map((cycle) => cycle.map((f) => path.relative(MODULES, f)).join(" → "))).toEqual([]);
  });
});
