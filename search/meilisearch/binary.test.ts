import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { bundledMeiliBinary, verifyBundledBinary } from "./supervisor";

describe("bundled Meilisearch binary", () => {
  it("is installed and matches the pinned digest", async () => {
    const binary = bundledMeiliBinary();
    expect(binary).toMatch(/@gaubee\/meilisearch-linux-amd64\/meilisearch$/);
    await expect(verifyBundledBinary(binary!)).resolves.toBeUndefined();
  });

  it("refuses any other file", async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "meili-bin-")), "meilisearch");
    fs.writeFileSync(file, "#!/bin/sh\necho meilisearch 1.21.0\n", { mode: 0o755 });
    await expect(verifyBundledBinary(file)).rejects.toThrow(/does not match the pinned SHA-256/);
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  });
});
