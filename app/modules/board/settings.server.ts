import { eq } from "drizzle-orm";
import { z } from "zod";
import { boardSettings, NOTICE_DAY_KINDS, type NoticeDayKind } from "@db/schema";
import { appendAudit } from "~/modules/audit/audit.server";
import type { Actor } from "~/modules/identity/actor";
import type { AppContext } from "~/utils/context.server";
import type { TierSettings } from "./tier-rules";
import { assertCan } from "~/modules/access";

export type BoardSettings = TierSettings & {
  custodyWorkingDays: number;
  custodyRatioBp: number;
  custodyRatioCultivationBp: number;
  noticeDays: number;
  noticeDayKind: NoticeDayKind;
};

const SETTINGS_ID = "board";

/** Xinjiang's defaults (Attachment 2 and Attachment 1 §(六)); the migration seeds the same row. */
export const DEFAULT_BOARD_SETTINGS: BoardSettings = {
  minPeRound: "a",
  halveRatios: false,
  custodyWorkingDays: 60,
  custodyRatioBp: 7500,
  custodyRatioCultivationBp: 8000,
  noticeDays: 5,
  noticeDayKind: "working",
};

export function getBoardSettings(ctx: Pick<AppContext, "db">): BoardSettings {
  const row = ctx.db.select().from(boardSettings).where(eq(boardSettings.id, SETTINGS_ID)).get();
  if (!row) return DEFAULT_BOARD_SETTINGS;
  return {
    minPeRound: row.minPeRound,
    halveRatios: row.halveRatios,
    custodyWorkingDays: row.custodyWorkingDays,
    custodyRatioBp: row.custodyRatioBp,
    custodyRatioCultivationBp: row.custodyRatioCultivationBp,
    noticeDays: row.noticeDays,
    noticeDayKind: row.noticeDayKind,
  };
}

export const boardSettingsInput = z.object({
  minPeRound: z.enum(["a", "b"]),
  halveRatios: z.boolean(),
  custodyWorkingDays: z.number().int().min(1).max(250),
  custodyRatioBp: z.number().int().min(1).max(10000),
  custodyRatioCultivationBp: z.number().int().min(1).max(10000),
  noticeDays: z.number().int().min(1).max(60).default(5),
  noticeDayKind: z.enum(NOTICE_DAY_KINDS).default("working"),
});

/** Policy changes affect every later decision, so they go into the audit chain with before and after. */
export function updateBoardSettings(ctx: AppContext, actor: Actor, input: z.input<typeof boardSettingsInput>): BoardSettings {
  assertCan(actor, "manage:board-settings:any", undefined);
  const next = boardSettingsInput.parse(input);
  ctx.db.transaction(() => {
    const before = getBoardSettings(ctx);
    const values = { ...next, updatedBy: actor.userId, updatedAt: ctx.clock.now() };
    ctx.db
      .insert(boardSettings)
      .values({ id: SETTINGS_ID, ...values })
      .onConflictDoUpdate({ target: boardSettings.id, set: values })
      .run();
    appendAudit(ctx, {
      actorUserId: actor.userId,
      actorOrgId: actor.orgId,
      action: "board.settings.updated",
      subjectType: "board_settings",
      subjectId: SETTINGS_ID,
      data: { before, after: next },
    });
  });
  return next;
}
