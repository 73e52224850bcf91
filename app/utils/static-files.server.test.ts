import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { staticFilesOnly } from "./static-files.server";

describe("staticFilesOnly", () => {
  let base = "";
  let close = () => {};
  let root = "";
  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "static-files-"));
    fs.writeFileSync(path.join(root, "favicon.svg"), "<svg/>");
    fs.mkdirSync(path.join(root, "fonts"));
    fs.writeFileSync(path.join(root, "fonts", "字体.txt"), "font");
    const app = express();
    app.use(staticFilesOnly(root, { maxAge: "1h" }));
    app.use((_req, res) => res.status(200).send("from the app"));
    const server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => server.close();
  });
  afterAll(() => {
    close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it("serves a file that was there at start, nested and with a non-ASCII name", async () => {
    const icon = await fetch(`${base}/favicon.svg`);
    expect(icon.status).toBe(200);
    expect(await icon.text()).toBe("<svg/>");
    expect(icon.headers.get("cache-control")).toContain("max-age=3600");
    const nested = await fetch(`${base}/fonts/${encodeURIComponent("字体.txt")}`);
    expect(await nested.text()).toBe("font");
  });

  it("hands every other path to the app, including the folder itself and files added later", async () => {
    expect(await (await fetch(`${base}/`)).text()).toBe("from the app");
    expect(await (await fetch(`${base}/fonts`)).text()).toBe("from the app");
    fs.writeFileSync(path.join(root, "later.txt"), "later");
    expect(await (await fetch(`${base}/later.txt`)).text()).toBe("from the app");
    expect(await (await fetch(`${base}/../favicon.svg`)).text()).not.toBe("<svg/>".repeat(2));
  });

  it("does not answer a POST to a file's path", async () => {
    expect(await (await fetch(`${base}/favicon.svg`, { method: "POST" })).text()).toBe("from the app");
  });
});
