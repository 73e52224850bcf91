import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { getLocale, translator } from "~/i18n/i18n.server";
import { auditQuery, auditRowsForExport } from "~/modules/audit/audit-reader.server";
import { auditEventLabel, auditSubjectLabel } from "~/modules/audit/describe";
import { requireActor } from "~/modules/identity/auth.server";
import { toCsv, toXlsx } from "~/modules/staff/exports.server";
import { formatDateTime } from "~/utils/dates";
import { baseUrl, orHttpError } from "~/utils/route.server";

const format = z.enum(["csv", "xlsx"]).catch("csv");

/** The filtered audit rows as CSV or XLSX, readable (names and events in the reader's language) with their hashes. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const q = auditQuery.parse(params);
  const rows = orHttpError(() => auditRowsForExport(context.app, actor, q));
  const locale = await getLocale(request);
  const t = await translator(locale, "audit");
  const origin = baseUrl(request, context);
  const table = {
    name: t("title"),
    headers: [t("seq"), t("at"), t("who"), t("org"), t("action"), t("subject"), t("enterprise"), t("link"), t("actionCode"), t("subjectCode"), t("hash")],
    rows: rows.map((r) => [
      r.seq,
      formatDateTime(r.at, locale),
      r.actorName ?? t("system"),
      r.actorOrgName ?? "",
      auditEventLabel(t, r.action),
      auditSubjectLabel(t, r),
      r.enterpriseName ?? "",
      r.href ? `${origin}${r.href}` : "",
      r.action,
      `${r.subjectType}:${r.subjectId}`,
      r.hash,
    ]),
  };
  const kind = format.parse(params.format);
  const body = kind === "csv" ? Buffer.from(toCsv(table), "utf8") : await toXlsx([table], { created: new Date(context.app.clock.now()) });
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": kind === "csv" ? "text/csv; charset=utf-8" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="audit-${new Date(context.app.clock.now()).toISOString().slice(0, 10)}.${kind}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
