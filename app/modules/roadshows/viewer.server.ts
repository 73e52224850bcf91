import { getActor } from "~/modules/identity/auth.server";
import type { AppContext } from "~/utils/context.server";
import { shareLinkViewer, type DeckViewer } from "./decks.server";

/** A live share-link token in the URL wins; otherwise the signed-in user; otherwise an anonymous visitor. */
export async function deckViewerFrom(request: Request, ctx: AppContext, deckId: string): Promise<DeckViewer> {
  const token = new URL(request.url).searchParams.get("t");
  const link = shareLinkViewer(ctx, deckId, token);
  if (link) return link;
  const actor = await getActor(request, ctx);
  return actor ? { kind: "actor", actor } : { kind: "anonymous" };
}
