import type ExcelJS from "exceljs";
import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import type * as PdfLib from "pdf-lib";
import type { PDFFont, PDFPage } from "pdf-lib";
import { onFirstUse } from "~/utils/on-first-use.server";
import { decks, organisations, roadshowAttendance, roadshowChatMessages, roadshowPagesSeen, roadshowQuestions, roadshowQuestionVotes, roadshowSlideChanges, roadshowVenues, users } from "@db/schema";
import { assertCan, can } from "~/modules/access";
import { appendAudit } from "~/modules/audit/audit.server";
import type { Actor } from "~/modules/identity/actor";
import type { AppContext } from "~/utils/context.server";
import { embedCjkFont } from "~/utils/pdf-cjk-font.server";
import { ConflictError } from "~/utils/errors";
import { eventRow, partiesOf, visibleEvent } from "./events.server";
import { formatShanghai } from "./time";
import type { Viewer } from "~/modules/access";
import type { ReplayItem } from "./replay";

const excel = onFirstUse<typeof ExcelJS>("exceljs");
const pdfLib = onFirstUse<typeof PdfLib>("pdf-lib");

type Ctx = Pick<AppContext, "db" | "clock">;

/**
 * After the event, the answered questions are the presenting enterprise's due-diligence Q&A, readable by the event's
 * audience (names of anonymous askers never shown). Before the end there is none.
 */
export function dueDiligenceQa(ctx: Ctx, viewer: Viewer, eventId: string) {
  const { event } = visibleEvent(ctx, viewer, eventId);
  if (ctx.clock.now() < event.endsAt || event.state === "cancelled") return [];
  return ctx.db
    .select({ q: roadshowQuestions, enterpriseName: organisations.name })
    .from(roadshowQuestions)
    .leftJoin(organisations, eq(organisations.id, roadshowQuestions.enterpriseOrgId))
    .where(and(eq(roadshowQuestions.eventId, eventId), eq(roadshowQuestions.state, "approved")))
    .orderBy(asc(roadshowQuestions.createdAt))
    .all()
    .filter((r) => r.q.answeredAt !== null)
    .sort((a, b) => b.q.votes - a.q.votes || a.q.createdAt - b.q.createdAt)
    .map((r) => ({ id: r.q.id, body: r.q.body, answerText: r.q.answerText, answeredLive: r.q.answeredLive, votes: r.q.votes, answeredAt: r.q.answeredAt, enterpriseName: r.enterpriseName }));
}

export type AttendanceLine = {
  userId: string | null;
  name: string | null;
  orgName: string;
  firstJoinedAt: number;
  lastLeftAt: number;
  presentMs: number;
  pagesSeen: number;
  questions: number;
  votes: number;
};

/**
 * Who attended: staff see everyone; the presenting enterprise sees by name only those who agreed on joining (the
 * deck-analytics consent rule), the rest only in the totals. Time present is the union of each person's stays.
 */
export function attendanceReport(ctx: Ctx, actor: Actor, eventId: string) {
  const event = eventRow(ctx, eventId);
  const parties = partiesOf(ctx, event);
  assertCan(actor, "view:roadshow-attendance:own", parties, { refusal: "not-found", message: "roadshows:errors.eventNotFound" });
  const staff = can(actor, "view:roadshow-attendance:any");
  const now = Math.min(ctx.clock.now(), event.endsAt + 6 * 3_600_000);
  const stays = ctx.db
    .select({ a: roadshowAttendance, name: users.name, orgName: organisations.name })
    .from(roadshowAttendance)
    .innerJoin(users, eq(users.id, roadshowAttendance.userId))
    .innerJoin(organisations, eq(organisations.id, roadshowAttendance.orgId))
    .where(eq(roadshowAttendance.eventId, eventId))
    .orderBy(asc(roadshowAttendance.joinedAt))
    .all();
  const byUser = new Map<string, { name: string; orgName: string; consent: boolean; spans: [number, number][] }>();
  for (const s of stays) {
    const entry = byUser.get(s.a.userId) ?? { name: s.name, orgName: s.orgName, consent: false, spans: [] };
    entry.consent ||= s.a.consent;
    entry.spans.push([s.a.joinedAt, s.a.leftAt ?? now]);
    byUser.set(s.a.userId, entry);
  }
  const ids = [...byUser.keys()];
  const count = (rows: { userId: string }[]) => rows.reduce((m, r) => m.set(r.userId, (m.get(r.userId) ?? 0) + 1), new Map<string, number>());
  const pages = ids.length ? count(ctx.db.select({ userId: roadshowPagesSeen.userId }).from(roadshowPagesSeen).where(and(eq(roadshowPagesSeen.eventId, eventId), inArray(roadshowPagesSeen.userId, ids))).all()) : new Map();
  const questions = count(ctx.db.select({ userId: roadshowQuestions.askerUserId }).from(roadshowQuestions).where(eq(roadshowQuestions.eventId, eventId)).all());
  const votes = count(
    ctx.db.select({ userId: roadshowQuestionVotes.userId }).from(roadshowQuestionVotes).innerJoin(roadshowQuestions, eq(roadshowQuestions.id, roadshowQuestionVotes.questionId)).where(eq(roadshowQuestions.eventId, eventId)).all(),
  );
  const lines: AttendanceLine[] = [];
  let withheld = 0;
  for (const [userId, e] of byUser) {
    const sorted = e.spans.sort((a, b) => a[0] - b[0]);
    let presentMs = 0;
    let cursor = 0;
    for (const [from, to] of sorted) {
      const start = Math.max(from, cursor);
      if (to > start) presentMs += to - start;
      cursor = Math.max(cursor, to);
    }
    if (!staff && !e.consent) {
      withheld++;
      continue;
    }
    lines.push({ userId, name: e.name, orgName: e.orgName, firstJoinedAt: sorted[0]![0], lastLeftAt: cursor, presentMs, pagesSeen: pages.get(userId) ?? 0, questions: questions.get(userId) ?? 0, votes: votes.get(userId) ?? 0 });
  }
  const slideChanges = ctx.db.select().from(roadshowSlideChanges).where(eq(roadshowSlideChanges.eventId, eventId)).orderBy(asc(roadshowSlideChanges.at)).all().length;
  return { lines: lines.sort((a, b) => b.presentMs - a.presentMs), totals: { people: byUser.size, organisations: new Set(stays.map((s) => s.a.orgId)).size, withheld, slideChanges } };
}

// ---------------------------------------------------------------- 投资者关系活动记录表


/** Splits text into lines that fit `width` at `size` (character by character: Chinese has no spaces to break at). */
function wrap(font: PDFFont, text: string, size: number, width: number): string[] {
  const out: string[] = [];
  for (const paragraph of text.split(/\r?\n/)) {
    let line = "";
    for (const ch of paragraph) {
      if (font.widthOfTextAtSize(line + ch, size) > width && line) {
        out.push(line);
        line = "";
      }
      line += ch;
    }
    out.push(line);
  }
  return out;
}

const FORMAT_ZH = { online: "线上路演", onsite: "现场路演", hybrid: "现场 + 线上路演" } as const;

/**
 * The investor-relations activity record (投资者关系活动记录表) listed companies publish after meeting investors: the
 * kind of activity, participants, time, place, the company's people and the questions and answers. Generated as a PDF
 * with an embedded (subset) CJK font; the enterprise and staff may download it once the event has ended.
 */
export async function activityRecordPdf(ctx: Ctx, actor: Actor, eventId: string): Promise<{ fileName: string; bytes: Uint8Array }> {
  const event = eventRow(ctx, eventId);
  const parties = partiesOf(ctx, event);
  assertCan(actor, "download:roadshow-record:own", parties, { refusal: "not-found", message: "roadshows:errors.eventNotFound" });
  if (ctx.clock.now() < event.endsAt || event.state === "cancelled") throw new ConflictError("roadshows:errors.recordAfterEnd");
  const venue = ctx.db.select().from(roadshowVenues).where(eq(roadshowVenues.id, event.venueId)).get()!;
  const institutions = ctx.db
    .selectDistinct({ name: organisations.name, kind: organisations.kind })
    .from(roadshowAttendance)
    .innerJoin(organisations, eq(organisations.id, roadshowAttendance.orgId))
    .where(eq(roadshowAttendance.eventId, eventId))
    .all()
    .filter((o) => o.kind === "institution")
    .map((o) => o.name);
  const presenters = ctx.db
    .selectDistinct({ name: users.name, org: organisations.name })
    .from(roadshowAttendance)
    .innerJoin(users, eq(users.id, roadshowAttendance.userId))
    .innerJoin(organisations, eq(organisations.id, roadshowAttendance.orgId))
    .where(and(eq(roadshowAttendance.eventId, eventId), inArray(roadshowAttendance.orgId, parties.presenterOrgIds.length ? [...parties.presenterOrgIds] : [""])))
    .all()
    .map((p) => `${p.org} ${p.name}`);
  const qa = dueDiligenceQa(ctx, actor, eventId);

  const { PDFDocument, rgb } = pdfLib();
  const doc = await PDFDocument.create();
  const font = await embedCjkFont(doc);
  doc.setTitle(`投资者关系活动记录表 · ${event.title}`);
  doc.setCreator("新疆专精特新专板");
  const A4: [number, number] = [595.28, 841.89];
  const margin = 50;
  const labelWidth = 130;
  const valueWidth = A4[0] - 2 * margin - labelWidth - 12;
  let page: PDFPage = doc.addPage(A4);
  let y = A4[1] - margin;
  const newPageIfNeeded = (needed: number) => {
    if (y - needed < margin) {
      page = doc.addPage(A4);
      y = A4[1] - margin;
    }
  };
  const title = "投资者关系活动记录表";
  page.drawText(title, { x: (A4[0] - font.widthOfTextAtSize(title, 18)) / 2, y: y - 18, size: 18, font });
  y -= 44;
  page.drawText(`${parties.slots.map((s) => s.name).join("、")}`, { x: margin, y, size: 10, font, color: rgb(0.3, 0.3, 0.3) });
  y -= 20;

  const row = (label: string, value: string) => {
    const lines = wrap(font, value || "—", 10.5, valueWidth);
    const height = Math.max(1, lines.length) * 15 + 12;
    newPageIfNeeded(height);
    page.drawRectangle({ x: margin, y: y - height, width: A4[0] - 2 * margin, height, borderColor: rgb(0.5, 0.5, 0.5), borderWidth: 0.6 });
    page.drawLine({ start: { x: margin + labelWidth, y }, end: { x: margin + labelWidth, y: y - height }, color: rgb(0.5, 0.5, 0.5), thickness: 0.6 });
    wrap(font, label, 10.5, labelWidth - 12).forEach((l, i) => page.drawText(l, { x: margin + 6, y: y - 18 - i * 15, size: 10.5, font }));
    lines.forEach((l, i) => page.drawText(l, { x: margin + labelWidth + 6, y: y - 18 - i * 15, size: 10.5, font }));
    y -= height;
  };

  row("投资者关系活动类别", `路演活动（${FORMAT_ZH[event.format]}）`);
  row("参与单位名称", institutions.length ? institutions.join("、") : "—");
  row("时间", `${formatShanghai(event.startsAt)} 至 ${formatShanghai(event.endsAt, { timeOnly: true })}（北京时间）`);
  row("地点", [venue.name, venue.address].filter(Boolean).join("，"));
  row("上市公司接待人员", presenters.length ? presenters.join("、") : parties.slots.map((s) => s.name).join("、"));
  const qaText = qa.length
    ? qa.map((q, i) => `问${i + 1}：${q.body}\n答：${q.answerText ?? ""}${q.answeredLive ? (q.answerText ? "（并已现场回答）" : "已在路演现场回答。") : ""}`).join("\n\n")
    : "本次活动无已回答的问题。";
  row("投资者关系活动主要内容介绍", qaText);
  row("附件清单", "无");
  row("日期", formatShanghai(ctx.clock.now()).slice(0, 10));

  const bytes = await doc.save();
  appendAudit(ctx, {
    actorUserId: actor.userId,
    actorOrgId: actor.orgId,
    action: "roadshow.record.downloaded",
    subjectType: "roadshow_event",
    subjectId: eventId,
    enterpriseOrgId: parties.presenterOrgIds[0] ?? null,
    data: { questions: qa.length },
  });
  return { fileName: `ir-record-${event.id}.pdf`, bytes };
}

/** The attendance as an XLSX workbook (the same lines and consent rule as the page), for staff and the enterprise. */
export async function attendanceWorkbook(ctx: Ctx, actor: Actor, eventId: string, labels: Record<"person" | "org" | "joined" | "left" | "minutes" | "pages" | "questions" | "votes", string>) {
  const report = attendanceReport(ctx, actor, eventId);
  const event = eventRow(ctx, eventId);
  const wb = new (excel().Workbook)();
  const sheet = wb.addWorksheet("attendance");
  sheet.columns = [
    { header: labels.person, key: "name", width: 16 },
    { header: labels.org, key: "org", width: 30 },
    { header: labels.joined, key: "joined", width: 18 },
    { header: labels.left, key: "left", width: 18 },
    { header: labels.minutes, key: "minutes", width: 10 },
    { header: labels.pages, key: "pages", width: 10 },
    { header: labels.questions, key: "questions", width: 10 },
    { header: labels.votes, key: "votes", width: 10 },
  ];
  for (const l of report.lines) {
    sheet.addRow({ name: l.name, org: l.orgName, joined: formatShanghai(l.firstJoinedAt), left: formatShanghai(l.lastLeftAt), minutes: Math.round(l.presentMs / 60_000), pages: l.pagesSeen, questions: l.questions, votes: l.votes });
  }
  sheet.getRow(1).font = { bold: true };
  appendAudit(ctx, { actorUserId: actor.userId, actorOrgId: actor.orgId, action: "roadshow.attendance.exported", subjectType: "roadshow_event", subjectId: eventId, data: { lines: report.lines.length } });
  return { fileName: `attendance-${event.id}.xlsx`, bytes: Buffer.from(await wb.xlsx.writeBuffer()) };
}

export type { ReplayItem };

/**
 * The replay after the event: slide changes, chat (deleted messages left out) and the approved Q&A on one timeline,
 * for the event's audience. Anonymous askers stay anonymous.
 */
export function replayTimeline(ctx: Ctx, viewer: Viewer, eventId: string): ReplayItem[] {
  const { event } = visibleEvent(ctx, viewer, eventId);
  if (ctx.clock.now() < event.endsAt || event.state === "cancelled") return [];
  const slides: ReplayItem[] = ctx.db
    .select({ at: roadshowSlideChanges.at, deckId: roadshowSlideChanges.deckId, page: roadshowSlideChanges.page, deckTitle: decks.title })
    .from(roadshowSlideChanges)
    .innerJoin(decks, eq(decks.id, roadshowSlideChanges.deckId))
    .where(eq(roadshowSlideChanges.eventId, eventId))
    .all()
    .map((s) => ({ kind: "slide", at: s.at, deckId: s.deckId, deckTitle: s.deckTitle, page: s.page }));
  const chat: ReplayItem[] = ctx.db
    .select({ at: roadshowChatMessages.createdAt, body: roadshowChatMessages.body, name: users.name, orgName: organisations.name })
    .from(roadshowChatMessages)
    .innerJoin(users, eq(users.id, roadshowChatMessages.userId))
    .innerJoin(organisations, eq(organisations.id, roadshowChatMessages.orgId))
    .where(and(eq(roadshowChatMessages.eventId, eventId), isNull(roadshowChatMessages.deletedAt)))
    .all()
    .map((m) => ({ kind: "chat", ...m }));
  const questions = ctx.db.select().from(roadshowQuestions).where(and(eq(roadshowQuestions.eventId, eventId), eq(roadshowQuestions.state, "approved"))).all();
  const qa: ReplayItem[] = questions.flatMap((q): ReplayItem[] => [
    { kind: "question", at: q.createdAt, body: q.body, votes: q.votes },
    ...(q.answeredAt ? [{ kind: "answer" as const, at: q.answeredAt, body: q.body, answerText: q.answerText, answeredLive: q.answeredLive }] : []),
  ]);
  return [...slides, ...chat, ...qa].sort((a, b) => a.at - b.at);
}
