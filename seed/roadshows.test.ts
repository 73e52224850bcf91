import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { roadshowEvents, roadshowRequests, users } from "@db/schema";
import { actorForUser } from "~/modules/identity/sessions.server";
import { calendarEvents, phaseOf, upcomingEvents } from "~/modules/roadshows/events.server";
import { roomSnapshot } from "~/modules/roadshows/live.server";
import { publishedFaq } from "~/modules/roadshows/faq.server";
import { attendanceReport, dueDiligenceQa } from "~/modules/roadshows/record.server";
import { listRequests } from "~/modules/roadshows/requests.server";
import { createTestContext } from "@test/support/context";
import { seedDemoWorld } from "./index";
import { ensureLiveDemoRoadshow } from "./roadshow-events";
import { demoWorldContext } from "@test/support/demo-world";

describe("roadshow demo data", () => {
  it("has past roadshows with Q&A and attendance, one live now, upcoming ones with a waitlist and a waiting request", async () => {
    const { ctx } = await demoWorldContext(Date.UTC(2026, 10, 20, 2));
    const actor = (email: string) => actorForUser(ctx, ctx.db.select().from(users).where(eq(users.email, email)).get()!)!;
    const now = ctx.clock.now();
    const events = ctx.db.select().from(roadshowEvents).all();
    const phases = events.map((e) => phaseOf(e, now));
    expect(phases.filter((p) => p === "ended")).toHaveLength(2);
    expect(phases.filter((p) => p === "live")).toHaveLength(1);
    expect(phases.filter((p) => p === "upcoming")).toHaveLength(2);

    const ended = events.filter((e) => phaseOf(e, now) === "ended");
    for (const e of ended) expect(dueDiligenceQa(ctx, actor("bank2@inst.demo"), e.id).length).toBe(2);
    expect(attendanceReport(ctx, actor("roadshow@xjex.demo"), ended[0]!.id).totals.people).toBe(4);
    // Jinsha published two of its answered questions as the FAQ on its profile (one reworded), askers not named.
    const jinsha = actor("ent01@demo.xj");
    const faq = publishedFaq(ctx, jinsha.orgId);
    expect(faq).toHaveLength(2);
    expect(faq[1]!.answer).toContain("保理");
    for (const asker of [actor("pe1@inst.demo"), actor("pe2@inst.demo")]) {
      expect(JSON.stringify(faq)).not.toContain(asker.name);
      expect(JSON.stringify(faq)).not.toContain(asker.orgName);
    }

    const live = events.find((e) => phaseOf(e, now) === "live")!;
    const room = roomSnapshot(ctx, actor("pe1@inst.demo"), live.id);
    expect(room.slide?.page).toBe(2);
    expect(room.chat.messages).toHaveLength(2);
    expect(room.qa.questions).toHaveLength(1);
    expect(roomSnapshot(ctx, actor("roadshow@xjex.demo"), live.id).qa.questions).toHaveLength(2);

    const full = upcomingEvents(ctx, null).find((e) => e.phase === "upcoming")!;
    expect(full).toMatchObject({ registered: 3, waitlisted: 2, audience: "public" });
    expect(calendarEvents(ctx, actor("roadshow@xjex.demo"), { from: now - 30 * 86_400_000, to: now + 30 * 86_400_000 })).toHaveLength(5);
    expect(listRequests(ctx, actor("roadshow@xjex.demo")).filter((r) => r.state === "waiting")).toHaveLength(1);
    expect(ctx.db.select().from(roadshowRequests).all()).toHaveLength(1);
  }, 120_000);
});

describe("the demo's live roadshow on a later start", () => {
  it("is scheduled again from 10 minutes ago when none is live, and not twice", async () => {
    const ctx = createTestContext();
    ctx.clock.ms = Date.UTC(2026, 10, 20, 2);
    await seedDemoWorld(ctx);
    expect(ensureLiveDemoRoadshow(ctx)).toBeNull();
    ctx.clock.advance(5 * 86_400_000);
    const id = ensureLiveDemoRoadshow(ctx);
    expect(id).toBeTruthy();
    expect(phaseOf(ctx.db.select().from(roadshowEvents).where(eq(roadshowEvents.id, id!)).get()!, ctx.clock.now())).toBe("live");
    expect(ensureLiveDemoRoadshow(ctx)).toBeNull();
  }, 120_000);
});
