// A throwaway Redis for tests: Debian's redis-server (installed with apt-get when missing and running as root, as the
// e2e runner does for chromium), on a free loopback port, without persistence.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";

const BINARY = "/usr/bin/redis-server";

function ensureRedisServer(): void {
  if (fs.existsSync(BINARY)) return;
  if (process.getuid?.() !== 0) throw new Error("redis-server is missing: install Debian's redis-server package (apt-get install redis-server)");
  const r = spawnSync("apt-get", ["install", "-y", "-q", "redis-server"], { stdio: "inherit" });
  if (r.status !== 0 || !fs.existsSync(BINARY)) throw new Error("apt-get install redis-server failed");
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export async function startRedis(): Promise<{ url: string; stop: () => Promise<void> }> {
  ensureRedisServer();
  const port = await freePort();
  const child: ChildProcess = spawn(BINARY, ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
  // Ready once it accepts a connection.
  for (let i = 0; i < 100; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const c = net.connect(port, "127.0.0.1", () => {
        c.end();
        resolve(true);
      });
      c.once("error", () => resolve(false));
    });
    if (ok) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
