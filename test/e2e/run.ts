/**
 * `npm run test:e2e`: makes sure Debian's chromium (and CJK fonts) are present, builds the app if the build is stale,
 * starts the built server on free loopback ports, each over its own copy of the seeded demo world (./world.ts; one
 * server per lane, ADR 0025), runs the e2e specs against them with vitest — the search spec once more against a
 * server supervising Meilisearch, beside the others — stops the servers and exits with vitest's code. Extra
 * arguments go to vitest (e.g. a file filter).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { ensureBuild, repoRoot } from "../support/build";
import { copyWorld, isSeededWorld, seedWorld } from "./world";

const APT_PACKAGES = ["chromium", "fonts-noto-cjk"];
const isRoot = process.getuid?.() === 0;

function log(message: string): void {
  process.stdout.write(`[e2e] ${message}\n`);
}

function fail(message: string): never {
  process.stderr.write(`\n[e2e] ${message}\n\n`);
  process.exit(1);
}

function findChromium(): string | null {
  if (isExecutable("/usr/bin/chromium")) return "/usr/bin/chromium";
  const which = spawnSync("sh", ["-c", "command -v chromium"], { encoding: "utf8" });
  const found = which.stdout.trim();
  return which.status === 0 && found && isExecutable(found) ? found : null;
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function hasCjkFonts(): boolean {
  const fc = spawnSync("fc-list", [":lang=zh"], { encoding: "utf8" });
  if (fc.status === 0 && fc.stdout.trim()) return true;
  const dpkg = spawnSync("dpkg", ["-s", "fonts-noto-cjk"], { encoding: "utf8" });
  return dpkg.status === 0 && /Status: install ok installed/.test(dpkg.stdout);
}

function aptInstall(packages: string[]): void {
  log(`installing ${packages.join(" ")} with apt-get`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  for (const args of [["update"], ["install", "-y", "--no-install-recommends", ...packages]]) {
    const result = spawnSync("apt-get", args, { stdio: "inherit", env });
    if (result.status !== 0) fail(`apt-get ${args.join(" ")} failed (exit ${result.status}). Install them by hand: apt-get install -y ${packages.join(" ")}`);
  }
}

function ensureBrowser(): string {
  let chromium = findChromium();
  const fonts = hasCjkFonts();
  if (chromium && fonts) return chromium;
  if (!isRoot) {
    if (!chromium) {
      fail(
        "Debian's chromium was not found (looked for /usr/bin/chromium and `chromium` on PATH).\n" +
          `    Install it as root:  sudo apt-get update && sudo apt-get install -y ${APT_PACKAGES.join(" ")}`,
      );
    }
    log("warning: no Chinese fonts found; screenshots will show boxes. Install: sudo apt-get install -y fonts-noto-cjk");
    return chromium!;
  }
  aptInstall(chromium ? ["fonts-noto-cjk"] : APT_PACKAGES);
  chromium = findChromium();
  if (!chromium) fail("apt-get finished but /usr/bin/chromium is still missing; check the apt sources for the `chromium` package.");
  return chromium;
}

const STREAM_SPEC = "test/e2e/roadshows-stream.e2e.ts";

/**
 * ffmpeg (Debian's package) makes the short HLS stream the live-video spec plays. Installed with apt-get like
 * chromium when that spec is selected; without root it cannot be, and the spec says so and is skipped.
 */
function ensureFfmpeg(args: string[]): string | null {
  const filters = fileFilters(args);
  if (filters.length && !filters.some((f) => STREAM_SPEC.includes(f) || f.includes("roadshows-stream"))) return null;
  if (isExecutable("/usr/bin/ffmpeg")) return "/usr/bin/ffmpeg";
  if (!isRoot) {
    log("warning: ffmpeg is missing and apt-get needs root: the live-video spec will be skipped. Install it: sudo apt-get install -y ffmpeg");
    return null;
  }
  aptInstall(["ffmpeg"]);
  if (!isExecutable("/usr/bin/ffmpeg")) fail("apt-get finished but /usr/bin/ffmpeg is still missing; check the apt sources for the `ffmpeg` package.");
  return "/usr/bin/ffmpeg";
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

async function waitForHealth(baseUrl: string, server: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the server exited with code ${server.exitCode} before it was healthy`);
    try {
      const res = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the server was not healthy within ${timeoutMs / 1000} s`);
}

function stop(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

type SearchEngineChoice = "embedded" | "auto";

interface RunningServer {
  baseUrl: string;
  databasePath: string;
  logFile: string;
  exitCode(): number | null;
  stop(): Promise<void>;
}

/**
 * Starts the built app over its own copy of the seeded demo world (see ./world.ts) in its own temp dir. `auto` is
 * what `npm start` does: it supervises a local Meilisearch from the pinned binary package (data and key under that
 * temp dir), which indexes the world when it starts.
 */
async function startServer(world: string, searchEngine: SearchEngineChoice, logName: string, streamOrigin: string, startingTogether = 1): Promise<RunningServer> {
  const resultsDir = path.join(repoRoot, "test-results");
  fs.mkdirSync(resultsDir, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "xj-e2e-"));
  const databasePath = copyWorld(world, tmp);
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const logFile = path.join(resultsDir, logName);
  const serverLog = fs.openSync(logFile, "w");

  // A developer's own settings must not leak in: no external Meilisearch, SMTP or public origin under test.
  const inherited = { ...process.env };
  for (const key of ["APP_ORIGIN", "MEILI_HOST", "MEILI_API_KEY", "SMTP_URL", "SESSION_SECRET", "MAX_BODY_BYTES"]) delete inherited[key];
  const server = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
    cwd: repoRoot,
    stdio: ["ignore", serverLog, serverLog],
    env: {
      ...inherited,
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      PORT: String(port),
      DATABASE_PATH: databasePath,
      DATA_DIR: tmp,
      SEARCH_ENGINE: searchEngine,
      SEED_ON_START: "true",
      COOKIE_SECURE: "false",
      LOG_LEVEL: "warn",
      // The live-video spec serves its HLS here; the page's CSP must let hls.js fetch it.
      STREAM_ORIGINS: streamOrigin,
    },
  });
  let stopped = false;
  const stopServer = async () => {
    if (stopped) return;
    stopped = true;
    running.delete(stopServer);
    // SIGTERM lets the app stop the Meilisearch it supervises before the temp dir goes.
    await stop(server, 15_000);
    fs.closeSync(serverLog);
    fs.rmSync(tmp, { recursive: true, force: true });
  };
  running.add(stopServer);
  try {
    // Servers that seed side by side share the cores: each gets the single server's allowance per server starting.
    await waitForHealth(baseUrl, server, 180_000 * startingTogether);
  } catch (error) {
    await stopServer();
    throw new Error(`${(error as Error).message}; see test-results/${logName}`);
  }
  return { baseUrl, databasePath, logFile, exitCode: () => server.exitCode, stop: stopServer };
}

/** Every server started and not yet stopped: an interrupt or a failed start stops them all before exiting. */
const running = new Set<() => Promise<void>>();
const stopAll = () => Promise.all([...running].map((stopServer) => stopServer()));
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void stopAll().then(() => process.exit(130));
  });
}

type StreamSetup = { origin: string; ffmpeg: string | null };

/**
 * Runs vitest over the e2e specs, one lane per server: each worker's specs talk to its own server (test/e2e/lane.ts),
 * one spec at a time. Stops the servers afterwards.
 */
async function runVitest(servers: RunningServer[], chromium: string, args: string[], searchEngine: "embedded" | "meilisearch", stream: StreamSetup, output: "stream" | Buffer[] = "stream"): Promise<number> {
  const vitestBin = path.join(repoRoot, "node_modules/vitest/vitest.mjs");
  const vitest = spawn(process.execPath, [vitestBin, "run", "--config", "vitest.e2e.config.ts", ...args], {
    cwd: repoRoot,
    stdio: output === "stream" ? "inherit" : ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      E2E_LANES: String(servers.length),
      E2E_SERVERS: JSON.stringify(servers.map((s) => ({ baseUrl: s.baseUrl, databasePath: s.databasePath }))),
      E2E_BASE_URL: servers[0]!.baseUrl,
      E2E_DATABASE_PATH: servers[0]!.databasePath,
      E2E_CHROMIUM: chromium,
      E2E_SEARCH_ENGINE: searchEngine,
      E2E_STREAM_ORIGIN: stream.origin,
      E2E_FFMPEG: stream.ffmpeg ?? "",
      TZ: "UTC",
    },
  });
  if (output !== "stream") {
    vitest.stdout?.on("data", (chunk: Buffer) => output.push(chunk));
    vitest.stderr?.on("data", (chunk: Buffer) => output.push(chunk));
  }
  const code = await new Promise<number>((resolve) => vitest.on("close", (c, signal) => resolve(c ?? (signal ? 1 : 0))));
  await Promise.all(servers.map((s) => s.stop()));
  for (const server of servers) {
    const exit = server.exitCode();
    if (exit !== 0 && exit !== null) log(`warning: the server at ${server.baseUrl} exited with code ${exit} on SIGTERM`);
    if (code !== 0) {
      // On CI the server's own account of a failure is often the quickest clue.
      const lines = fs.readFileSync(server.logFile, "utf8").trimEnd().split("\n");
      log(`last ${Math.min(40, lines.length)} lines of ${path.relative(repoRoot, server.logFile)}:\n${lines.slice(-40).join("\n")}`);
    }
  }
  return code;
}

const SEARCH_SPEC = "test/e2e/search.e2e.ts";

/**
 * Whether the vitest arguments select the search spec: no file filter (the whole suite) or a filter that
 * vitest would match against its path.
 */
function selectsSearchSpec(args: string[]): boolean {
  return fileFilters(args).length === 0 || fileFilters(args).some((f) => SEARCH_SPEC.includes(f) || f.includes("search.e2e"));
}

/** vitest options that take the next argument as their value. */
const VALUE_OPTIONS = new Set(["-t", "--testNamePattern", "--reporter", "--outputFile", "--bail", "--retry", "--project"]);

function splitArgs(args: string[]): { options: string[]; filters: string[] } {
  const options: string[] = [];
  const filters: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith("-")) filters.push(arg);
    else {
      options.push(arg);
      if (VALUE_OPTIONS.has(arg) && i + 1 < args.length) options.push(args[++i]!);
    }
  }
  return { options, filters };
}

const fileFilters = (args: string[]): string[] => splitArgs(args).filters;

/**
 * How many specs run at once, each lane with a server and database of its own (ADR 0025): E2E_LANES, else one per
 * two cores up to two — a lane's server and its browser each want a core; on this 2-core machine two lanes starved
 * each other (the enterprise journey timed out in one of two fresh-clone runs, and passed alone) for a minute saved —
 * and never more than the specs selected (vitest matches a filter anywhere in the file's path).
 */
function laneCount(args: string[]): number {
  const wanted = Number(process.env.E2E_LANES) || Math.max(1, Math.min(2, Math.floor(os.availableParallelism() / 2)));
  const specs = fs.readdirSync(path.join(repoRoot, "test/e2e")).filter((f) => f.endsWith(".e2e.ts")).map((f) => `test/e2e/${f}`);
  const filters = fileFilters(args);
  const selected = filters.length ? specs.filter((spec) => filters.some((f) => spec.includes(f))).length : specs.length;
  return Math.max(1, Math.min(wanted, selected));
}

/**
 * The seeded world the servers copy: the one `npm test` seeded beside the build (E2E_WORLD_DIR), or one seeded here
 * while the browser and the build are checked or made. Resolves to its directory, or to the seeding's error.
 */
function prepareWorld(): { ready: Promise<string | Error>; cleanUp(): void } {
  const given = process.env.E2E_WORLD_DIR;
  if (given && isSeededWorld(given)) return { ready: Promise.resolve(given), cleanUp: () => undefined };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "xj-e2e-world-"));
  fs.mkdirSync(path.join(repoRoot, "test-results"), { recursive: true });
  const ready = seedWorld(dir, path.join(repoRoot, "test-results", "e2e-world.log")).then(() => dir, (error: Error) => error);
  return { ready, cleanUp: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

async function main(): Promise<number> {
  const started = Date.now();
  const world = prepareWorld();
  process.once("exit", () => world.cleanUp());
  const chromium = ensureBrowser();
  log(`chromium: ${chromium}`);

  let build: "built" | "reused";
  try {
    build = ensureBuild();
  } catch {
    fail("`npm run build` failed (see its output above); the e2e specs run against the built app.");
  }
  log(build === "built" ? "built the app" : "reusing the fresh build in build/");

  const args = process.argv.slice(2);
  const stream: StreamSetup = { origin: `http://127.0.0.1:${await freePort()}`, ffmpeg: ensureFfmpeg(args) };
  const lanes = laneCount(args);
  const withMeilisearch = selectsSearchSpec(args);
  // Every spec runs on the embedded engine; the search journey runs once more on the Meilisearch that the app
  // supervises (SEARCH_ENGINE=auto, as `npm start`), so both engines prove it without doubling the suite. The lanes'
  // servers start together; the Meilisearch one starts as soon as they are up and indexes the world while the
  // first specs run.
  const seeded = await world.ready;
  if (seeded instanceof Error) fail(seeded.message);
  log(`demo world seeded at ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const serversStarted = Date.now();
  let embedded: RunningServer[];
  try {
    embedded = await Promise.all(Array.from({ length: lanes }, (_, i) => startServer(seeded, "embedded", i === 0 ? "e2e-server.log" : `e2e-server-${i + 1}.log`, stream.origin, lanes)));
  } catch (error) {
    await stopAll();
    fail((error as Error).message);
  }
  log(`${lanes} server${lanes > 1 ? "s" : ""} (embedded search, one per lane) ready at ${embedded.map((s) => s.baseUrl).join(", ")} after ${((Date.now() - serversStarted) / 1000).toFixed(1)} s`);
  // The search journey on the supervised Meilisearch runs beside the embedded specs as soon as its server is up (it
  // has a server, a database and a browser of its own); its output is printed in one piece when both are done.
  const { options } = splitArgs(args);
  const meilisearchPass = withMeilisearch
    ? startServer(seeded, "auto", "e2e-server-meilisearch.log", stream.origin, 2).then(
        async (server) => {
          const passStarted = Date.now();
          const output: Buffer[] = [];
          const passCode = await runVitest([server], chromium, [...options, SEARCH_SPEC], "meilisearch", stream, output);
          return { code: passCode, output, line: `search spec on the supervised Meilisearch (${server.baseUrl}) done in ${((Date.now() - passStarted) / 1000).toFixed(1)} s` };
        },
        (error: Error) => ({ code: 1, output: [] as Buffer[], line: `the supervised-Meilisearch server did not start: ${error.message}` }),
      )
    : null;

  const embeddedStarted = Date.now();
  let code = await runVitest(embedded, chromium, args, "embedded", stream);
  log(`specs on the embedded engine done in ${((Date.now() - embeddedStarted) / 1000).toFixed(1)} s`);

  if (meilisearchPass) {
    const pass = await meilisearchPass;
    if (pass.output.length) process.stdout.write(Buffer.concat(pass.output));
    log(pass.line);
    code = code || pass.code;
  }

  log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s (vitest exit code ${code})`);
  return code;
}

process.exit(await main());
