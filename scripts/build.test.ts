import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { inputsHash } from "./build";

let dir: string;
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function tree(files: Record<string, string>): string {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "xj-build-inputs-"));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

describe("build inputs hash (npm start rebuilds only when it changes)", () => {
  it("changes when a source file's content changes or a file is added", () => {
    const root = tree({ "app/root.tsx": "a", "db/schema/index.ts": "b", "package-lock.json": "{}" });
    const before = inputsHash(root);
    fs.writeFileSync(path.join(root, "app/root.tsx"), "a2");
    const edited = inputsHash(root);
    expect(edited).not.toBe(before);
    fs.mkdirSync(path.join(root, "search"));
    fs.writeFileSync(path.join(root, "search/new.ts"), "c");
    expect(inputsHash(root)).not.toBe(edited);
  });

  it("does not change when only modification times change (a checkout or copy)", () => {
    const root = tree({ "app/root.tsx": "a", "vite.config.ts": "v" });
    const before = inputsHash(root);
    const later = new Date(Date.now() + 60_000);
    fs.utimesSync(path.join(root, "app/root.tsx"), later, later);
    expect(inputsHash(root)).toBe(before);
  });

  it("ignores test files and files outside the bundle's inputs", () => {
    const root = tree({ "app/root.tsx": "a" });
    const before = inputsHash(root);
    fs.writeFileSync(path.join(root, "app/root.test.ts"), "test");
    fs.mkdirSync(path.join(root, "test"));
    fs.writeFileSync(path.join(root, "test/e2e.ts"), "e2e");
    fs.writeFileSync(path.join(root, "server.ts"), "runs from source, not bundled");
    expect(inputsHash(root)).toBe(before);
  });

  it("tells a renamed file from the same content under the old name", () => {
    const root = tree({ "app/a.ts": "x" });
    const before = inputsHash(root);
    fs.renameSync(path.join(root, "app/a.ts"), path.join(root, "app/b.ts"));
    expect(inputsHash(root)).not.toBe(before);
  });
});
