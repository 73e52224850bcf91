import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { startImportValidation } from "~/modules/board/import-jobs.server";
import { requireActor } from "~/modules/identity/auth.server";
import { orHttpError } from "~/utils/route.server";

export async function loader() {
  return redirect("/board/import");
}

/** Receives the XLSX (under /upload for the larger body limit) and starts its validation job. */
export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const fd = await request.formData();
  const file = fd.get("file");
  const bytes = file instanceof File ? new Uint8Array(await file.arrayBuffer()) : new Uint8Array();
  const id = orHttpError(() => startImportValidation(context.app, actor, { roundId: String(fd.get("roundId") ?? ""), fileName: file instanceof File ? file.name : "", file: bytes }));
  return redirect(`/board/import?job=${id}`);
}
