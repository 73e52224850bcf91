/**
 * `npm start` and the test/bench harness build the app only when its inputs changed since the last build.
 *
 * The inputs are every file that goes into the Remix/Vite bundle (app/, db/, search/, public/ and the build and
 * dependency configuration), hashed by content: a `git checkout` or a copy that only touches modification times
 * does not rebuild, an edit does. The hash is written to build/.inputs-sha256 after a successful build and removed
 * before a build starts, so an interrupted build is never taken for a good one.
 *
 *   node --import tsx scripts/build.ts          build if needed (what `npm start` runs)
 *   node --import tsx scripts/build.ts --check  exit 1 when a build is needed, without building
 */
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const buildDir = path.join(repoRoot, "build");
const serverBuild = path.join(buildDir, "server/index.js");
const stampFile = path.join(buildDir, ".inputs-sha256");

// Everything that ends up in the bundle (the server bundle inlines app/, db/ and search/). Tests never do.
const SOURCES = ["app", "db", "search", "public", "vite.config.ts", "remix.config.js", "tsconfig.json", "package.json", "package-lock.json"];
const isTestFile = (name: string) => /\.test\.tsx?$/.test(name);

function listFiles(target: string, out: string[]): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(target);
  } catch {
    return;
  }
  if (!stat.isDirectory()) {
    out.push(target);
    return;
  }
  for (const entry of fs.readdirSync(target).sort()) {
    if (entry === "node_modules" || entry.startsWith(".") || isTestFile(entry)) continue;
    listFiles(path.join(target, entry), out);
  }
}

/** sha256 over the relative path and content of every input file, in a fixed order. */
export function inputsHash(root = repoRoot): string {
  const files: string[] = [];
  for (const source of SOURCES) listFiles(path.join(root, source), files);
  const hash = createHash("sha256");
  for (const file of files) {
    hash.update(path.relative(root, file).split(path.sep).join("/"));
    hash.update("\0");
    hash.update(fs.readFileSync(file));
    hash.update("\0");
  }
  return hash.digest("hex");
}

/** True when build/ holds a complete build of exactly the current inputs. */
export function buildIsFresh(): boolean {
  if (!fs.existsSync(serverBuild) || !fs.existsSync(path.join(buildDir, "client"))) return false;
  const stamp = fs.existsSync(stampFile) ? fs.readFileSync(stampFile, "utf8").trim() : "";
  return stamp === inputsHash();
}

/**
 * Production mode serves build/, so anything that starts the real server needs one.
 * `onlyIfMissing` is for suites that test server wiring rather than pages: a stale build is good enough there.
 */
export function ensureBuild(options: { onlyIfMissing?: boolean } = {}): "built" | "reused" {
  const usable = () => (options.onlyIfMissing ? fs.existsSync(serverBuild) : buildIsFresh());
  if (usable()) return "reused";
  // Several processes (parallel vitest workers, a bench and `npm start`) may want a build at once; one builds,
  // the others wait and reuse it.
  return withBuildLock(() => {
    if (usable()) return "reused";
    const hash = inputsHash();
    fs.rmSync(stampFile, { force: true });
    execFileSync("npx", ["remix", "vite:build"], { cwd: repoRoot, stdio: ["ignore", "inherit", "inherit"], env: { ...process.env, NODE_ENV: "production" } });
    fs.writeFileSync(stampFile, `${hash}\n`);
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

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  if (process.argv.includes("--check")) {
    const fresh = buildIsFresh();
    console.log(fresh ? "build/ is up to date with the sources" : "build/ is missing or older than the sources");
    process.exit(fresh ? 0 : 1);
  }
  const t0 = performance.now();
  const result = ensureBuild();
  const seconds = ((performance.now() - t0) / 1000).toFixed(1);
  console.log(result === "built" ? `built the app in ${seconds} s` : `build/ is up to date with the sources (checked in ${seconds} s); not rebuilding`);
}
