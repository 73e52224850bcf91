// Test support for the board module: builds rounds and applications directly in the DB so
// tests of one service do not depend on the others' flows.
import { boardApplicationFinancials, boardApplicationPeRounds, boardApplications, boardRounds } from "@db/schema";
import type { AppContext } from "~/utils/context.server";
import { newId } from "~/utils/ids";

let seq = 0;

export function makeRound(ctx: Pick<AppContext, "db">, state: (typeof boardRounds.$inferInsert)["state"] = "open"): string {
  const id = newId();
  ctx.db.insert(boardRounds).values({ id, name: `2026 第${++seq}批`, bureauDeadline: "2026-03-15", planDeadline: "2026-03-31", state }).run();
  return id;
}

export function makeApplication(
  ctx: Pick<AppContext, "db">,
  opts: {
    roundId: string;
    enterpriseOrgId: string;
    state?: (typeof boardApplications.$inferInsert)["state"];
    values?: Partial<typeof boardApplications.$inferInsert>;
    peRounds?: Omit<typeof boardApplicationPeRounds.$inferInsert, "id" | "applicationId">[];
    financials?: Omit<typeof boardApplicationFinancials.$inferInsert, "applicationId">[];
  },
): string {
  const id = newId();
  ctx.db
    .insert(boardApplications)
    .values({ id, roundId: opts.roundId, enterpriseOrgId: opts.enterpriseOrgId, channel: "self", state: opts.state ?? "forwarded", prefectureCode: "6501", ...opts.values })
    .run();
  for (const r of opts.peRounds ?? []) ctx.db.insert(boardApplicationPeRounds).values({ id: newId(), applicationId: id, ...r }).run();
  for (const f of opts.financials ?? []) ctx.db.insert(boardApplicationFinancials).values({ applicationId: id, ...f }).run();
  return id;
}
