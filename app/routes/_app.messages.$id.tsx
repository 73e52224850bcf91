import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { z } from "zod";
import { redirectWithToast, requireActor } from "~/modules/identity/auth.server";
import { addStaff, conversationDetails, listStaffCandidates } from "~/modules/messaging/conversations.server";
import { recentMessages, sendMessage } from "~/modules/messaging/messages.server";
import { handleIntents } from "~/utils/actions.server";
import { newId } from "~/utils/ids";
import { orHttpError } from "~/utils/route.server";
import { pageTitle } from "~/utils/meta";
import { ThreadPage } from "~/components/messaging/thread-page";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, "conversation", { name: data?.counterpart ?? "" });

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const id = params.id ?? "";
  const details = orHttpError(() => conversationDetails(context.app, actor, id));
  // A page view never writes: the live thread marks what it shows as read over the socket (see useChat).
  const recent = recentMessages(context.app, actor, id);
  const counterpart = details.side === "enterprise" ? details.member.name : details.side === "member" ? details.enterprise.name : `${details.enterprise.name} · ${details.member.name}`;
  const staffIds = new Set(details.staff.map((s) => s.userId));
  return {
    conversationId: id,
    subjectType: details.conversation.subjectType,
    subjectHref: subjectHref(details.conversation.subjectType, details.conversation.subjectId),
    counterpart,
    enterprise: details.enterprise,
    member: details.member,
    staff: details.staff,
    receipts: details.receipts,
    messages: recent.messages,
    lastSeq: recent.lastSeq,
    hasEarlier: recent.hasEarlier,
    me: { userId: actor.userId, orgId: actor.orgId },
    staffCandidates: details.canAddStaff ? listStaffCandidates(context.app, actor, id).filter((s) => !staffIds.has(s.userId)) : [],
    // For the form that works without JavaScript: a fresh idempotency key per rendered form.
    clientId: newId(),
  };
}

/** The no-JavaScript path for sending (the live thread sends over socket.io instead), and adding staff. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const id = params.id ?? "";
  return handleIntents(
    request,
    {
      send: z.object({ clientId: z.string().default(""), body: z.string().default("") }),
      addStaff: z.object({ staffUserId: z.string() }),
    },
    {
      send: ({ clientId, body }) => {
        const { message } = sendMessage(context.app, actor, { conversationId: id, clientId, body });
        return redirectWithToast(context.app, request, `/messages/${id}#m${message.seq}`, { kind: "success", message: "messaging:thread.status.sent" });
      },
      addStaff: ({ staffUserId }) => {
        addStaff(context.app, actor, id, staffUserId);
        return redirectWithToast(context.app, request, `/messages/${id}`, { kind: "success", message: "messaging:thread.staffAdded" });
      },
    },
  );
}

/** Where the thing a conversation is about lives; its own page checks who may see it. */
function subjectHref(type: string, id: string): string | null {
  const base: Record<string, string> = { need: "/needs/", offer: "/market/offers/", product_application: "/market/applications/", profile: "/enterprises/" };
  return base[type] && id ? `${base[type]}${id}` : null;
}

export default function ThreadPageRoute() {
  return <ThreadPage />;
}
