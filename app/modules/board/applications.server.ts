import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { unstable_coerceFormValue } from "@conform-to/zod";
import { and, asc, count, desc, eq, inArray, isNotNull, isNull, sql, type SQL } from "drizzle-orm";
import { APPLICATION_FILE_KINDS } from "@db/schema/constants";
import {
  boardApplicationContacts,
  boardApplicationFiles,
  boardApplicationFinancials,
  boardApplicationPeRounds,
  boardApplicationReviews,
  boardApplications,
  boardRounds,
  organisations,
  prefectures,
  users,
  type ApplicationFileKind,
  type ApplicationState,
  type SponsorRelation,
} from "@db/schema";
import { appendAudit } from "~/modules/audit/audit.server";
import { applicationChannelOf, assertCan, can, ownApplicationsScope } from "~/modules/access";
import type { Actor } from "~/modules/identity/actor";
import { checkUscc } from "~/modules/identity/uscc";
import { detectFileType } from "~/modules/messaging/attachments.server";
import type { AppContext } from "~/utils/context.server";
import { preparedQuery } from "~/utils/sql.server";
import { ConflictError, DomainError, NotFoundError } from "~/utils/errors";
import { newId } from "~/utils/ids";
import { STEP_SCHEMAS, type StepValues } from "./application-schemas";
import { bureauOrgIds } from "./board-notify.server";
import { notifyOrgs } from "~/modules/messaging/notifications.server";
import { shanghaiDate } from "~/utils/dates";
import { deadlineOutlook, roundForSending } from "./round-deadlines.server";

/**
 * 入板申请表 and its three channels (Attachment 1 §(三)): the enterprise itself, its prefecture bureau,
 * or a sponsoring institution with due-diligence material. A sponsored application only counts once
 * the enterprise confirms it. Submitting routes it to the bureau of the enterprise's prefecture.
 */

export type Application = typeof boardApplications.$inferSelect;

export const MAX_APPLICATION_FILE_BYTES = 10 * 1024 * 1024;
const EDITABLE: ApplicationState[] = ["draft", "returned"];

export function loadApplication(ctx: Pick<AppContext, "db">, actor: Actor, applicationId: string): Application {
  const app = ctx.db.select().from(boardApplications).where(eq(boardApplications.id, applicationId)).get();
  if (!app) throw new NotFoundError();
  assertCan(actor, "read:application:involved", app, { refusal: "not-found" });
  return app;
}

function loadEditable(ctx: Pick<AppContext, "db">, actor: Actor, applicationId: string): Application {
  const app = loadApplication(ctx, actor, applicationId);
  if (!EDITABLE.includes(app.state)) throw new DomainError("board:errors.applicationLocked", { state: app.state });
  assertCan(actor, "update:application:involved", app);
  return app;
}

export function recordReview(
  ctx: Pick<AppContext, "db" | "clock">,
  actor: Actor,
  app: Pick<Application, "id" | "state">,
  action: (typeof boardApplicationReviews.$inferInsert)["action"],
  toState: ApplicationState | null,
  comment: string | null = null,
): void {
  ctx.db
    .insert(boardApplicationReviews)
    .values({ id: newId(), applicationId: app.id, action, fromState: app.state, toState, comment, actorUserId: actor.userId, actorOrgId: actor.orgId, at: ctx.clock.now() })
    .run();
}

function audit(ctx: Pick<AppContext, "db" | "clock">, actor: Actor, app: Application, action: string, data: Record<string, unknown> = {}) {
  appendAudit(ctx, {
    actorUserId: actor.userId,
    actorOrgId: actor.orgId,
    action,
    subjectType: "board_application",
    subjectId: app.id,
    enterpriseOrgId: app.enterpriseOrgId,
    data,
  });
}

/** Starts a draft. Enterprises apply for themselves; a bureau or sponsor names the enterprise by USCC. */
export function startApplication(ctx: AppContext, actor: Actor, input: { roundId: string; enterpriseUscc?: string; sponsorRelation?: SponsorRelation }): Application {
  const round = ctx.db.select().from(boardRounds).where(eq(boardRounds.id, input.roundId)).get();
  if (!round) throw new NotFoundError();
  if (round.state !== "open") throw new DomainError("board:errors.roundNotOpen", { round: round.name });
  let enterprise: typeof organisations.$inferSelect | undefined;
  assertCan(actor, "start:application:any", undefined);
  const channel = applicationChannelOf(actor)!;
  if (channel === "self") {
    enterprise = ctx.db.select().from(organisations).where(eq(organisations.id, actor.orgId)).get();
  } else {
    const uscc = (input.enterpriseUscc ?? "").trim().toUpperCase();
    const check = checkUscc(uscc);
    if (!check.ok) throw new DomainError("board:errors.badUscc", { value: uscc }, "enterpriseUscc");
    enterprise = ctx.db.select().from(organisations).where(and(eq(organisations.uscc, uscc), eq(organisations.kind, "enterprise"))).get();
    if (!enterprise) throw new DomainError("board:errors.enterpriseNotRegistered", { uscc }, "enterpriseUscc");
    if (!can(actor, "start:application:for-enterprise", { orgId: enterprise.id, prefectureCode: enterprise.prefectureCode }))
      throw new DomainError("board:errors.outsidePrefecture", {}, "enterpriseUscc");
  }
  if (!enterprise) throw new NotFoundError();
  // Attachment 1 §(三): a sponsor is the PE manager that invested in the enterprise, the bank that lent to it, or a
  // securities, accounting or law firm that served it. One that states no such relation is refused.
  if (channel === "sponsor" && !input.sponsorRelation) throw new DomainError("boardRules:errors.sponsorRelationRequired", {}, "sponsorRelation");
  const existing = ctx.db
    .select({ id: boardApplications.id })
    .from(boardApplications)
    .where(and(eq(boardApplications.roundId, round.id), eq(boardApplications.enterpriseOrgId, enterprise.id)))
    .get();
  if (existing) throw new ConflictError("board:errors.alreadyApplied", { round: round.name }, "enterpriseUscc");
  const now = ctx.clock.now();
  const app: Application = {
    id: newId(),
    roundId: round.id,
    enterpriseOrgId: enterprise.id,
    prefectureCode: enterprise.prefectureCode,
    channel,
    sponsorOrgId: channel === "sponsor" ? actor.orgId : null,
    sponsorRelation: channel === "sponsor" ? (input.sponsorRelation ?? null) : null,
    sponsorConfirmedAt: null,
    state: "draft",
    industrySection: enterprise.industrySection,
    industryDivision: null,
    mainBusiness: null,
    srdiStatus: "none",
    smeSize: null,
    srdiCertificateNo: null,
    srdiCertificateIssuer: null,
    srdiCertificateYear: null,
    govFundInvested: false,
    govFundName: null,
    govFundAmount: null,
    listingReserve: false,
    listingReserveYear: null,
    ipoTutoring: false,
    ipoTutoringBroker: null,
    ipoTutoringFiledOn: null,
    neeqStatus: "never",
    neeqDelistedOn: null,
    plansIpo: false,
    listingPlanMarket: null,
    listingPlanYear: null,
    marketCapEstimate: null,
    marketCapBasis: null,
    createdBy: actor.userId,
    createdAt: now,
    updatedAt: now,
    submittedAt: null,
    forwardedAt: null,
  };
  ctx.db.transaction(() => {
    ctx.db.insert(boardApplications).values(app).run();
    audit(ctx, actor, app, "board.application.started", { roundId: round.id, channel });
  });
  return app;
}

/** Saves one step of the form (drafts can be saved half-done and resumed). */
export function saveApplicationStep<S extends keyof StepValues>(ctx: AppContext, actor: Actor, applicationId: string, step: S, input: unknown): void {
  const app = loadEditable(ctx, actor, applicationId);
  // Form posts arrive as strings; the same schema coerces them (and accepts typed values from code).
  const values = unstable_coerceFormValue(STEP_SCHEMAS[step]).parse(input) as StepValues[S];
  const now = ctx.clock.now();
  ctx.db.transaction(() => {
    if (step === "basics") {
      const v = values as StepValues["basics"];
      ctx.db
        .update(boardApplications)
        .set({ industrySection: v.industrySection, industryDivision: v.industryDivision, mainBusiness: v.mainBusiness, updatedAt: now })
        .where(eq(boardApplications.id, app.id))
        .run();
      ctx.db.delete(boardApplicationContacts).where(eq(boardApplicationContacts.applicationId, app.id)).run();
      v.contacts.forEach((c, i) =>
        ctx.db
          .insert(boardApplicationContacts)
          .values({ id: newId(), applicationId: app.id, role: c.role, name: c.name!, title: c.title ?? null, phone: c.phone ?? null, email: c.email ?? null, sortOrder: i })
          .run(),
      );
    } else if (step === "recognition") {
      const { peRounds, ...v } = values as StepValues["recognition"];
      ctx.db.update(boardApplications).set({ ...v, updatedAt: now }).where(eq(boardApplications.id, app.id)).run();
      ctx.db.delete(boardApplicationPeRounds).where(eq(boardApplicationPeRounds.applicationId, app.id)).run();
      for (const r of peRounds) ctx.db.insert(boardApplicationPeRounds).values({ id: newId(), applicationId: app.id, ...r }).run();
    } else {
      const v = values as StepValues["financials"];
      ctx.db.delete(boardApplicationFinancials).where(eq(boardApplicationFinancials.applicationId, app.id)).run();
      for (const y of v.years) ctx.db.insert(boardApplicationFinancials).values({ applicationId: app.id, ...y }).run();
      ctx.db.update(boardApplications).set({ updatedAt: now }).where(eq(boardApplications.id, app.id)).run();
    }
    audit(ctx, actor, app, "board.application.saved", { step });
  });
}

/** What is still missing before an application can be submitted (i18n keys). */
export function missingForSubmit(ctx: Pick<AppContext, "db">, app: Application): string[] {
  const missing: string[] = [];
  if (!app.industrySection) missing.push("board:apply.missing.industry");
  if (!app.mainBusiness) missing.push("board:apply.missing.mainBusiness");
  const contacts = ctx.db.select({ id: boardApplicationContacts.id }).from(boardApplicationContacts).where(eq(boardApplicationContacts.applicationId, app.id)).all();
  if (contacts.length === 0) missing.push("board:apply.missing.contacts");
  if (app.srdiStatus !== "none" && !app.srdiCertificateNo) missing.push("board:apply.missing.certificate");
  const years = ctx.db.select({ y: boardApplicationFinancials.fiscalYear }).from(boardApplicationFinancials).where(eq(boardApplicationFinancials.applicationId, app.id)).all();
  if (years.length === 0) missing.push("board:apply.missing.financials");
  if (app.channel === "sponsor") {
    // Attachment 1 §(三): "提交尽调材料或已出具的审计报告" — due-diligence material or an audit report already issued.
    const material = ctx.db
      .select({ id: boardApplicationFiles.id })
      .from(boardApplicationFiles)
      .where(and(eq(boardApplicationFiles.applicationId, app.id), inArray(boardApplicationFiles.kind, ["due_diligence", "audit_report"])))
      .get();
    if (!material) missing.push("boardRules:apply.missingSponsorMaterial");
    if (!app.sponsorRelation) missing.push("boardRules:apply.missingSponsorRelation");
  }
  return missing;
}

/**
 * Into the bureau's queue. After the round's bureau deadline (notice §四(二), the day itself included, Shanghai) it goes
 * to the next open round (`target`), which the enterprise is told; with no round to go to, `roundForSending` refused it.
 */
function routeToBureau(ctx: Pick<AppContext, "db" | "clock">, actor: Actor, app: Application, target: { id: string; name: string }, extra: Partial<Application> = {}) {
  const now = ctx.clock.now();
  const moved = target.id !== app.roundId;
  ctx.db
    .update(boardApplications)
    .set({ state: "submitted", submittedAt: now, updatedAt: now, ...extra, ...(moved ? { roundId: target.id } : {}) })
    .where(eq(boardApplications.id, app.id))
    .run();
  recordReview(ctx, actor, app, "submit", "submitted", moved ? "moved_to_next_round" : null);
  audit(ctx, actor, app, "board.application.submitted", {
    prefectureCode: app.prefectureCode,
    channel: app.channel,
    ...(moved ? { lateForRoundId: app.roundId, roundId: target.id, today: shanghaiDate(now) } : {}),
  });
  if (moved) {
    notifyOrgs(ctx, [app.enterpriseOrgId, app.sponsorOrgId], { kind: "board", payload: { key: "boardRules:notify.submittedToNextRound", values: { round: target.name }, href: `/board/applications/${app.id}` } });
  }
  notifyOrgs(ctx, bureauOrgIds(ctx, app.prefectureCode), { kind: "board", payload: { key: "board:notify.submitted", values: { enterprise: enterpriseName(ctx, app) }, href: `/board/applications/${app.id}` } });
}

function enterpriseName(ctx: Pick<AppContext, "db">, app: Pick<Application, "enterpriseOrgId">): string {
  return ctx.db.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, app.enterpriseOrgId)).get()?.name ?? "";
}

/**
 * Submits to the bureau of the enterprise's prefecture. A sponsor's submission waits for the
 * enterprise to confirm it; a bureau's own entry goes straight into its queue.
 */
export function submitApplication(ctx: AppContext, actor: Actor, applicationId: string): ApplicationState {
  const app = loadEditable(ctx, actor, applicationId);
  // Refused with the date, or bound for the next round, when the bureau deadline has passed.
  const target = roundForSending(ctx, app, shanghaiDate(ctx.clock.now()));
  const missing = missingForSubmit(ctx, app);
  if (missing.length > 0) throw new DomainError("board:errors.incomplete", { missing: missing.length });
  if (!app.prefectureCode) throw new DomainError("board:errors.noPrefecture");
  if (app.channel === "sponsor" && !app.sponsorConfirmedAt) {
    ctx.db.transaction(() => {
      const now = ctx.clock.now();
      ctx.db.update(boardApplications).set({ submittedAt: now, updatedAt: now }).where(eq(boardApplications.id, app.id)).run();
      recordReview(ctx, actor, app, "submit", "draft", "awaiting_enterprise_confirmation");
      audit(ctx, actor, app, "board.application.sponsor_submitted", { sponsorOrgId: app.sponsorOrgId });
      notifyOrgs(ctx, [app.enterpriseOrgId], { kind: "board", payload: { key: "board:notify.confirmSponsored", values: { sponsor: actor.orgName }, href: `/board/applications/${app.id}` } });
    });
    return "draft";
  }
  ctx.db.transaction(() => routeToBureau(ctx, actor, app, target));
  return "submitted";
}

/** The enterprise confirms what its sponsor filed; from then on it counts and goes to the bureau. */
export function confirmSponsoredApplication(ctx: AppContext, actor: Actor, applicationId: string): void {
  const app = loadApplication(ctx, actor, applicationId);
  assertCan(actor, "confirm:application:own", app);
  if (app.channel !== "sponsor" || app.sponsorConfirmedAt) throw new DomainError("board:errors.nothingToConfirm");
  if (app.state !== "draft" || !app.submittedAt) throw new DomainError("board:errors.sponsorNotSubmitted");
  const target = roundForSending(ctx, app, shanghaiDate(ctx.clock.now()));
  ctx.db.transaction(() => {
    const now = ctx.clock.now();
    recordReview(ctx, actor, app, "confirm_sponsor", "draft");
    audit(ctx, actor, app, "board.application.sponsor_confirmed", { sponsorOrgId: app.sponsorOrgId });
    routeToBureau(ctx, actor, app, target, { sponsorConfirmedAt: now });
    notifyOrgs(ctx, [app.sponsorOrgId], { kind: "board", payload: { key: "board:notify.sponsorConfirmed", values: { enterprise: enterpriseName(ctx, app) }, href: `/board/applications/${app.id}` } });
  });
}

export function withdrawApplication(ctx: AppContext, actor: Actor, applicationId: string): void {
  const app = loadApplication(ctx, actor, applicationId);
  assertCan(actor, "withdraw:application:own", app);
  if (!["draft", "submitted", "returned"].includes(app.state)) throw new DomainError("board:errors.cannotWithdraw", { state: app.state });
  ctx.db.transaction(() => {
    ctx.db.update(boardApplications).set({ state: "withdrawn", updatedAt: ctx.clock.now() }).where(eq(boardApplications.id, app.id)).run();
    recordReview(ctx, actor, app, "withdraw", "withdrawn");
    audit(ctx, actor, app, "board.application.withdrawn");
  });
}

// ---------------------------------------------------------------------------------------------
// Supporting files

function uploadsDir(ctx: Pick<AppContext, "config">): string {
  return path.join(ctx.config.dataDir, "uploads", "board");
}

const EXT: Record<string, string> = { "application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg" };

/** Stores a file after checking what its bytes are (PDF/PNG/JPEG only) and its size (≤ 10 MB). */
export function checkUploadedFile(bytes: Uint8Array): "application/pdf" | "image/png" | "image/jpeg" {
  if (bytes.byteLength === 0) throw new DomainError("board:errors.fileEmpty", {}, "file");
  if (bytes.byteLength > MAX_APPLICATION_FILE_BYTES) throw new DomainError("board:errors.fileTooLarge", { maxMb: 10 }, "file");
  const type = detectFileType(bytes);
  if (type !== "application/pdf" && type !== "image/png" && type !== "image/jpeg") throw new DomainError("board:errors.fileType", {}, "file");
  return type;
}

export function storeBoardFile(ctx: Pick<AppContext, "config">, bytes: Uint8Array, mime: string): { storageKey: string; sha256: string } {
  const storageKey = `${crypto.randomBytes(18).toString("base64url")}.${EXT[mime]}`;
  fs.mkdirSync(uploadsDir(ctx), { recursive: true });
  fs.writeFileSync(path.join(uploadsDir(ctx), storageKey), bytes, { flag: "wx", mode: 0o640 });
  return { storageKey, sha256: crypto.createHash("sha256").update(bytes).digest("hex") };
}

/** Deletes a stored file (a write that failed after storing it, or a removed attachment). */
export function removeBoardFile(ctx: Pick<AppContext, "config">, storageKey: string): void {
  fs.rmSync(path.join(uploadsDir(ctx), storageKey), { force: true });
}

export function readBoardFile(ctx: Pick<AppContext, "config">, storageKey: string): Buffer {
  if (!/^[A-Za-z0-9_-]+\.(pdf|png|jpg)$/.test(storageKey)) throw new NotFoundError();
  return fs.readFileSync(path.join(uploadsDir(ctx), storageKey));
}

export function cleanName(name: string): string {
  // eslint-disable-next-line no-control-regex
  return path.basename(name.replace(/\\/g, "/")).replace(/[\u0000-\u001f\u007f"<>|*?:]/g, "").trim().slice(0, 200) || "file";
}

/** The file kinds this actor may attach: the due-diligence report is the sponsor's (alliance member's) alone. */
export function attachableFileKinds(actor: Actor): ApplicationFileKind[] {
  return APPLICATION_FILE_KINDS.filter((kind) => kind !== "due_diligence" || can(actor, "attach:due-diligence:sponsor"));
}

export function addApplicationFile(ctx: AppContext, actor: Actor, applicationId: string, input: { kind: ApplicationFileKind; fileName: string; bytes: Uint8Array }) {
  const app = loadEditable(ctx, actor, applicationId);
  if (!attachableFileKinds(actor).includes(input.kind)) throw new DomainError("board:errors.dueDiligenceSponsorOnly", {}, "kind");
  const mimeType = checkUploadedFile(input.bytes);
  const stored = storeBoardFile(ctx, input.bytes, mimeType);
  const row = {
    id: newId(),
    applicationId: app.id,
    kind: input.kind,
    fileName: cleanName(input.fileName),
    mimeType,
    sizeBytes: input.bytes.byteLength,
    sha256: stored.sha256,
    storageKey: stored.storageKey,
    uploadedBy: actor.userId,
    uploadedByOrgId: actor.orgId,
    uploadedAt: ctx.clock.now(),
  };
  try {
    ctx.db.transaction(() => {
      ctx.db.insert(boardApplicationFiles).values(row).run();
      audit(ctx, actor, app, "board.application.file_added", { fileId: row.id, kind: row.kind, sha256: row.sha256, sizeBytes: row.sizeBytes });
    });
  } catch (error) {
    fs.rmSync(path.join(uploadsDir(ctx), stored.storageKey), { force: true });
    throw error;
  }
  return row;
}

export function removeApplicationFile(ctx: AppContext, actor: Actor, fileId: string): void {
  const file = ctx.db.select().from(boardApplicationFiles).where(eq(boardApplicationFiles.id, fileId)).get();
  if (!file) throw new NotFoundError();
  const app = loadEditable(ctx, actor, file.applicationId);
  ctx.db.transaction(() => {
    ctx.db.delete(boardApplicationFiles).where(eq(boardApplicationFiles.id, fileId)).run();
    audit(ctx, actor, app, "board.application.file_removed", { fileId, sha256: file.sha256 });
  });
  fs.rmSync(path.join(uploadsDir(ctx), file.storageKey), { force: true });
}

/** For the download route: whoever may see the application may read its files. */
export function openApplicationFile(ctx: AppContext, actor: Actor, fileId: string) {
  const file = ctx.db.select().from(boardApplicationFiles).where(eq(boardApplicationFiles.id, fileId)).get();
  if (!file) throw new NotFoundError();
  loadApplication(ctx, actor, file.applicationId);
  return { file, bytes: readBoardFile(ctx, file.storageKey) };
}

// ---------------------------------------------------------------------------------------------
// Reading

/** The whole application as its form and its reviewers see it. */
export function getApplicationDetail(ctx: AppContext, actor: Actor, applicationId: string) {
  const app = loadApplication(ctx, actor, applicationId);
  const enterprise = ctx.db
    .select({ id: organisations.id, name: organisations.name, uscc: organisations.uscc, prefectureZh: prefectures.nameZh, prefectureEn: prefectures.nameEn })
    .from(organisations)
    .leftJoin(prefectures, eq(prefectures.code, organisations.prefectureCode))
    .where(eq(organisations.id, app.enterpriseOrgId))
    .get()!;
  const sponsor = app.sponsorOrgId ? (ctx.db.select({ id: organisations.id, name: organisations.name }).from(organisations).where(eq(organisations.id, app.sponsorOrgId)).get() ?? null) : null;
  const round = ctx.db.select().from(boardRounds).where(eq(boardRounds.id, app.roundId)).get()!;
  const contacts = ctx.db.select().from(boardApplicationContacts).where(eq(boardApplicationContacts.applicationId, app.id)).orderBy(asc(boardApplicationContacts.sortOrder)).all();
  const peRounds = ctx.db.select().from(boardApplicationPeRounds).where(eq(boardApplicationPeRounds.applicationId, app.id)).orderBy(asc(boardApplicationPeRounds.closedOn)).all();
  const financials = ctx.db.select().from(boardApplicationFinancials).where(eq(boardApplicationFinancials.applicationId, app.id)).orderBy(desc(boardApplicationFinancials.fiscalYear)).all();
  const files = ctx.db
    .select({ id: boardApplicationFiles.id, kind: boardApplicationFiles.kind, fileName: boardApplicationFiles.fileName, mimeType: boardApplicationFiles.mimeType, sizeBytes: boardApplicationFiles.sizeBytes, uploadedAt: boardApplicationFiles.uploadedAt })
    .from(boardApplicationFiles)
    .where(eq(boardApplicationFiles.applicationId, app.id))
    .orderBy(asc(boardApplicationFiles.uploadedAt))
    .all();
  const reviews = ctx.db
    .select({ id: boardApplicationReviews.id, action: boardApplicationReviews.action, fromState: boardApplicationReviews.fromState, toState: boardApplicationReviews.toState, comment: boardApplicationReviews.comment, at: boardApplicationReviews.at, actorName: users.name, orgName: organisations.name })
    .from(boardApplicationReviews)
    .leftJoin(users, eq(users.id, boardApplicationReviews.actorUserId))
    .leftJoin(organisations, eq(organisations.id, boardApplicationReviews.actorOrgId))
    .where(eq(boardApplicationReviews.applicationId, app.id))
    .orderBy(desc(boardApplicationReviews.at))
    .all();
  return {
    app,
    enterprise,
    sponsor,
    round,
    contacts,
    peRounds,
    financials,
    files,
    reviews,
    canEdit: EDITABLE.includes(app.state) && can(actor, "update:application:involved", app),
    canConfirm: can(actor, "confirm:application:own", app) && app.channel === "sponsor" && !app.sponsorConfirmedAt && app.state === "draft" && app.submittedAt !== null,
    canWithdraw: can(actor, "withdraw:application:own", app) && ["draft", "submitted", "returned"].includes(app.state),
    awaitingConfirmation: app.channel === "sponsor" && !app.sponsorConfirmedAt && app.state === "draft" && app.submittedAt !== null,
    missing: EDITABLE.includes(app.state) ? missingForSubmit(ctx, app) : [],
    /** What submitting (or confirming) today would do against the round's bureau deadline. */
    submitOutlook: EDITABLE.includes(app.state) ? deadlineOutlook(ctx, round, shanghaiDate(ctx.clock.now())) : null,
  };
}

/** An enterprise's own applications; an institution's sponsored ones; a bureau's own drafts. */
export function listOwnApplications(ctx: Pick<AppContext, "db">, actor: Actor) {
  assertCan(actor, "list:application:own", undefined);
  const scope = ownApplicationsScope(actor)!;
  const where: SQL | undefined =
    "enterpriseOrgId" in scope
      ? eq(boardApplications.enterpriseOrgId, scope.enterpriseOrgId)
      : "sponsorOrgId" in scope
        ? and(eq(boardApplications.channel, "sponsor"), eq(boardApplications.sponsorOrgId, scope.sponsorOrgId))
        : and(eq(boardApplications.channel, "bureau"), eq(boardApplications.prefectureCode, scope.bureauDraftsOf), eq(boardApplications.state, "draft"));
  return ctx.db
    .select({
      id: boardApplications.id,
      state: boardApplications.state,
      channel: boardApplications.channel,
      sponsorConfirmedAt: boardApplications.sponsorConfirmedAt,
      submittedAt: boardApplications.submittedAt,
      updatedAt: boardApplications.updatedAt,
      roundName: boardRounds.name,
      enterpriseName: organisations.name,
    })
    .from(boardApplications)
    .innerJoin(boardRounds, eq(boardRounds.id, boardApplications.roundId))
    .innerJoin(organisations, eq(organisations.id, boardApplications.enterpriseOrgId))
    .where(where)
    .orderBy(desc(boardApplications.updatedAt))
    .all();
}

/** For the exchange: applications past the bureau, by round and state. */
export function listForwardedApplications(ctx: Pick<AppContext, "db">, actor: Actor, opts: { roundId?: string; states?: ApplicationState[] } = {}) {
  assertCan(actor, "list:application:forwarded", undefined);
  const states = opts.states ?? ["forwarded", "checked", "in_plan", "approved", "on_notice", "admitted", "rejected"];
  return ctx.db
    .select({
      id: boardApplications.id,
      state: boardApplications.state,
      channel: boardApplications.channel,
      forwardedAt: boardApplications.forwardedAt,
      roundId: boardApplications.roundId,
      roundName: boardRounds.name,
      enterpriseName: organisations.name,
      uscc: organisations.uscc,
      srdiStatus: boardApplications.srdiStatus,
      prefectureZh: prefectures.nameZh,
      prefectureEn: prefectures.nameEn,
    })
    .from(boardApplications)
    .innerJoin(boardRounds, eq(boardRounds.id, boardApplications.roundId))
    .innerJoin(organisations, eq(organisations.id, boardApplications.enterpriseOrgId))
    .leftJoin(prefectures, eq(prefectures.code, boardApplications.prefectureCode))
    .where(and(inArray(boardApplications.state, states), opts.roundId ? eq(boardApplications.roundId, opts.roundId) : undefined))
    .orderBy(asc(boardApplications.state), desc(boardApplications.forwardedAt))
    .all();
}

/** Sponsored applications waiting for this enterprise's confirmation (for its dashboard). */
export function pendingConfirmations(ctx: Pick<AppContext, "db">, actor: Actor): number {
  if (!can(actor, "confirm:application:own")) return 0;
  // Prepared once per connection: every enterprise's dashboard asks (ADR 0910).
  return preparedQuery(ctx.db, "pending-sponsor-confirmations", (db) =>
    db
      .select({ n: count() })
      .from(boardApplications)
      .where(
        and(
          eq(boardApplications.enterpriseOrgId, sql.placeholder("orgId")),
          eq(boardApplications.channel, "sponsor"),
          eq(boardApplications.state, "draft"),
          isNotNull(boardApplications.submittedAt),
          isNull(boardApplications.sponsorConfirmedAt),
        ),
      )
      .prepare(),
  ).get({ orgId: actor.orgId })!.n;
}
