import type { LoaderFunctionArgs } from "@remix-run/node";
import { getLocale } from "~/i18n/i18n.server";
import { requireActor } from "~/modules/identity/auth.server";
import { liveDeckPage } from "~/modules/roadshows/live.server";
import { asHttpError } from "~/utils/route.server";

/** A live-room slide with the viewer's own watermark; private to this viewer. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  try {
    const { webp } = await liveDeckPage(context.app, actor, params.id ?? "", params.deckId ?? "", Number(params.page), await getLocale(request));
    return new Response(new Uint8Array(webp), {
      headers: { "Content-Type": "image/webp", "Cache-Control": "private, max-age=600", "X-Content-Type-Options": "nosniff", "Content-Security-Policy": "default-src 'none'" },
    });
  } catch (error) {
    throw asHttpError(error);
  }
}
