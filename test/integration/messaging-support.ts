// Starts the real server (production mode, temp database) and opens authenticated socket.io
// clients against it. Shared by the realtime test and bench/chat.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { io as connectClient, type Socket } from "socket.io-client";
import { sessionStorage } from "../../app/modules/identity/auth.server";
import { createSession } from "../../app/modules/identity/sessions.server";
import type { AppContext } from "../../app/utils/context.server";
import { startServer } from "../../server";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** Production mode imports build/server/index.js; socket tests only need some build to exist. */
export function ensureServerBuild(): void {
  if (fs.existsSync(path.join(repoRoot, "build/server/index.js"))) return;
  execFileSync("npm", ["run", "build"], { cwd: repoRoot, stdio: "inherit", env: { ...process.env, NODE_ENV: "production" } });
}

export type RunningServer = Awaited<ReturnType<typeof startServer>>;

export function tempServerEnv(dir = fs.mkdtempSync(path.join(os.tmpdir(), "srdi-rt-"))): NodeJS.ProcessEnv {
  return {
    NODE_ENV: "production",
    PORT: "0",
    HOST: "127.0.0.1",
    DATABASE_PATH: path.join(dir, "app.db"),
    DATA_DIR: dir,
    SESSION_SECRET: "realtime-test-secret-realtime-test-secret",
    COOKIE_SECURE: "false",
    SEED_ON_START: "false",
    SEARCH_ENGINE: "embedded",
    LOG_LEVEL: "silent",
  };
}

export async function startTestServer(env: NodeJS.ProcessEnv): Promise<RunningServer> {
  return startServer(env);
}

/** The session cookie a browser would hold after logging in as this user. */
export async function sessionCookie(ctx: AppContext, userId: string): Promise<string> {
  const { token } = createSession(ctx, userId);
  const storage = sessionStorage(ctx.config);
  const session = await storage.getSession();
  session.set("token", token);
  const header = await storage.commitSession(session);
  return header.split(";")[0]!;
}

export type Client = Socket;

export function openClient(port: number, cookie: string | null, opts: { reconnection?: boolean } = {}): Promise<Client> {
  const socket = connectClient(`http://127.0.0.1:${port}`, {
    transports: ["websocket"],
    extraHeaders: cookie ? { cookie } : {},
    reconnection: opts.reconnection ?? false,
    forceNew: true,
  });
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", (error) => {
      socket.close();
      reject(error);
    });
  });
}

export type AckReply<T = Record<string, unknown>> = ({ ok: true } & T) | { ok: false; error: { code: string; message: string } };

export function request<T = Record<string, unknown>>(socket: Client, event: string, payload: unknown, timeoutMs = 10_000): Promise<AckReply<T>> {
  return socket.timeout(timeoutMs).emitWithAck(event, payload) as Promise<AckReply<T>>;
}
