import type { MessageView } from "~/modules/messaging/types";

/**
 * What a chat client knows about a conversation's sequence numbers. `contiguous` is the highest sequence up to
 * which the client holds every message there is; messages that arrive beyond it (live, or its own acks) wait in
 * `ahead` until the gap below them is filled. Replay always asks for what follows `contiguous`, and read and
 * delivery marks never go past it — so a live message that arrives while a replay page is on its way can neither
 * make the next page skip what lies between, nor mark unseen messages as read.
 */
export class ChatSequence {
  private ahead = new Set<number>();

  /** `start`: the newest sequence of the page the thread was rendered with (its latest messages, no gaps). */
  constructor(private contiguous_: number = 0) {}

  get contiguous(): number {
    return this.contiguous_;
  }

  /** True when the client holds a message beyond a hole: a replay must fill it. */
  get hasGap(): boolean {
    return this.ahead.size > 0;
  }

  /** A message that arrived on its own (live broadcast, own send's ack). */
  addLive(seq: number): void {
    if (seq <= this.contiguous_) return;
    this.ahead.add(seq);
    this.advance();
  }

  /**
   * A replay page answering "after `afterSeq`": the server returned every message in (afterSeq, last] in order, so
   * that whole range is held now (sequence numbers the server skipped do not exist). `hasMore: false` means nothing
   * exists after the page either, up to the conversation's `lastSeq` at that moment.
   */
  addReplayPage(afterSeq: number, page: Pick<MessageView, "seq">[], end: { hasMore: boolean; lastSeq: number }): void {
    if (afterSeq > this.contiguous_) return; // an answer to an older question that no longer extends what is held
    const last = page.length ? page[page.length - 1]!.seq : afterSeq;
    const upTo = end.hasMore ? last : Math.max(last, end.lastSeq);
    if (upTo > this.contiguous_) this.contiguous_ = upTo;
    for (const seq of this.ahead) if (seq <= this.contiguous_) this.ahead.delete(seq);
    this.advance();
  }

  private advance(): void {
    while (this.ahead.delete(this.contiguous_ + 1)) this.contiguous_++;
  }
}

export type ReplayPage = { messages: MessageView[]; hasMore: boolean; lastSeq: number };

/**
 * Replays pages from the last contiguous sequence until nothing is missing: `fetchPage(afterSeq)` asks the server;
 * `onMessages` hands each page to the view. Runs until the server has no more and no gap remains.
 */
export async function replayUntilContiguous(
  sequence: ChatSequence,
  fetchPage: (afterSeq: number) => Promise<ReplayPage | null>,
  onMessages: (messages: MessageView[]) => void,
  maxPages = 1_000,
): Promise<void> {
  for (let i = 0; i < maxPages; i++) {
    const afterSeq = sequence.contiguous;
    const page = await fetchPage(afterSeq);
    if (!page) return;
    onMessages(page.messages);
    sequence.addReplayPage(afterSeq, page.messages, page);
    if (!page.hasMore && !sequence.hasGap) return;
  }
}
