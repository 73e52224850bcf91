// Global set-up for vitest: nothing shared between workers except what is started here.
// Search contract tests start their own Meilisearch (see search/testing), so this stays small.
export default function setup(): void {
  process.env.TZ = "UTC";
}
