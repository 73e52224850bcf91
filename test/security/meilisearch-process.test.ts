// ASVS V13 (configuration) / V14 (data protection): the supervised Meilisearch gets its master key through the
// environment, not argv, and does not outlive the app, not even a kill -9; an orphan left from before is replaced.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { afterAll, describe, expect, it } from "vitest";
import { bundledMeiliBinary, processAlive, takeOverStaleServer } from "@search/meilisearch/supervisor";

const dirs: string[] = [];
const started: number[] = [];
afterAll(() => {
  for (const pid of started) if (processAlive(pid)) process.kill(pid, "SIGKILL");
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "meili-proc-"));
  dirs.push(d);
  return d;
}

/** Starts the fixture "app" and resolves with its PID and the Meilisearch PID it printed. */
async function startApp(dir: string): Promise<{ app: number; meili: number }> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(__dirname, "fixtures/supervised-meili.ts"), dir], { stdio: ["ignore", "pipe", "inherit"] });
  started.push(child.pid!);
  const line = await new Promise<string>((resolve, reject) => {
    readline.createInterface({ input: child.stdout! }).once("line", resolve);
    child.once("exit", (code) => reject(new Error(`fixture exited with ${code}`)));
  });
  const { pid } = JSON.parse(line) as { pid: number };
  started.push(pid);
  return { app: child.pid!, meili: pid };
}

describe("the supervised Meilisearch process", () => {
  it("is not given the master key on its command line", async () => {
    const dir = tempDir();
    const { app, meili } = await startApp(dir);
    const key = fs.readFileSync(path.join(dir, "master-key"), "utf8").trim();
    const cmdline = fs.readFileSync(`/proc/${meili}/cmdline`, "utf8");
    expect(cmdline).toContain("meilisearch");
    expect(cmdline).not.toContain(key);
    process.kill(app, "SIGKILL");
  }, 60_000);

  it("does not outlive a kill -9 of the app", async () => {
    const dir = tempDir();
    const { app, meili } = await startApp(dir);
    expect(processAlive(meili)).toBe(true);
    process.kill(app, "SIGKILL");
    await expect.poll(() => processAlive(meili), { timeout: 30_000, interval: 200 }).toBe(false);
  }, 60_000);

  it("an orphan whose app is gone is stopped at the next start instead of adopted", async () => {
    const dir = tempDir();
    // An orphan as an older version left it: running, with no watchdog and no owner alive.
    const orphan = spawn(bundledMeiliBinary()!, ["--db-path", path.join(dir, "data.ms"), "--http-addr", "127.0.0.1:0", "--no-analytics"], {
      stdio: "ignore",
      env: { ...process.env, MEILI_MASTER_KEY: "k".repeat(32) },
    });
    const spawned = new Promise<void>((resolve) => orphan.once("spawn", () => resolve()));
    started.push(orphan.pid!);
    const gone = new Promise<void>((resolve) => orphan.once("exit", () => resolve()));
    fs.writeFileSync(path.join(dir, "endpoint.json"), JSON.stringify({ host: "http://127.0.0.1:1", pid: orphan.pid, ownerPid: 2 ** 22 + 1 }));
    await spawned;
    expect(await takeOverStaleServer(dir)).toBe(true);
    await gone;
    expect(processAlive(orphan.pid!)).toBe(false);
    expect(fs.existsSync(path.join(dir, "endpoint.json"))).toBe(false);
  }, 60_000);
});
