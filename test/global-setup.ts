import { ensureBuild } from "./support/build";

// Global set-up for vitest: nothing shared between workers except what is started here.
// Search contract tests start their own Meilisearch (see search/testing), so this stays small.
export default function setup(): void {
  process.env.TZ = "UTC";
  // Integration tests start the real server in production mode, which imports build/. Building here, once and
  // before any worker starts, keeps parallel test files from running two builds into the same directory.
  // A failed build is not fatal for the domain tests; the integration tests then fail on their own.
  try {
    ensureBuild({ onlyIfMissing: true });
  } catch (error) {
    console.warn(`[global-setup] npm run build failed; tests that start the real server will fail: ${(error as Error).message}`);
  }
}
