import type { LoaderFunctionArgs } from "@remix-run/node";
import { getLocale } from "~/i18n/i18n.server";
import { deckPageImage } from "~/modules/roadshows/decks.server";
import { deckViewerFrom } from "~/modules/roadshows/viewer.server";
import { asHttpError } from "~/utils/route.server";

/** One watermarked page image; private to this viewer, never stored by shared caches. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const id = params.id ?? "";
  const viewer = await deckViewerFrom(request, context.app, id);
  try {
    // The watermark's fixed words are in the language the viewer is reading the deck page in.
    const { webp } = await deckPageImage(context.app, viewer, id, Number(params.page), await getLocale(request));
    return new Response(new Uint8Array(webp), {
      headers: { "Content-Type": "image/webp", "Cache-Control": "private, max-age=600", "X-Content-Type-Options": "nosniff", "Content-Security-Policy": "default-src 'none'" },
    });
  } catch (error) {
    throw asHttpError(error);
  }
}
