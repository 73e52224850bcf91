import vm from "node:vm";
import { describe, expect, test } from "vitest";
import { pdfjs } from "~/modules/roadshows/pdf.server";
import { loadKeepingBuiltIns } from "./built-ins.server";

// Another realm's Function.prototype.toString shows a JavaScript function's source and "[native code]" only for
// real natives (core-js's own toString would make its replacements look native).
const sourceOf = vm.runInNewContext("Function.prototype.toString") as (this: unknown) => string;
const isNative = (fn: unknown) => sourceOf.call(fn).includes("[native code]");

describe("loadKeepingBuiltIns", () => {
  test("puts back a built-in the module replaced and keeps what it added", async () => {
    const stringify = JSON.stringify;
    const added = await loadKeepingBuiltIns(async () => {
      JSON.stringify = ((value: unknown) => `polyfilled ${String(value)}`) as typeof JSON.stringify;
      (Map.prototype as unknown as { extra?: () => number }).extra = () => 1;
      return "loaded";
    });
    try {
      expect(added).toBe("loaded");
      expect(JSON.stringify).toBe(stringify);
      expect(JSON.stringify({ a: 1 })).toBe('{"a":1}');
      expect((new Map() as unknown as { extra: () => number }).extra()).toBe(1);
    } finally {
      delete (Map.prototype as unknown as { extra?: () => number }).extra;
    }
  });

  test("puts them back when the module fails to load, too", async () => {
    const push = Array.prototype.push;
    await expect(
      loadKeepingBuiltIns(async () => {
        Array.prototype.push = function () {
          return 0;
        };
        throw new Error("broken module");
      }),
    ).rejects.toThrow("broken module");
    expect(Array.prototype.push).toBe(push);
  });

  test("after pdf.js has loaded, JSON, Array.prototype.push and Function.prototype.toString are Node's own; what pdf.js needs is there", async () => {
    const lib = await pdfjs();
    expect(typeof lib.getDocument).toBe("function");
    const natives = { "JSON.stringify": JSON.stringify, "JSON.parse": JSON.parse, "Array.prototype.push": Array.prototype.push, "Function.prototype.toString": Function.prototype.toString };
    expect(Object.entries(natives).filter(([, fn]) => !isNative(fn)).map(([name]) => name)).toEqual([]);
    expect(typeof (Promise as unknown as { withResolvers?: unknown }).withResolvers).toBe("function");
    expect((globalThis as { pdfjsWorker?: { WorkerMessageHandler?: unknown } }).pdfjsWorker?.WorkerMessageHandler).toBeDefined();
  });
});
