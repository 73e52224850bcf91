// The demo world for tests that read it: seeded once per worker and clock, then handed out as copies.
import { openDatabaseImage } from "@db/client";
import { seedDemoWorld, type SeededWorld } from "@seed/index";
import { createTestContext, type TestContext } from "./context";
import { embeddedAppSearch } from "~/modules/search/runtime.server";

const images = new Map<number, { image: Buffer; world: SeededWorld }>();

/**
 * A fresh test context holding the demo world as `seedDemoWorld` leaves it at the given test-clock instant (default:
 * the test clock's start). The first call per instant in a worker seeds (~3.5 s of CPU); later ones, also from
 * other files in the same worker (workers are shared, ADR 0026), open a copy of that database in milliseconds.
 * The seed is deterministic for a given instant (fixed ids, times from the clock), so a copy is what a new seed
 * would give; each copy is independent, as each seeded database was.
 */
export async function demoWorldContext(clockMs?: number): Promise<{ ctx: TestContext; world: SeededWorld }> {
  const ctx = createTestContext();
  if (clockMs !== undefined) ctx.clock.ms = clockMs;
  const at = ctx.clock.ms;
  const cached = images.get(at);
  if (!cached) {
    const world = await seedDemoWorld(ctx);
    images.set(at, { image: ctx.db.$client.serialize(), world: structuredClone(world) });
    return { ctx, world };
  }
  ctx.db.$client.close();
  const db = openDatabaseImage(cached.image);
  return { ctx: { ...ctx, db, search: embeddedAppSearch(db, ctx.logger) }, world: structuredClone(cached.world) };
}
