import type { LoaderFunctionArgs } from "@remix-run/node";
import { getLocale, translator } from "~/i18n/i18n.server";
import { requireActor } from "~/modules/identity/auth.server";
import { attendanceWorkbook } from "~/modules/roadshows/record.server";
import { asHttpError } from "~/utils/route.server";
import { downloadResponse } from "~/utils/download.server";

/** Attendance and engagement as XLSX, in the reader's language; staff see all, the enterprise those who consented. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const t = await translator(await getLocale(request), "roadshows");
  const keys = ["person", "org", "joined", "left", "minutes", "pages", "questions", "votes"] as const;
  const labels = Object.fromEntries(keys.map((k) => [k, t(`attendance.${k}`)])) as Record<(typeof keys)[number], string>;
  try {
    const { fileName, bytes } = await attendanceWorkbook(context.app, actor, params.id ?? "", labels);
    return downloadResponse(bytes, { fileName, mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" });
  } catch (error) {
    throw asHttpError(error);
  }
}
