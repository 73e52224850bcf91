// The replay player's arithmetic, shared by the server (the timeline) and the browser (the scrubber).

export type ReplayItem =
  | { kind: "slide"; at: number; deckId: string; deckTitle: string; page: number }
  | { kind: "chat"; at: number; name: string; orgName: string; body: string }
  | { kind: "question"; at: number; body: string; votes: number }
  | { kind: "answer"; at: number; body: string; answerText: string | null; answeredLive: boolean };

/** The scrubber's span: the event's start to its end, widened to any item outside it (an answer given afterwards). */
export function replayRange(items: readonly ReplayItem[], startsAt: number, endsAt: number): { from: number; to: number } {
  return { from: Math.min(startsAt, items[0]?.at ?? startsAt), to: Math.max(endsAt, items.at(-1)?.at ?? endsAt) };
}

/**
 * The room at moment `at` of a timeline sorted by time: the slide on screen then (the last change at or before it)
 * and how many items (chat, Q&A, slide changes) had happened by then.
 */
export function replayAt(items: readonly ReplayItem[], at: number): { slide: Extract<ReplayItem, { kind: "slide" }> | null; happened: number } {
  let slide: Extract<ReplayItem, { kind: "slide" }> | null = null;
  let happened = 0;
  for (const item of items) {
    if (item.at > at) break;
    happened++;
    if (item.kind === "slide") slide = item;
  }
  return { slide, happened };
}
