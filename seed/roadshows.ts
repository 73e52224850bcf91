import { eq } from "drizzle-orm";
import { financingNeeds } from "@db/schema";
import { recordPageTime, startViewSession } from "~/modules/roadshows/analytics.server";
import { acceptNda, createDeck, uploadDeckVersion, type DeckViewer } from "~/modules/roadshows/decks.server";
import { buildSampleDeck } from "~/modules/roadshows/sample-deck";
import type { AppContext } from "~/utils/context.server";
import { seedRoadshowEvents } from "./roadshow-events";
import { demoActor } from "./enterprises";
import type { AreaSeeder, SeededWorld } from "./index";
import { ENTERPRISES, INSTITUTIONS } from "./world";

/** Two decks with versions and some reading (one members-only, one directed with an NDA), then the roadshow events. */
export const roadshowsSeeder: AreaSeeder = {
  name: "roadshows",
  async run(ctx: AppContext, world: SeededWorld) {
    const ent1 = demoActor(world, "ent:1", "enterprise", ENTERPRISES[0]![0]);
    const ent2 = demoActor(world, "ent:2", "enterprise", ENTERPRISES[1]![0]);
    const inst = (key: string): DeckViewer => {
      const i = INSTITUTIONS.find((x) => x.key === key)!;
      return { kind: "actor", actor: { ...demoActor(world, key, "institution", i.name), name: i.person } };
    };
    const loan = ctx.db.select({ id: financingNeeds.id }).from(financingNeeds).where(eq(financingNeeds.enterpriseOrgId, ent1.orgId)).all()[0];
    const a = createDeck(ctx, ent1, { title: "金沙锂电 2026 融资路演", audience: "members", directedOrgIds: [], needId: loan?.id ?? null, allowDownload: false });
    await uploadDeckVersion(ctx, ent1, a, { name: "jinsha-roadshow-v1.pdf", bytes: await buildSampleDeck({ title: "Jinsha Lithium 2026", pages: 6 }) });
    await uploadDeckVersion(ctx, ent1, a, { name: "jinsha-roadshow-v2.pdf", bytes: await buildSampleDeck({ title: "Jinsha Lithium 2026 (v2)", pages: 8 }) });
    const b = createDeck(ctx, ent2, {
      title: "天润新能源 B 轮路演（定向）",
      audience: "directed",
      directedOrgIds: [world.orgIdByKey.get("pe1")!, world.orgIdByKey.get("pe2")!],
      ndaText: "查看者承诺对本材料内容保密，不得复制、转发或用于本次投资评估以外的用途。",
      allowDownload: false,
    });
    await uploadDeckVersion(ctx, ent2, b, { name: "tianrun-series-b.pdf", bytes: await buildSampleDeck({ title: "Tianrun New Energy Series B", pages: 5 }) });

    const read = (viewer: DeckViewer, deckId: string, consent: boolean, pages: number, msPerPage: number) => {
      const s = startViewSession(ctx, viewer, deckId, consent);
      for (let p = 1; p <= pages; p++) recordPageTime(ctx, viewer, s, p, msPerPage + p * 1500);
    };
    read(inst("bank1"), a, true, 8, 20_000);
    read(inst("bank1"), a, true, 3, 8_000);
    read(inst("bank2"), a, false, 4, 15_000);
    read(inst("pe2"), a, true, 6, 30_000);
    acceptNda(ctx, inst("pe1"), b);
    read(inst("pe1"), b, true, 5, 40_000);
    await seedRoadshowEvents(ctx, world, { jinshaDeck: a, tianrunDeck: b });
  },
};
