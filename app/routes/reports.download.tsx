import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireActor } from "~/modules/identity/auth.server";
import { downloadReportPack } from "~/modules/staff/reports.server";
import { orHttpError } from "~/utils/route.server";
import { downloadResponse } from "~/utils/download.server";

/** A stored report pack file; the download is recorded in the audit chain by the service. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  // A query, not a path, so link crawlers and prefetchers do not take a download for a page.
  const url = new URL(request.url);
  const format = url.searchParams.get("format") === "pdf" ? "pdf" : url.searchParams.get("format") === "xlsx" ? "xlsx" : null;
  if (!format) throw new Response("Not Found", { status: 404 });
  const file = orHttpError(() => downloadReportPack(context.app, actor, url.searchParams.get("id") ?? "", format));
  return downloadResponse(file.bytes, { fileName: file.fileName, mimeType: file.contentType });
}
