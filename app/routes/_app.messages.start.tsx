import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { requireActor } from "~/modules/identity/auth.server";
import { startMarketConversation } from "~/modules/financing/market-actions.server";
import { startConversationInput } from "~/modules/messaging/schemas";
import { orHttpError } from "~/utils/route.server";

/**
 * POST target for "contact" buttons anywhere (a need, an offer, a profile): opens or reopens the
 * conversation and goes to it. The subject's own area decides whether that is allowed.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const form = await request.formData();
  const parsed = startConversationInput.safeParse({
    subjectType: form.get("subjectType"),
    subjectId: form.get("subjectId") ?? "",
    withOrgId: form.get("withOrgId"),
  });
  if (!parsed.success) throw new Response("Bad Request", { status: 400 });
  const conversation = orHttpError(() => startMarketConversation(context.app, actor, parsed.data));
  return redirect(`/messages/${conversation.id}`);
}

export function loader() {
  return redirect("/messages");
}
