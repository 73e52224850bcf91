import { z } from "zod";
import { handleForm } from "~/utils/actions.server";
import type { ActionFunctionArgs } from "@remix-run/node";
import { recordPageTime } from "~/modules/roadshows/analytics.server";
import { deckViewerFrom } from "~/modules/roadshows/viewer.server";

/** Reading-time heartbeats from the viewer page (only within the viewer's own session). */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const viewer = await deckViewerFrom(request, context.app, params.id ?? "");
  // A beacon from the viewer: nobody reads its reply, so a malformed one is a bare 400.
  return handleForm(
    request,
    z.object({ s: z.string().max(64).default(""), page: z.number(), ms: z.number() }),
    ({ s, page, ms }) => {
      recordPageTime(context.app, viewer, s, page, ms);
      return new Response(null, { status: 204 });
    },
    { refuseWith: () => new Response(null, { status: 400 }) },
  );
}
