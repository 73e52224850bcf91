import { createRequire } from "node:module";

const requireModule = createRequire(import.meta.url);

/**
 * A heavy library loaded the first time a function needs it, not when the server starts: exceljs, pdf-lib, fontkit
 * and echarts took seconds to import on this machine, and only exports, report packs and charts use them (ADR 0901,
 * 0906). Synchronous (Node's `require` of the package's CommonJS build), so synchronous callers such as the chart and
 * SVG-to-PDF drawing keep their signatures; what it returns is what `import * as lib` gives for these packages.
 */
export function onFirstUse<T>(specifier: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= requireModule(specifier) as T);
}
