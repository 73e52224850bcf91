import { Suspense, createElement } from "react";
import { renderToPipeableStream } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { coalescedStream } from "./coalesced-stream.server";

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string[]> {
  const chunks: string[] = [];
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return chunks;
    chunks.push(Buffer.from(value).toString("utf8"));
  }
}

describe("coalescedStream", () => {
  it("hands on the chunks written in one synchronous pass as one chunk, in order", async () => {
    const { sink, stream } = coalescedStream();
    const read = readAll(stream);
    for (const part of ["<html>", "<body>", "a".repeat(5000), "</body>"]) sink.write(part);
    sink.end("</html>");
    expect(await read).toEqual([`<html><body>${"a".repeat(5000)}</body></html>`]);
  });

  it("keeps writes of separate passes apart, so a page still streams", async () => {
    const { sink, stream } = coalescedStream();
    const read = readAll(stream);
    sink.write("shell-1");
    sink.write("shell-2");
    await new Promise((resolve) => setTimeout(resolve, 5));
    sink.write("later");
    await new Promise((resolve) => setTimeout(resolve, 5));
    sink.end();
    expect(await read).toEqual(["shell-1shell-2", "later"]);
  });

  it("destroys the sink when the reader goes away, which tells React to stop", async () => {
    const { sink, stream } = coalescedStream();
    sink.write("x");
    await stream.cancel();
    expect(sink.destroyed).toBe(true);
    // Writes after that are not an error for the page render.
    expect(() => sink.write("y")).not.toThrow();
  });

  it("carries a React render whole, the shell first and a resolved Suspense boundary after it", async () => {
    let release!: () => void;
    let arrived = false;
    const later = new Promise<void>((resolve) => (release = resolve)).then(() => void (arrived = true));
    // React 18's way to wait for data inside a Suspense boundary: throw the promise until it has settled.
    function Later() {
      if (!arrived) throw later;
      return createElement("p", null, "arrived");
    }
    const page = createElement("main", null, createElement("h1", null, "b".repeat(6000)), createElement(Suspense, { fallback: createElement("i", null, "…") }, createElement(Later)));
    const { sink, stream } = coalescedStream();
    const read = readAll(stream);
    await new Promise<void>((resolve, reject) => {
      const { pipe } = renderToPipeableStream(page, {
        onShellReady() {
          pipe(sink);
          resolve();
        },
        onShellError: reject,
      });
    });
    await new Promise((resolve) => setTimeout(resolve, 5));
    release();
    const chunks = await read;
    expect(chunks.length).toBe(2);
    expect(chunks[0]).toContain("b".repeat(6000));
    expect(chunks[0]).not.toContain("arrived");
    expect(chunks[1]).toContain("arrived");
  });
});
