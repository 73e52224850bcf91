// One side of the concurrent-booking test (app/modules/roadshows/booking-race.test.ts): a separate process with its
// own connection to the shared database file books the given events as soon as the agreed start instant arrives.
// Usage: node --import tsx test/support/roadshow-booking-race.ts <db file> <json file of { actorUserId, inputs }> <start ms>
import fs from "node:fs";
import { eq } from "drizzle-orm";
import { openDatabase } from "../../db/client";
import { users } from "../../db/schema";
import { actorForUser } from "../../app/modules/identity/sessions.server";
import { createEvent, type EventInput } from "../../app/modules/roadshows/events.server";
import { systemClock } from "../../app/utils/context.server";
import { isAppError } from "../../app/utils/errors";

const [dbFile, jobFile, startAt] = process.argv.slice(2) as [string, string, string];
const job = JSON.parse(fs.readFileSync(jobFile, "utf8")) as { actorUserId: string; inputs: EventInput[] };
const db = openDatabase(dbFile);
const ctx = { db, clock: systemClock };
const actor = actorForUser(ctx, db.select().from(users).where(eq(users.id, job.actorUserId)).get()!)!;
while (Date.now() < Number(startAt)) {
  // Spin (briefly) so both processes start writing at the same instant.
}
const results = job.inputs.map((input) => {
  try {
    return { title: input.title, ok: true as const, id: createEvent(ctx, actor, input) };
  } catch (error) {
    if (!isAppError(error)) return { title: input.title, ok: false as const, error: String(error) };
    return { title: input.title, ok: false as const, error: error.message, values: error.values };
  }
});
process.stdout.write(JSON.stringify(results));
db.$client.close();
