// Availability of messages (ASVS V2 business logic / issue 14 item 13): after a long outage the client pages the
// replay from its last contiguous sequence, fills gaps, and never marks past a gap as read — even when live
// messages arrive while a replay page is on its way (the interleaving that used to lose hundreds of messages).
import { describe, expect, it } from "vitest";
import { ChatSequence, replayUntilContiguous, type ReplayPage } from "~/components/messaging/sequence";
import type { MessageView } from "~/modules/messaging/types";

const PAGE = 500;
const msg = (seq: number) => ({ seq, id: `m${seq}`, conversationId: "c" }) as MessageView;

/** The server: messages 1..lastSeq; replay pages as messagesAfter answers them. */
class Server {
  lastSeq = 0;
  send(): MessageView {
    return msg(++this.lastSeq);
  }
  page(afterSeq: number): ReplayPage {
    const messages: MessageView[] = [];
    for (let s = afterSeq + 1; s <= Math.min(this.lastSeq, afterSeq + PAGE); s++) messages.push(msg(s));
    return { messages, hasMore: afterSeq + PAGE < this.lastSeq, lastSeq: this.lastSeq };
  }
}

describe("replay after a long outage", () => {
  it("loses nothing when live messages interleave with replay pages, and read marks never pass a gap", async () => {
    const server = new Server();
    for (let i = 0; i < 100; i++) server.send();
    const sequence = new ChatSequence(100); // the thread was rendered with messages up to 100
    const held = new Set<number>(Array.from({ length: 100 }, (_, i) => i + 1));
    const readMarks: number[] = [];
    // 1,100 messages while the client was offline.
    for (let i = 0; i < 1_100; i++) server.send();

    let pageNo = 0;
    await replayUntilContiguous(
      sequence,
      async (afterSeq) => {
        const answer = server.page(afterSeq);
        // While each of the first pages is on its way the conversation goes on: live messages arrive first.
        if (pageNo++ < 2) {
          for (let i = 0; i < 3; i++) {
            const live = server.send();
            held.add(live.seq);
            sequence.addLive(live.seq);
            readMarks.push(sequence.contiguous);
          }
        }
        return answer;
      },
      (messages) => messages.forEach((m) => held.add(m.seq)),
    );
    readMarks.push(sequence.contiguous);

    const missing = Array.from({ length: server.lastSeq }, (_, i) => i + 1).filter((s) => !held.has(s));
    expect(missing).toEqual([]);
    expect(sequence.contiguous).toBe(server.lastSeq);
    expect(sequence.hasGap).toBe(false);
    // Every read mark sent was at or below what the client held without a hole at that moment.
    for (const mark of readMarks.slice(0, -1)) expect(mark).toBeLessThanOrEqual(100 + 2 * PAGE);
    expect(readMarks.slice(0, 6).every((m) => m <= 100 + PAGE)).toBe(true);
  });

  it("detects a hole left by a live message beyond the contiguous sequence and fills it", async () => {
    const server = new Server();
    for (let i = 0; i < 10; i++) server.send();
    const sequence = new ChatSequence(10);
    for (let i = 0; i < 5; i++) server.send(); // 11..15 missed (a dropped broadcast)
    const live = server.send(); // 16 arrives
    sequence.addLive(live.seq);
    expect(sequence.hasGap).toBe(true);
    expect(sequence.contiguous).toBe(10); // a read mark now says 10, not 16
    const got: number[] = [];
    await replayUntilContiguous(sequence, async (after) => server.page(after), (ms) => got.push(...ms.map((m) => m.seq)));
    expect(got).toEqual([11, 12, 13, 14, 15, 16]);
    expect(sequence.contiguous).toBe(16);
    expect(sequence.hasGap).toBe(false);
  });
});
