// Route-level tests of the board's upload, import, download and staff pages: the loaders and actions
// the server runs, with real session cookies — who gets 200, 403, 404 or the login page, and what a
// user sees when a file is refused.
import { count, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { boardApplicationFiles, boardApplications, boardImportJobs, noticeObjections } from "@db/schema";
import type { Actor } from "~/modules/identity/actor";
import { action as fileUploadAction } from "~/routes/upload.board.applications.$id.files";
import { loader as fileDownloadLoader } from "~/routes/board.files.$id";
import { action as importUploadAction } from "~/routes/upload.board.import";
import { action as importPageAction, loader as importPageLoader } from "~/routes/_app.board.import";
import { action as staffNoticeAction, loader as staffNoticeLoader } from "~/routes/_app.board.notices.$id";
import { loader as staffNoticesLoader } from "~/routes/_app.board.notices._index";
import { loader as objectionFileLoader } from "~/routes/board.objections.$id.$index";
import { loader as custodyLoader } from "~/routes/_app.board.custody";
import { loader as membershipLoader } from "~/routes/_app.board.membership";
import { action as objectionAction } from "~/routes/upload.notices.$id.objections";
import { loader as dashboardLoader } from "~/routes/_app.dashboard";
import { action as applyAction, loader as applyLoader } from "~/routes/_app.board.apply";
import type { TestContext } from "@test/support/context";
import { getApplicationDetail, startApplication, submitApplication } from "./applications.server";
import { admitEnterprisesWithEndedNotices } from "./board-jobs.server";
import { forwardApplications, listBureauQueue } from "./bureau-queue.server";
import { assembleAdmissionPlan, decidePlan, submitPlan } from "./plans.server";
import { setRoundAccepting } from "./rounds.server";
import { decideTier } from "./tier-decisions.server";
import { getPublicNotice, lodgeObjection } from "./notices.server";
import { callRoute, createRouteTestContext, sessionCookie, type RouteResult } from "@test/support/routes";
import { DAY, fillApplication, pdf, throughToNotice, world, type World } from "@test/support/board-world";
import { buildSheet, sampleRow } from "@test/fixtures/xlsx";
import { completeResidentId } from "~/modules/identity/resident-id";
import { eventually } from "@test/support/eventually";
import { makeActor } from "@test/support/actors";
import { makeUscc } from "@test/support/uscc";

let w: World;
let ctx: TestContext;
const cookies = new Map<string, string>();
async function as(actor: Actor | null): Promise<string | null> {
  if (!actor) return null;
  if (!cookies.has(actor.userId)) cookies.set(actor.userId, await sessionCookie(ctx, actor));
  return cookies.get(actor.userId)!;
}

beforeEach(() => {
  ctx = createRouteTestContext();
  w = world(ctx);
  cookies.clear();
});

const toLogin = (r: RouteResult) => r.status === 302 && (r.location ?? "").startsWith("/login?redirectTo=");
const formWith = (fields: Record<string, string | File>) => {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  return fd;
};
const xlsxFile = (bytes: Uint8Array, name = "名单.xlsx") => new File([new Uint8Array(bytes)], name, { type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" });

type JobView = { id: string; status: string; progress: { phase: string; done: number; total: number } | null; errors: { row: number | null; column: string | null; key: string; values: Record<string, unknown> }[]; validCount: number; errorCount: number; totalRows: number; imported: number | null; error: { key: string } | null };
const jobOf = (r: RouteResult) => (r.body as { job: JobView | null }).job;

async function upload(actor: Actor, bytes: Uint8Array, name?: string): Promise<string> {
  const r = await callRoute(ctx, importUploadAction, { url: "/upload/board/import", cookie: await as(actor), form: formWith({ roundId: w.roundId, file: xlsxFile(bytes, name) }) });
  expect(r.status).toBe(302);
  const jobId = new URL(r.location!, "http://x").searchParams.get("job");
  expect(jobId).toBeTruthy();
  return jobId!;
}

async function settledJob(actor: Actor, jobId: string): Promise<JobView> {
  return eventually(async () => {
    const job = jobOf(await callRoute(ctx, importPageLoader, { url: `/board/import?job=${jobId}`, cookie: await as(actor) }));
    return job && job.status !== "validating" ? job : null;
  });
}

describe("list import through the routes", () => {
  it("a bureau uploads, sees progress and every bad row by row and column, and imports the valid rows only when it says so", async () => {
    const good = Array.from({ length: 150 }, (_, i) => sampleRow(1000 + i));
    const file = await buildSheet({ rows: [...good.slice(0, 40), sampleRow(2000, { netProfit: "约1200" }), ...good.slice(40), sampleRow(2001, { contactPhone: "12345" })] });
    const jobId = await upload(w.bureau, file);
    const first = jobOf(await callRoute(ctx, importPageLoader, { url: `/board/import?job=${jobId}`, cookie: await as(w.bureau) }))!;
    expect(["validating", "validated"]).toContain(first.status);

    const job = await settledJob(w.bureau, jobId);
    expect(job).toMatchObject({ status: "validated", totalRows: 152, validCount: 150, errorCount: 2, progress: { phase: "validate", done: 152, total: 152 } });
    expect(job.errors.map((e) => [e.row, e.column, e.key])).toEqual([
      [42, "K", "board:import.errors.textInNumber"],
      [153, "H", "board:import.errors.badPhone"],
    ]);

    // "Import all" is refused while the file has errors; nothing is written.
    const all = await callRoute(ctx, importPageAction, { url: "/board/import", cookie: await as(w.bureau), form: formWith({ job: jobId, intent: "import" }) });
    expect(all.toast).toMatchObject({ kind: "error", message: "board:importPage.notClean", values: { errors: 2 } });
    expect(ctx.db.select({ n: count() }).from(boardApplications).get()!.n).toBe(0);

    const valid = await callRoute(ctx, importPageAction, { url: "/board/import", cookie: await as(w.bureau), form: formWith({ job: jobId, intent: "import-valid" }) });
    expect(valid.toast).toMatchObject({ kind: "success", message: "board:importPage.imported", values: { n: 150 } });
    expect(ctx.db.select({ n: count() }).from(boardApplications).where(eq(boardApplications.state, "submitted")).get()!.n).toBe(150);
    expect(jobOf(await callRoute(ctx, importPageLoader, { url: `/board/import?job=${jobId}`, cookie: await as(w.bureau) }))).toMatchObject({ status: "imported", imported: 150 });

    const again = await callRoute(ctx, importPageAction, { url: "/board/import", cookie: await as(w.bureau), form: formWith({ job: jobId, intent: "import-valid" }) });
    expect(again.toast).toMatchObject({ kind: "error", message: "board:importPage.alreadyImported" });
    expect(ctx.db.select({ n: count() }).from(boardApplications).get()!.n).toBe(150);
  });

  it("refuses a renamed .exe and a file over the limit, each with a precise message", async () => {
    const exe = new Uint8Array(4096);
    exe.set([0x4d, 0x5a, 0x90, 0x00, 0x03]); // "MZ": a Windows executable, renamed to .xlsx
    const exeJob = await settledJob(w.bureau, await upload(w.bureau, exe, "名单.xlsx"));
    expect(exeJob).toMatchObject({ validCount: 0, errors: [{ row: null, column: null, key: "board:import.errors.unreadable" }] });

    const big = new Uint8Array(11 * 1024 * 1024);
    big.set([0x50, 0x4b, 0x03, 0x04]);
    const bigJob = await settledJob(w.bureau, await upload(w.bureau, big));
    expect(bigJob).toMatchObject({ validCount: 0, errors: [{ key: "board:import.errors.fileTooLarge", values: { size: "11.0 MB", limit: "5.0 MB" } }] });
  });

  it("a job is its uploader's: another bureau gets 404, an enterprise 403, anonymous the login page", async () => {
    const jobId = await upload(w.bureau, await buildSheet({ rows: [sampleRow(3000)] }));
    await settledJob(w.bureau, jobId);
    expect((await callRoute(ctx, importPageLoader, { url: `/board/import?job=${jobId}`, cookie: await as(w.otherBureau) })).status).toBe(404);
    expect((await callRoute(ctx, importPageLoader, { url: `/board/import?job=${jobId}`, cookie: await as(w.ent) })).status).toBe(403);
    expect(toLogin(await callRoute(ctx, importPageLoader, { url: `/board/import?job=${jobId}` }))).toBe(true);
    const stolen = await callRoute(ctx, importPageAction, { url: "/board/import", cookie: await as(w.otherBureau), form: formWith({ job: jobId, intent: "import-valid" }) });
    expect(stolen.status).toBe(404);
    const byEnterprise = await callRoute(ctx, importUploadAction, { url: "/upload/board/import", cookie: await as(w.ent), form: formWith({ roundId: w.roundId, file: xlsxFile(new Uint8Array(10)) }) });
    expect(byEnterprise.status).toBe(403);
    expect(ctx.db.select({ n: count() }).from(boardApplications).get()!.n).toBe(0);
  });

  it("a job left running by a process that died reads as failed, with nothing imported", async () => {
    const jobId = await upload(w.bureau, await buildSheet({ rows: [sampleRow(4000), sampleRow(4001)] }));
    await settledJob(w.bureau, jobId);
    // As if the process crashed after claiming the import and before its transaction committed.
    ctx.db.update(boardImportJobs).set({ status: "importing", heartbeatAt: ctx.clock.now() }).where(eq(boardImportJobs.id, jobId)).run();
    expect(jobOf(await callRoute(ctx, importPageLoader, { url: `/board/import?job=${jobId}`, cookie: await as(w.bureau) }))!.status).toBe("importing");
    ctx.clock.advance(5 * 60_000);
    const job = jobOf(await callRoute(ctx, importPageLoader, { url: `/board/import?job=${jobId}`, cookie: await as(w.bureau) }))!;
    expect(job).toMatchObject({ status: "failed", error: { key: "board:importPage.interrupted" } });
    const retry = await callRoute(ctx, importPageAction, { url: "/board/import", cookie: await as(w.bureau), form: formWith({ job: jobId, intent: "import" }) });
    expect(retry.toast).toMatchObject({ kind: "error", message: "board:importPage.notReady" });
    expect(ctx.db.select({ n: count() }).from(boardApplications).get()!.n).toBe(0);
  });
});

describe("application files through the routes", () => {
  const uploadFile = async (actor: Actor, appId: string, file: File, kind = "srdi_certificate") =>
    callRoute(ctx, fileUploadAction, { url: `/upload/board/applications/${appId}/files`, cookie: await as(actor), params: { id: appId }, form: formWith({ kind, file }) });

  it("refuses a renamed .exe and a file over 10 MB with a message on the form; stores a real PDF", async () => {
    const app = startApplication(ctx, w.ent, { roundId: w.roundId });
    const exe = new File([new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00])], "证书.pdf", { type: "application/pdf" });
    expect((await uploadFile(w.ent, app.id, exe)).toast).toMatchObject({ kind: "error", message: "board:errors.fileType" });
    const bigBytes = new Uint8Array(10 * 1024 * 1024 + 1);
    bigBytes.set(pdf);
    expect((await uploadFile(w.ent, app.id, new File([bigBytes], "big.pdf"))).toast).toMatchObject({ kind: "error", message: "board:errors.fileTooLarge", values: { maxMb: 10 } });
    expect(ctx.db.select().from(boardApplicationFiles).all()).toHaveLength(0);
    const ok = await uploadFile(w.ent, app.id, new File([pdf], "证书.pdf"));
    expect(ok).toMatchObject({ status: 302, location: `/board/applications/${app.id}?step=files`, toast: { kind: "success" } });
    expect(ctx.db.select().from(boardApplicationFiles).all()).toHaveLength(1);
    // Someone else's application: as if it did not exist.
    expect((await uploadFile(w.otherEnt, app.id, new File([pdf], "x.pdf"))).status).toBe(404);
  });

  it("downloads: the enterprise and its own bureau (after submission) only; others 404, anonymous to login", async () => {
    const app = startApplication(ctx, w.ent, { roundId: w.roundId });
    fillApplication(w, w.ent, app.id);
    await uploadFile(w.ent, app.id, new File([pdf], "认定证书.pdf"));
    const file = ctx.db.select().from(boardApplicationFiles).get()!;
    const download = async (actor: Actor | null) => callRoute(ctx, fileDownloadLoader, { url: `/board/files/${file.id}`, cookie: await as(actor), params: { id: file.id } });

    const own = await download(w.ent);
    expect(own.status).toBe(200);
    expect(own.response!.headers.get("Content-Disposition")).toMatch(/^attachment; filename\*=UTF-8''/);
    expect(own.response!.headers.get("Content-Type")).toBe("application/pdf");
    expect(new Uint8Array(await own.response!.arrayBuffer())).toEqual(pdf);
    expect((await download(w.bureau)).status).toBe(404); // a draft is the enterprise's alone
    submitApplication(ctx, w.ent, app.id);
    expect((await download(w.bureau)).status).toBe(200);
    for (const outsider of [w.otherBureau, w.otherEnt, w.sponsor, w.regulators[0]!]) expect((await download(outsider)).status).toBe(404);
    expect(toLogin(await download(null))).toBe(true);
  });
});

describe("staff pages", () => {
  it("notices and objections: exchange reviewers only; bureaus, enterprises and regulators 403, anonymous to login", async () => {
    const { noticeId } = throughToNotice(w);
    const item = getPublicNotice(ctx, noticeId).entries[0]!;
    const { id: objectionId } = lodgeObjection(
      ctx,
      noticeId,
      { planItemId: item.planItemId, objectorName: "张三", objectorIdNumber: "650102198001011234", objectorOrganisation: "某公司", objectorPhone: "13800000000", reasons: "该企业财务数据与年报不一致，请核实。" },
      [{ fileName: "proof.pdf", bytes: pdf }],
    );
    const pages = async (actor: Actor | null) => ({
      list: await callRoute(ctx, staffNoticesLoader, { url: "/board/notices", cookie: await as(actor) }),
      detail: await callRoute(ctx, staffNoticeLoader, { url: `/board/notices/${noticeId}`, cookie: await as(actor), params: { id: noticeId } }),
      file: await callRoute(ctx, objectionFileLoader, { url: `/board/objections/${objectionId}/0`, cookie: await as(actor), params: { id: objectionId, index: "0" } }),
      admit: await callRoute(ctx, staffNoticeAction, { url: `/board/notices/${noticeId}`, cookie: await as(actor), params: { id: noticeId }, form: formWith({ intent: "admit" }) }),
    });
    const reviewer = await pages(w.reviewer);
    expect([reviewer.list.status, reviewer.detail.status, reviewer.file.status]).toEqual([200, 200, 200]);
    expect((reviewer.detail.body as { objections: { objectorIdNumber: string }[] }).objections[0]!.objectorIdNumber).toBe("650102198001011234");
    expect(reviewer.admit.toast).toMatchObject({ kind: "error", message: "board:errors.noticeStillRunning" });
    for (const outsider of [w.bureau, w.ent, w.regulators[0]!, w.sponsor]) {
      const r = await pages(outsider);
      expect([r.list.status, r.detail.status, r.file.status, r.admit.status]).toEqual([403, 403, 403, 403]);
    }
    const anon = await pages(null);
    expect([anon.list, anon.detail, anon.file, anon.admit].every(toLogin)).toBe(true);
    expect(ctx.db.select().from(noticeObjections).all()).toHaveLength(1);
  });

  it("custody: the countdown is the exchange's; an enterprise sees only its own status; others are refused", async () => {
    throughToNotice(w);
    ctx.clock.advance(7 * DAY);
    admitEnterprisesWithEndedNotices(ctx);
    const countdown = await callRoute(ctx, custodyLoader, { url: "/board/custody", cookie: await as(w.admin) });
    expect(countdown.status).toBe(200);
    expect((countdown.body as { rows: { enterpriseName: string }[] }).rows.map((r) => r.enterpriseName)).toEqual(["金沙锂电"]);
    for (const outsider of [w.bureau, w.ent, w.regulators[0]!, w.sponsor]) expect((await callRoute(ctx, custodyLoader, { url: "/board/custody", cookie: await as(outsider) })).status).toBe(403);
    expect(toLogin(await callRoute(ctx, custodyLoader, { url: "/board/custody" }))).toBe(true);

    const mine = await callRoute(ctx, membershipLoader, { url: "/board/membership", cookie: await as(w.ent) });
    expect(mine.body).toMatchObject({ membership: { enterpriseOrgId: w.ent.orgId, status: "listed" }, custody: { record: { deadlineDate: "2026-06-04" } } });
    const other = await callRoute(ctx, membershipLoader, { url: "/board/membership", cookie: await as(w.otherEnt) });
    expect(other.body).toMatchObject({ membership: null, custody: null });
    for (const outsider of [w.bureau, w.regulators[0]!]) expect((await callRoute(ctx, membershipLoader, { url: "/board/membership", cookie: await as(outsider) })).status).toBe(404);
  });
});

describe("public objection form", () => {
  const idNumber = (n: number) => completeResidentId(`65010219800101${String(n).padStart(3, "0")}`);
  async function object(noticeId: string, planItemId: string, id: string, ip: string) {
    return callRoute(ctx, objectionAction, {
      url: `/upload/notices/${noticeId}/objections`,
      params: { id: noticeId },
      ip,
      form: formWith({ planItemId, objectorName: "张三", objectorIdNumber: id, objectorOrganisation: "某公司", objectorPhone: "13800000000", reasons: "该企业财务数据与年报不一致，请核实。" }),
    });
  }

  it("limits objections per identity number and per address, with a message saying when to try again", async () => {
    const { noticeId } = throughToNotice(w);
    const { planItemId } = getPublicNotice(ctx, noticeId).entries[0]!;
    // One identity number from different addresses: five go through, the sixth is refused.
    for (let i = 0; i < 5; i++) expect((await object(noticeId, planItemId, idNumber(1), `10.0.0.${i}`)).toast).toMatchObject({ kind: "success" });
    const sixth = await object(noticeId, planItemId, idNumber(1), "10.0.0.99");
    expect(sixth).toMatchObject({ status: 302, location: `/notices/${noticeId}` });
    expect(sixth.toast).toMatchObject({ kind: "error", message: "board:errors.objectionRateLimited" });
    expect(String(sixth.toast!.values!.time)).toMatch(/^2026\/03\/03 10:00$/);

    // One address with different identity numbers: ten go through, the eleventh is refused.
    for (let i = 0; i < 10; i++) expect((await object(noticeId, planItemId, idNumber(100 + i), "192.0.2.7")).toast).toMatchObject({ kind: "success" });
    expect((await object(noticeId, planItemId, idNumber(200), "192.0.2.7")).toast).toMatchObject({ kind: "error", message: "board:errors.objectionRateLimited" });
    expect(ctx.db.select().from(noticeObjections).all()).toHaveLength(15);

    // The blocks end with their windows.
    ctx.clock.advance(DAY + 60_000);
    expect((await object(noticeId, planItemId, idNumber(1), "192.0.2.7")).toast).toMatchObject({ kind: "success" });
  });
});

describe("board cards on the dashboard", () => {
  const board = async (actor: Actor) => (await callRoute(ctx, dashboardLoader, { url: "/dashboard", cookie: await as(actor) })).body as { board: Record<string, unknown> };

  it("gives each role its own numbers", async () => {
    const submitted = startApplication(ctx, w.ent, { roundId: w.roundId });
    fillApplication(w, w.ent, submitted.id);
    submitApplication(ctx, w.ent, submitted.id);
    const newcomer = makeActor(ctx, { orgKind: "enterprise", prefectureCode: "6502" });

    expect((await board(w.bureau)).board).toMatchObject({ bureau: { toForward: 1, returned: 0 }, reviewer: null, regulator: null, enterprise: null, admin: null });
    expect((await board(w.otherBureau)).board).toMatchObject({ bureau: { toForward: 0 } });
    expect((await board(w.ent)).board).toMatchObject({ enterprise: { application: { id: submitted.id, state: "submitted" }, membership: null, custody: null }, bureau: null });
    expect((await board(newcomer)).board).toMatchObject({ enterprise: { application: null } });
    expect((await board(w.admin)).board).toMatchObject({ admin: { roundsByState: { open: 1, under_review: 0, in_approval: 0, on_notice: 0, closed: 0 } }, reviewer: { toCheck: 0 } });
    expect((await board(w.sponsor)).board).toEqual({ bureau: null, reviewer: null, regulator: null, enterprise: null, admin: null });
  });

  it("follows the work through approval, notice and custody", async () => {
    throughToNotice(w);
    expect((await board(w.regulators[0]!)).board).toMatchObject({ regulator: { awaitingMySignOff: 0 } });
    expect((await board(w.admin)).board).toMatchObject({ admin: { roundsByState: { on_notice: 1, open: 0 } }, reviewer: { plansInApproval: 0 } });
    ctx.clock.advance(7 * DAY);
    admitEnterprisesWithEndedNotices(ctx);
    const ent = (await board(w.ent)).board.enterprise as { membership: { tier: string; entryDate: string }; custody: { remainingWorkingDays: number; deadlineDate: string; level: string } };
    expect(ent.membership).toMatchObject({ entryDate: "2026-03-09" });
    expect(ent.custody).toMatchObject({ deadlineDate: "2026-06-04", remainingWorkingDays: 60, level: "none" });
  });

  it("shows a regulator the plans it has not yet decided", async () => {
    const app = startApplication(ctx, w.ent, { roundId: w.roundId });
    fillApplication(w, w.ent, app.id);
    submitApplication(ctx, w.ent, app.id);
    forwardApplications(ctx, w.bureau, [app.id]);
    expect((await board(w.reviewer)).board).toMatchObject({ reviewer: { toCheck: 1 } });
    setRoundAccepting(ctx, w.admin, w.roundId, false);
    decideTier(ctx, w.reviewer, { applicationId: app.id });
    const plan = assembleAdmissionPlan(ctx, w.reviewer, w.roundId);
    submitPlan(ctx, w.reviewer, plan.id);
    expect((await board(w.reviewer)).board).toMatchObject({ reviewer: { toCheck: 0, plansInApproval: 1 } });
    decidePlan(ctx, w.regulators[0]!, plan.id, { decision: "approved" });
    expect((await board(w.regulators[0]!)).board).toMatchObject({ regulator: { awaitingMySignOff: 0 } });
    expect((await board(w.regulators[1]!)).board).toMatchObject({ regulator: { awaitingMySignOff: 1 } });
  });
});

describe("a bureau files an application itself (the second channel)", () => {
  it("starts it from /board/apply for an enterprise of its prefecture, fills it in and submits it to its own queue", async () => {
    const page = await callRoute(ctx, applyLoader, { url: "/board/apply", cookie: await as(w.bureau) });
    expect(page).toMatchObject({ status: 200, body: { orgKind: "bureau", applications: [] } });

    const elsewhere = await callRoute(ctx, applyAction, { url: "/board/apply", cookie: await as(w.otherBureau), form: formWith({ roundId: w.roundId, enterpriseUscc: makeUscc(1) }) });
    expect(elsewhere.toast).toMatchObject({ kind: "error", message: "board:errors.outsidePrefecture" });

    const started = await callRoute(ctx, applyAction, { url: "/board/apply", cookie: await as(w.bureau), form: formWith({ roundId: w.roundId, enterpriseUscc: makeUscc(1) }) });
    expect(started.status).toBe(302);
    const appId = /^\/board\/applications\/([^?]+)\?step=basics$/.exec(started.location ?? "")?.[1];
    expect(appId).toBeTruthy();
    expect((await callRoute(ctx, applyLoader, { url: "/board/apply", cookie: await as(w.bureau) })).body).toMatchObject({ applications: [{ id: appId, channel: "bureau", state: "draft" }] });

    fillApplication(w, w.bureau, appId!);
    expect(submitApplication(ctx, w.bureau, appId!)).toBe("submitted");
    expect(listBureauQueue(ctx, w.bureau).map((a) => [a.id, a.channel, a.state])).toEqual([[appId, "bureau", "submitted"]]);
    expect(getApplicationDetail(ctx, w.ent, appId!).app).toMatchObject({ channel: "bureau", enterpriseOrgId: w.ent.orgId });
    expect(() => getApplicationDetail(ctx, w.otherBureau, appId!)).toThrow(/notFound/);
  });
});
