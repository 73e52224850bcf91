// The real server as an operating-system process of its own (`node --import tsx server.ts`), for tests that kill it
// (SIGKILL) and start it again on the same port and database. The environment comes from tempServerEnv().
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export type ServerProcess = { child: ChildProcess; port: number; kill9: () => Promise<void>; stop: () => Promise<void> };

/** Starts server.ts on `port` and resolves once it prints that it is running. */
export async function startServerProcess(env: NodeJS.ProcessEnv, port: number, timeoutMs = 120_000): Promise<ServerProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "server.ts"], { cwd: root, env: { ...env, PORT: String(port) }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("is running at")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code ?? signal}) before it was running:\n${output}`));
    });
  });
  child.removeAllListeners("exit");
  const exited = () => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once("exit", () => resolve())));
  return {
    child,
    port,
    async kill9() {
      child.kill("SIGKILL");
      await exited();
    },
    async stop() {
      child.kill("SIGTERM");
      await exited();
    },
  };
}
