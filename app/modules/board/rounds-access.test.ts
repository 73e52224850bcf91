import { describe, expect, it } from "vitest";
import { actorOf } from "@test/support/accounts";
import { listRoundsForAdmin } from "./rounds.server";
import { demoWorldContext } from "@test/support/demo-world";

describe("rounds management", () => {
  it("lists rounds for exchange admins and refuses everyone else", async () => {
    const { ctx, world } = await demoWorldContext();
    const admin = actorOf(ctx, world.userIdByEmail.get("admin@xjex.demo")!);
    expect(listRoundsForAdmin(ctx, admin).length).toBeGreaterThan(0);
    for (const email of ["reviewer@xjex.demo", "bureau6501@gov.demo", "bank1@inst.demo", "ent01@demo.xj"]) {
      expect(() => listRoundsForAdmin(ctx, actorOf(ctx, world.userIdByEmail.get(email)!))).toThrow(expect.objectContaining({ status: 403 }));
    }
  });
});
