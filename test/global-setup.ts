// Global set-up for vitest: nothing shared between workers except what is prepared here.
// Search contract tests start their own Meilisearch (see search/testing), so this stays small. The app is not built
// here: only the tests that start the real server need build/, and they ask for it (test/support/build.ts, one build
// under a lock however many workers ask), so `npx vitest run <a domain test>` never waits for a build.
import { MIGRATED_IMAGE_ENV, writeMigratedImage } from "./support/database";

export default function setup(): () => void {
  process.env.TZ = "UTC";
  // One migrated database for the whole run; every fresh test database is a copy of it (ADR 0025).
  const image = writeMigratedImage();
  process.env[MIGRATED_IMAGE_ENV] = image.file;
  return image.remove;
}
