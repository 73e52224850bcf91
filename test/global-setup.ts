// Global set-up for vitest: nothing shared between workers except what is started here.
// Search contract tests start their own Meilisearch (see search/testing), so this stays small. The app is not built
// here: only the tests that start the real server need build/, and they ask for it (test/support/build.ts, one build
// under a lock however many workers ask), so `npx vitest run <a domain test>` never waits for a build.
export default function setup(): void {
  process.env.TZ = "UTC";
}
