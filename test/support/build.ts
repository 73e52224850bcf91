import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const serverBuild = path.join(repoRoot, "build/server/index.js");

// Everything that ends up in the Remix bundle (the server bundle inlines app/, db/ and search/).
const SOURCES = ["app", "db", "search", "public", "vite.config.ts", "remix.config.js", "tsconfig.json", "package-lock.json"];

function newestMtime(target: string): number {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(target);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(target)) {
    if (entry === "node_modules" || entry.startsWith(".")) continue;
    newest = Math.max(newest, newestMtime(path.join(target, entry)));
  }
  return newest;
}

/** True when build/ exists and is newer than every source file that goes into it. */
export function buildIsFresh(): boolean {
  if (!fs.existsSync(serverBuild) || !fs.existsSync(path.join(repoRoot, "build/client"))) return false;
  const built = fs.statSync(serverBuild).mtimeMs;
  return SOURCES.every((s) => newestMtime(path.join(repoRoot, s)) <= built);
}

/**
 * Production mode serves build/, so anything that starts the real server needs one.
 * `onlyIfMissing` is for suites that test server wiring rather than pages: a stale build is good enough there.
 */
export function ensureBuild(options: { onlyIfMissing?: boolean } = {}): "built" | "reused" {
  const usable = () => (options.onlyIfMissing ? fs.existsSync(serverBuild) : buildIsFresh());
  if (usable()) return "reused";
  // Several test files (in parallel vitest workers) may want a build at once; one builds, the others wait and reuse it.
  return withBuildLock(() => {
    if (usable()) return "reused";
    execFileSync("npm", ["run", "build"], { cwd: repoRoot, stdio: ["ignore", "inherit", "inherit"], env: { ...process.env, NODE_ENV: "production" } });
    return "built";
  });
}

const LOCK_DIR = path.join(repoRoot, ".cache", "build.lock");
const STALE_LOCK_MS = 10 * 60_000;

function withBuildLock<T>(fn: () => T): T {
  fs.mkdirSync(path.dirname(LOCK_DIR), { recursive: true });
  const deadline = Date.now() + STALE_LOCK_MS;
  for (;;) {
    try {
      fs.mkdirSync(LOCK_DIR); // atomic: exactly one process succeeds
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const age = Date.now() - (fs.statSync(LOCK_DIR, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > STALE_LOCK_MS || Date.now() > deadline) fs.rmSync(LOCK_DIR, { recursive: true, force: true });
      else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
    }
  }
  try {
    return fn();
  } finally {
    fs.rmSync(LOCK_DIR, { recursive: true, force: true });
  }
}
