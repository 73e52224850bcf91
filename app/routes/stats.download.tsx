import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { getLocale } from "~/i18n/i18n.server";
import { requireActor } from "~/modules/identity/auth.server";
import { dashboardTable } from "~/modules/staff/dashboard-view.server";
import { toCsv, toXlsx } from "~/modules/staff/exports.server";
import { DASHBOARD_CHARTS } from "~/modules/staff/statistics.server";
import { asHttpError } from "~/utils/route.server";
import { downloadResponse } from "~/utils/download.server";

const query = z.object({
  chart: z.enum(DASHBOARD_CHARTS),
  format: z.enum(["csv", "xlsx"]),
  from: z.string(),
  to: z.string(),
  prefecture: z.string().optional(),
});

/** One dashboard chart's table as CSV or XLSX, for the same filter as the page. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const parsed = query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) throw new Response("Bad Request", { status: 400 });
  const q = parsed.data;
  try {
    const table = await dashboardTable(context.app, actor, { from: q.from, to: q.to, prefecture: q.prefecture || undefined }, await getLocale(request), q.chart);
    const base = `stats-${q.chart}-${q.from}-${q.to}${q.prefecture ? `-${q.prefecture}` : ""}`;
    const t = { name: table.title, headers: table.headers, rows: table.rows, note: table.note };
    const body = q.format === "csv" ? Buffer.from(toCsv(t), "utf8") : await toXlsx([t]);
    return downloadResponse(body, { fileName: `${base}.${q.format}`, mimeType: q.format === "csv" ? "text/csv; charset=utf-8" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" });
  } catch (error) {
    throw asHttpError(error);
  }
}
