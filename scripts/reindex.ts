import pino from "pino";
import { scriptContext } from "./script-context";
import { isIndexName, type IndexName } from "~/modules/search/documents";
import { startAppSearch } from "~/modules/search/runtime.server";
import { registeredIndexes } from "@search/sources";

/**
 * `npm run reindex [index...]`: rebuilds search indexes from the database into fresh copies and
 * swaps them in, so a running app keeps answering searches throughout. Progress goes to stderr.
 */

function progressBar(index: string): (done: number, total: number) => void {
  const tty = process.stderr.isTTY;
  let lastDecile = -1;
  const started = Date.now();
  return (done, total) => {
    const ratio = total === 0 ? 1 : done / total;
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (tty) {
      const width = 30;
      const filled = Math.round(ratio * width);
      process.stderr.write(
        `\r${index.padEnd(20)} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${String(Math.round(ratio * 100)).padStart(3)}% ${done}/${total} ${seconds}s`,
      );
      if (done >= total) process.stderr.write("\n");
    } else {
      const decile = Math.floor(ratio * 10);
      if (decile !== lastDecile) {
        lastDecile = decile;
        process.stderr.write(`${index}: ${Math.round(ratio * 100)}% (${done}/${total}) ${seconds}s\n`);
      }
    }
  };
}

async function main(): Promise<void> {
  const ctx = scriptContext();
  const logger = pino({ level: ctx.config.logLevel === "info" ? "warn" : ctx.config.logLevel }, pino.destination(2));
  const search = await startAppSearch(ctx.config, ctx.db, logger, { startIndexer: false, bootstrap: false });
  try {
    const status = search.status();
    process.stderr.write(
      `search engine: ${status.engine} (${status.mode})${status.fallbackReason ? ` — fallback: ${status.fallbackReason}` : ""}\n`,
    );
    const requested = process.argv.slice(2);
    const unknown = requested.filter((name) => !isIndexName(name) || !registeredIndexes().includes(name));
    if (unknown.length) throw new Error(`Unknown or unregistered index: ${unknown.join(", ")} (known: ${registeredIndexes().join(", ")})`);
    const indexes = requested.length ? (requested as IndexName[]) : registeredIndexes();
    for (const index of indexes) {
      const started = Date.now();
      const count = await search.indexer.rebuild(index, progressBar(index));
      process.stderr.write(`${index}: ${count} documents in ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
    }
  } finally {
    await search.close();
    ctx.db.$client.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`reindex failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
