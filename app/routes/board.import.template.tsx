import { downloadResponse } from "~/utils/download.server";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { buildImportTemplate } from "~/modules/board/xlsx-import.server";
import { requireActor } from "~/modules/identity/auth.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireActor(request, context.app);
  const lng = new URL(request.url).searchParams.get("lng") === "en" ? "en" : "zh-CN";
  const body = await buildImportTemplate(lng);
  const name = lng === "en" ? "board-application-list.xlsx" : "入板企业名单模板.xlsx";
  return downloadResponse(body, { fileName: name, mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" });
}
