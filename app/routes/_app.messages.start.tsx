import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { requireActor } from "~/modules/identity/auth.server";
import { startFinancingConversation } from "~/modules/financing/viewer-actions.server";
import { startConversationInput } from "~/modules/messaging/schemas";
import { handleForm } from "~/utils/actions.server";

/**
 * POST target for "contact" buttons anywhere (a need, an offer, a profile): opens or reopens the
 * conversation and goes to it. The subject's own area decides whether that is allowed.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context.app);
  return handleForm(
    request,
    startConversationInput,
    (input) => redirect(`/messages/${startFinancingConversation(context.app, actor, input).id}`),
    // The buttons live on other pages and show no form here: a refusal is a 400 / the service's HTTP error.
    { refuseWith: () => new Response("Bad Request", { status: 400 }) },
  );
}

export function loader() {
  return redirect("/messages");
}
