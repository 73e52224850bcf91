import type { LoaderFunctionArgs } from "@remix-run/node";
import { downloadDeckPdf } from "~/modules/roadshows/decks.server";
import { deckViewerFrom } from "~/modules/roadshows/viewer.server";
import { downloadResponse } from "~/utils/download.server";
import { orHttpError } from "~/utils/route.server";

/** The PDF, only when the enterprise allowed downloads (or to the enterprise itself). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const viewer = await deckViewerFrom(request, context.app, params.id ?? "");
  const file = orHttpError(() => downloadDeckPdf(context.app, viewer, params.id ?? ""));
  return downloadResponse(file.bytes, { fileName: file.fileName, mimeType: "application/pdf" });
}
