// The real server (Express + Remix build + socket.io) in production mode on a random loopback port over a
// database of its own in a temporary folder. Shared by the integration tests and the benchmarks.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startServer } from "../../server";
import { ensureBuild } from "./build";

export type RunningServer = Awaited<ReturnType<typeof startServer>>;

/**
 * The environment for such a server. The session secret is fixed so that a process other than the server (a
 * benchmark preparing sessions) signs cookies the server accepts; anything pointing outside (a public origin,
 * Meilisearch, SMTP) is dropped so a developer's shell cannot leak into a test.
 */
export function tempServerEnv(options: { seed?: boolean; dir?: string } = {}): NodeJS.ProcessEnv {
  const dir = options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), "xj-server-"));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    HOST: "127.0.0.1",
    PORT: "0",
    DATABASE_PATH: path.join(dir, "app.db"),
    DATA_DIR: dir,
    SESSION_SECRET: "test-server-secret-test-server-secret-0001",
    SEARCH_ENGINE: "embedded",
    SEED_ON_START: options.seed ? "true" : "false",
    COOKIE_SECURE: "false",
    LOG_LEVEL: "silent",
  };
  for (const key of ["APP_ORIGIN", "MEILI_HOST", "SMTP_URL"]) delete env[key];
  return env;
}

/**
 * Starts a server over a fresh temporary folder and gives back a `close` that also removes the folder.
 * `build: "fresh"` rebuilds a stale build/ (pages under test); "ifMissing" accepts any build (server wiring).
 */
export async function startTempServer(options: { seed?: boolean; build: "fresh" | "ifMissing" }) {
  const built = ensureBuild({ onlyIfMissing: options.build === "ifMissing" });
  const env = tempServerEnv({ seed: options.seed });
  const server = await startServer(env);
  return {
    server,
    built,
    base: `http://127.0.0.1:${server.port}`,
    async close() {
      await server.close();
      fs.rmSync(env.DATA_DIR!, { recursive: true, force: true });
    },
  };
}

/**
 * Logs a demo user in through the real login form handler of a running server and returns the Cookie header a
 * browser would send next (for socket.io clients and fetches in integration tests).
 */
export async function logInCookie(base: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${base}/login`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: base },
    body: new URLSearchParams({ email, password }),
    redirect: "manual",
  });
  if (res.status < 300 || res.status >= 400) throw new Error(`login of ${email} answered ${res.status}, not a redirect`);
  const cookies = res.headers.getSetCookie().map((c) => c.split(";")[0]!);
  if (!cookies.some((c) => c.startsWith("__session="))) throw new Error(`login of ${email} set no session cookie`);
  return cookies.join("; ");
}
