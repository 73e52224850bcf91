import { eq } from "drizzle-orm";
import { setImmediate as afterCurrentWork } from "node:timers/promises";
import { beforeEach, describe, expect, it } from "vitest";
import { users } from "@db/schema";
import { createTestContext, type TestContext } from "@test/support/context";
import { returnApplication } from "~/modules/board/bureau-queue.server";
import { fillApplication, world } from "@test/support/board-world";
import { startApplication, submitApplication } from "~/modules/board/applications.server";
import { notifyOrgs, notifyUsers, unreadNotificationCount } from "./notifications.server";
import { makeActor, makeOrg } from "@test/support/actors";

const payload = { key: "board:notify.returned", values: { bureau: "x" }, href: "/board" };
const pushesTo = (ctx: TestContext, userId: string) => ctx.realtime.events.filter((e) => e.target === `user:${userId}` && e.event === "notification:count");

describe("notifyOrgs", () => {
  let ctx: TestContext;
  beforeEach(() => {
    ctx = createTestContext();
  });

  it("notifies the active users of the organisations (or only some roles), never the one acting", () => {
    const org = makeOrg(ctx, "enterprise");
    const admin = makeActor(ctx, { orgId: org, roles: ["org_admin"] });
    const member = makeActor(ctx, { orgId: org, roles: ["member"] });
    const disabled = makeActor(ctx, { orgId: org, roles: ["member"] });
    ctx.db.update(users).set({ disabledAt: 1 }).where(eq(users.id, disabled.userId)).run();
    const other = makeActor(ctx, { orgId: makeOrg(ctx, "institution") });

    expect(notifyOrgs(ctx, [org, null], { kind: "board", payload }).sort()).toEqual([admin.userId, member.userId].sort());
    expect(notifyOrgs(ctx, [org], { kind: "board", payload, roles: ["org_admin"] })).toEqual([admin.userId]);
    expect(notifyOrgs(ctx, [org, org], { kind: "board", payload, exceptUserId: admin.userId })).toEqual([member.userId]);
    expect(unreadNotificationCount(ctx, disabled.userId)).toBe(0);
    expect(unreadNotificationCount(ctx, other.userId)).toBe(0);
    expect(unreadNotificationCount(ctx, admin.userId)).toBe(2);
  });

  it("pushes the live unread count once the transaction is over, with the committed count", async () => {
    const org = makeOrg(ctx, "enterprise");
    const user = makeActor(ctx, { orgId: org });
    ctx.db.transaction(() => {
      notifyOrgs(ctx, [org], { kind: "board", payload });
      notifyUsers(ctx, [user.userId], { kind: "board", payload });
    });
    expect(pushesTo(ctx, user.userId)).toEqual([]);
    await afterCurrentWork();
    expect(pushesTo(ctx, user.userId).at(-1)?.payload).toEqual({ unread: 2 });
  });

  it("after a rolled-back change the pushed count is the unchanged one", async () => {
    const org = makeOrg(ctx, "enterprise");
    const user = makeActor(ctx, { orgId: org });
    expect(() =>
      ctx.db.transaction(() => {
        notifyOrgs(ctx, [org], { kind: "board", payload });
        throw new Error("the change failed");
      }),
    ).toThrow("the change failed");
    await afterCurrentWork();
    expect(pushesTo(ctx, user.userId).at(-1)?.payload).toEqual({ unread: 0 });
  });
});

describe("board events", () => {
  it("push the live unread count to the people they notify", async () => {
    const w = world();
    const app = startApplication(w.ctx, w.ent, { roundId: w.roundId });
    fillApplication(w, w.ent, app.id);
    submitApplication(w.ctx, w.ent, app.id);
    await afterCurrentWork();
    const before = pushesTo(w.ctx, w.ent.userId).length;
    returnApplication(w.ctx, w.bureau, app.id, "请补充认定证书扫描件");
    await afterCurrentWork();
    const pushes = pushesTo(w.ctx, w.ent.userId);
    expect(pushes.length).toBe(before + 1);
    expect(pushes.at(-1)?.payload).toEqual({ unread: unreadNotificationCount(w.ctx, w.ent.userId) });
  });
});
