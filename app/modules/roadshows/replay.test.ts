import { describe, expect, it } from "vitest";
import { replayAt, replayRange, type ReplayItem } from "./replay";

const items: ReplayItem[] = [
  { kind: "slide", at: 1_000, deckId: "d1", deckTitle: "路演", page: 1 },
  { kind: "chat", at: 2_000, name: "甲", orgName: "银行", body: "你好" },
  { kind: "slide", at: 3_000, deckId: "d1", deckTitle: "路演", page: 2 },
  { kind: "question", at: 4_000, body: "毛利率？", votes: 2 },
  { kind: "answer", at: 9_000, body: "毛利率？", answerText: "约三成", answeredLive: false },
];

describe("the replay player", () => {
  it("shows, at a moment, the last slide change up to it and what had happened by then", () => {
    expect(replayAt(items, 500)).toEqual({ slide: null, happened: 0 });
    expect(replayAt(items, 1_000)).toMatchObject({ slide: { page: 1 }, happened: 1 });
    expect(replayAt(items, 2_999)).toMatchObject({ slide: { page: 1 }, happened: 2 });
    expect(replayAt(items, 3_500)).toMatchObject({ slide: { page: 2 }, happened: 3 });
    expect(replayAt(items, 10_000)).toMatchObject({ slide: { page: 2 }, happened: 5 });
  });

  it("spans the event, widened to items outside it (an answer written after the end)", () => {
    expect(replayRange(items, 0, 8_000)).toEqual({ from: 0, to: 9_000 });
    expect(replayRange(items, 1_500, 20_000)).toEqual({ from: 1_000, to: 20_000 });
    expect(replayRange([], 5, 6)).toEqual({ from: 5, to: 6 });
  });
});
