import { chromium } from "playwright-core";
import type { TestProject } from "vitest/node";
import { CHROMIUM_ARGS } from "./chromium-args";

declare module "vitest" {
  export interface ProvidedContext {
    /** Where the run's one chromium listens (test/e2e/support.ts `launchBrowser` connects to it). */
    e2eBrowserEndpoint: string;
  }
}

/**
 * One chromium for the whole e2e run, started before the first spec file and closed after the last: each spec file
 * connects to it instead of launching a browser of its own (a launch cost a second or two of each file's time). Spec
 * files still get their own browser contexts (own cookies, storage, viewport); closing a connected browser closes
 * only the contexts made through that connection.
 */
export default async function startBrowserServer(project: TestProject): Promise<() => Promise<void>> {
  const server = await chromium.launchServer({
    executablePath: process.env.E2E_CHROMIUM ?? "/usr/bin/chromium",
    args: CHROMIUM_ARGS,
    headless: true,
    timeout: 60_000,
  });
  project.provide("e2eBrowserEndpoint", server.wsEndpoint());
  return async () => {
    await server.close();
  };
}
