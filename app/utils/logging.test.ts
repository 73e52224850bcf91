import { Writable } from "node:stream";
import express from "express";
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { REDACTED_LOG_PATHS, noteRequestRoute, noteRequestUser, perRequest, requestLogger, routePattern } from "./logging.server";

type Line = Record<string, unknown>;

function capture(level: "info" | "debug") {
  const lines: Line[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const text of chunk.toString().split("\n").filter(Boolean)) lines.push(JSON.parse(text) as Line);
      done();
    },
  });
  const logger = pino({ level, redact: { paths: REDACTED_LOG_PATHS, censor: "[redacted]" } }, sink);
  return { logger, lines };
}

let close: (() => void) | undefined;
afterEach(() => close?.());

async function serve(level: "info" | "debug", handler: express.RequestHandler) {
  const { logger, lines } = capture(level);
  const app = express();
  app.use(requestLogger(logger));
  app.use(handler);
  const server = await new Promise<ReturnType<typeof app.listen>>((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  close = () => server.close();
  const port = (server.address() as { port: number }).port;
  // The line is written on the response's close event, which may come just after the client has the body.
  const get = async (path: string, headers: Record<string, string> = {}, expectLines = 1) => {
    const res = await fetch(`http://127.0.0.1:${port}${path}`, { headers });
    await res.text();
    for (let i = 0; i < 200 && lines.length < expectLines; i++) await new Promise((r) => setImmediate(r));
  };
  return { lines, get };
}

describe("request log", () => {
  it("writes one concise line per request at info: method, route pattern, status, time, user id", async () => {
    const { lines, get } = await serve("info", (req, res) => {
      noteRequestUser("user-42");
      noteRequestRoute(req.path, { token: "k3J9x0QeYw_secret-token-value" });
      res.status(201).send("ok");
    });
    await get("/invite/k3J9x0QeYw_secret-token-value?ref=mail", { cookie: "__session=abc.def", authorization: "Bearer zzz" });
    expect(lines).toHaveLength(1);
    const [line] = lines;
    expect(line).toMatchObject({ level: 30, method: "GET", route: "/invite/:token", status: 201, userId: "user-42", msg: expect.stringMatching(/^GET \/invite\/:token 201 [\d.]+ms$/) });
    expect(typeof line!.ms).toBe("number");
    const text = JSON.stringify(lines);
    for (const secret of ["secret-token-value", "abc.def", "zzz", "ref=mail"]) expect(text).not.toContain(secret);
  });

  it("adds the details only at debug, still without cookies, authorisation, query values or tokens", async () => {
    const { lines, get } = await serve("debug", (_req, res) => {
      res.send("ok");
    });
    await get("/reset-password/Zx81kQ0aa9TtYyP3?token=abc123secret", { cookie: "__session=abc.def", authorization: "Bearer zzz", referer: "http://h/invite/Tk9a8b7c6d5e4f3g" }, 2);
    expect(lines.map((l) => l.msg)).toEqual([expect.stringMatching(/^GET \/reset-password\/:param 200/), "request details"]);
    expect(lines[1]).toMatchObject({ level: 20, query: ["token"], referer: "/invite/:param" });
    const text = JSON.stringify(lines);
    for (const secret of ["Zx81kQ0aa9TtYyP3", "abc123secret", "abc.def", "zzz", "Tk9a8b7c6d5e4f3g"]) expect(text).not.toContain(secret);
  });

  it("does not log static assets", async () => {
    const { lines, get } = await serve("debug", (_req, res) => {
      res.send("x");
    });
    await get("/assets/root-abc123.js", {}, 0);
    await get("/about", {}, 2);
    expect(lines.map((l) => l.msg)).toEqual([expect.stringMatching(/^GET \/about 200/), "request details"]);
  });
});

describe("perRequest", () => {
  it("works a value out once per request, afresh for the next request, and on every call outside one", async () => {
    const key = Symbol("test");
    let made = 0;
    const seen: number[][] = [];
    const { get } = await serve("info", async (_req, res) => {
      const first = perRequest(key, () => ++made);
      // Still the same request after an await, as the loaders of one page view are.
      await new Promise((r) => setImmediate(r));
      seen.push([first, perRequest(key, () => ++made)]);
      res.end("ok");
    });
    await get("/a");
    await get("/b", {}, 2);
    expect(seen).toEqual([
      [1, 1],
      [2, 2],
    ]);
    expect([perRequest(key, () => ++made), perRequest(key, () => ++made)]).toEqual([3, 4]);
  });
});

describe("routePattern", () => {
  it("names matched params and masks id- or token-like segments it was not told about", () => {
    expect(routePattern("/market/needs/n_8f3k2j1q9z/offers", { needId: "n_8f3k2j1q9z" })).toBe("/market/needs/:needId/offers");
    expect(routePattern("/decks/c9a8b7d6e5f4/page/3")).toBe("/decks/:param/page/3");
    expect(routePattern("/board/applications")).toBe("/board/applications");
    expect(routePattern("/docs/a/b/c", { "*": "a/b/c" })).toBe("/docs/*");
  });
});
