import { beforeEach, describe, expect, it } from "vitest";
import { ConflictError, NotFoundError } from "~/utils/errors";
import { createTestContext, type TestContext } from "../../../test/context";
import { createEvent } from "./events.server";
import { answerQuestion, askQuestion, endAttendance, moderateQuestion, recordPageSeen, startAttendance, voteQuestion } from "./live.server";
import { openPdf } from "./pdf.server";
import { activityRecordPdf, attendanceReport, dueDiligenceQa } from "./record.server";
import { eventInput, makeRoadshowWorld, type RoadshowWorld } from "./testing";

let ctx: TestContext;
let w: RoadshowWorld;
let eventId: string;
let input: ReturnType<typeof eventInput>;

beforeEach(async () => {
  ctx = createTestContext();
  w = await makeRoadshowWorld(ctx);
  input = eventInput(ctx, w, { title: "金沙锂电专场", audience: "members" }, 2);
  eventId = createEvent(ctx, w.scheduler, input);
  ctx.clock.ms = input.startsAt;
});

async function pdfText(bytes: Uint8Array): Promise<string> {
  const doc = await openPdf(bytes);
  try {
    let text = "";
    for (let p = 1; p <= doc.numPages; p++) text += (await (await doc.getPage(p)).getTextContent()).items.map((i) => ("str" in i ? i.str : "")).join("");
    return text;
  } finally {
    await doc.destroy();
  }
}

function runTheEvent() {
  const bankStay = startAttendance(ctx, w.bank, eventId, true);
  const peStay = startAttendance(ctx, w.pe, eventId, false);
  startAttendance(ctx, w.enterprise, eventId, false);
  recordPageSeen(ctx, w.bank, eventId, { deckId: w.deckA, page: 1 });
  recordPageSeen(ctx, w.bank, eventId, { deckId: w.deckA, page: 2 });
  const asked = askQuestion(ctx, w.pe, eventId, { clientId: "q-client-1", body: "明年产能扩张计划如何？", anonymous: true }).question.id;
  const unanswered = askQuestion(ctx, w.bank, eventId, { clientId: "q-client-2", body: "没有回答的问题", anonymous: false }).question.id;
  moderateQuestion(ctx, w.moderator, eventId, asked, { action: "approve" });
  moderateQuestion(ctx, w.moderator, eventId, unanswered, { action: "approve" });
  voteQuestion(ctx, w.bank, eventId, asked);
  answerQuestion(ctx, w.enterprise, eventId, asked, { text: "计划新增两条电芯产线。" });
  ctx.clock.advance(20 * 60_000);
  endAttendance(ctx, peStay);
  ctx.clock.advance(10 * 60_000);
  endAttendance(ctx, bankStay);
  return { asked };
}

describe("after the event", () => {
  it("answered questions become the DD Q&A for the audience, only after the end", () => {
    const { asked } = runTheEvent();
    expect(dueDiligenceQa(ctx, w.bank, eventId)).toEqual([]);
    ctx.clock.ms = input.endsAt;
    const qa = dueDiligenceQa(ctx, w.otherBank, eventId);
    expect(qa.map((q) => q.id)).toEqual([asked]);
    expect(qa[0]).toMatchObject({ answerText: "计划新增两条电芯产线。", enterpriseName: "新疆金沙锂电科技有限公司" });
    expect(JSON.stringify(qa)).not.toContain("投资经理");
    expect(() => dueDiligenceQa(ctx, null, eventId)).toThrow(NotFoundError);
  });

  it("attendance: staff see everyone with time present, pages and engagement; the enterprise only those who agreed", () => {
    runTheEvent();
    const staff = attendanceReport(ctx, w.moderator, eventId);
    expect(staff.totals).toMatchObject({ people: 3, withheld: 0 });
    const bank = staff.lines.find((l) => l.userId === w.bank.userId)!;
    expect(bank).toMatchObject({ presentMs: 30 * 60_000, pagesSeen: 2, questions: 1, votes: 1, orgName: "天山商业银行" });
    expect(staff.lines.find((l) => l.userId === w.pe.userId)).toMatchObject({ presentMs: 20 * 60_000, questions: 1 });
    const own = attendanceReport(ctx, w.enterprise, eventId);
    expect(own.lines.map((l) => l.userId)).toEqual([w.bank.userId]);
    expect(own.totals.withheld).toBe(2);
    expect(() => attendanceReport(ctx, w.bank, eventId)).toThrow(NotFoundError);
  });

  it("the 投资者关系活动记录表 is a PDF with CJK text, for the enterprise and staff after the end", async () => {
    runTheEvent();
    await expect(activityRecordPdf(ctx, w.enterprise, eventId)).rejects.toThrow(ConflictError);
    ctx.clock.ms = input.endsAt + 60_000;
    await expect(activityRecordPdf(ctx, w.bank, eventId)).rejects.toThrow(NotFoundError);
    const { bytes } = await activityRecordPdf(ctx, w.enterprise, eventId);
    const text = await pdfText(bytes);
    for (const s of ["投资者关系活动记录表", "天山商业银行", "雪莲创投", "股交中心一号路演厅", "明年产能扩张计划如何？", "计划新增两条电芯产线。"]) expect(text).toContain(s);
    expect(text).not.toContain("没有回答的问题");
    expect((await activityRecordPdf(ctx, w.scheduler, eventId)).bytes.byteLength).toBeGreaterThan(1000);
  }, 60_000);
});

describe("replay and export", () => {
  it("puts slides, chat and approved Q&A on one timeline after the end, and exports attendance as XLSX", async () => {
    const { sendChat, setSlide } = await import("./live.server");
    const ExcelJS = (await import("exceljs")).default;
    const { attendanceWorkbook, replayTimeline } = await import("./record.server");
    setSlide(ctx, w.enterprise, eventId, { deckId: w.deckA, page: 2 });
    ctx.clock.advance(60_000);
    sendChat(ctx, w.bank, eventId, { clientId: "chat-replay-1", body: "你好" });
    runTheEvent();
    expect(replayTimeline(ctx, w.bank, eventId)).toEqual([]);
    ctx.clock.ms = input.endsAt + 1;
    const kinds = replayTimeline(ctx, w.otherBank, eventId).map((r) => r.kind);
    expect(kinds.slice(0, 2)).toEqual(["slide", "chat"]);
    // The slide change names its deck, so the replay player can show that page at that moment.
    expect(replayTimeline(ctx, w.otherBank, eventId)[0]).toMatchObject({ kind: "slide", deckId: w.deckA, page: 2 });
    expect([...kinds].sort()).toEqual(["answer", "chat", "question", "question", "slide"]);
    expect(JSON.stringify(replayTimeline(ctx, w.otherBank, eventId))).not.toContain("投资经理");
    const labels = { person: "姓名", org: "机构", joined: "进入", left: "离开", minutes: "分钟", pages: "页", questions: "问", votes: "赞" };
    const { bytes } = await attendanceWorkbook(ctx, w.moderator, eventId, labels);
    const wb = new ExcelJS.Workbook();
    // exceljs's types predate Node 20's generic Buffer.
    await wb.xlsx.load(new Uint8Array(bytes).buffer);
    const sheet = wb.worksheets[0]!;
    expect(sheet.getRow(1).getCell(1).value).toBe("姓名");
    expect(sheet.rowCount).toBe(4);
    await expect(attendanceWorkbook(ctx, w.bank, eventId, labels)).rejects.toThrow(NotFoundError);
  });
});
