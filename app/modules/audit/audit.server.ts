import crypto from "node:crypto";
import { asc, desc, eq, gt } from "drizzle-orm";
import { auditLog } from "@db/schema";
import type { AppContext } from "~/utils/context.server";
import { newId } from "~/utils/ids";
import type { Actor } from "../identity/actor";
import { assertCan } from "~/modules/access";

export const GENESIS_HASH = "0".repeat(64);

export type AuditEntryInput = {
  actorUserId?: string | null;
  actorOrgId?: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  /** The enterprise whose data or status this entry is about, so it can see its own trail. */
  enterpriseOrgId?: string | null;
  data?: Record<string, unknown>;
};

type Row = typeof auditLog.$inferSelect;

/** Canonical form of a row for hashing: fixed field order, JSON with sorted keys. */
function canonical(row: Omit<Row, "hash">): string {
  return JSON.stringify([
    row.seq,
    row.id,
    row.at,
    row.actorUserId,
    row.actorOrgId,
    row.action,
    row.subjectType,
    row.subjectId,
    row.enterpriseOrgId,
    row.data,
    row.prevHash,
  ]);
}

function hashOf(row: Omit<Row, "hash">): string {
  return crypto.createHash("sha256").update(canonical(row)).digest("hex");
}

function stableStringify(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

/**
 * Appends one entry. Call it inside the same transaction as the change it records, so that a
 * change never lands without its entry (better-sqlite3 transactions are synchronous and serialised,
 * so reading the tail and inserting cannot interleave with another writer).
 */
export function appendAudit(ctx: Pick<AppContext, "db" | "clock">, input: AuditEntryInput): Row {
  const last = ctx.db.select({ seq: auditLog.seq, hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1).get();
  const base = {
    seq: (last?.seq ?? 0) + 1,
    id: newId(),
    at: ctx.clock.now(),
    actorUserId: input.actorUserId ?? null,
    actorOrgId: input.actorOrgId ?? null,
    action: input.action,
    subjectType: input.subjectType,
    subjectId: input.subjectId,
    enterpriseOrgId: input.enterpriseOrgId ?? null,
    data: stableStringify(input.data ?? {}),
    prevHash: last?.hash ?? GENESIS_HASH,
  };
  const row: Row = { ...base, hash: hashOf(base) };
  ctx.db.insert(auditLog).values(row).run();
  return row;
}

export type ChainProblem = { seq: number; id: string; problem: "hash_mismatch" | "prev_mismatch" | "gap" };
export type ChainReport = { ok: boolean; checked: number; problems: ChainProblem[]; headHash: string };

/** Walks the whole chain in pages and names every row whose content or link was altered. */
export function verifyAuditChain(ctx: Pick<AppContext, "db">, pageSize = 5000): ChainReport {
  const problems: ChainProblem[] = [];
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let checked = 0;
  let after = 0;
  for (;;) {
    const rows = ctx.db.select().from(auditLog).where(gt(auditLog.seq, after)).orderBy(asc(auditLog.seq)).limit(pageSize).all();
    if (rows.length === 0) break;
    for (const row of rows) {
      if (row.seq !== expectedSeq) problems.push({ seq: row.seq, id: row.id, problem: "gap" });
      if (row.prevHash !== prevHash) problems.push({ seq: row.seq, id: row.id, problem: "prev_mismatch" });
      const { hash, ...rest } = row;
      if (hashOf(rest) !== hash) problems.push({ seq: row.seq, id: row.id, problem: "hash_mismatch" });
      prevHash = row.hash;
      expectedSeq = row.seq + 1;
      checked++;
    }
    after = rows[rows.length - 1]!.seq;
  }
  return { ok: problems.length === 0, checked, problems, headHash: prevHash };
}

export function listAuditForEnterprise(ctx: Pick<AppContext, "db">, enterpriseOrgId: string, limit = 100) {
  return ctx.db
    .select()
    .from(auditLog)
    .where(eq(auditLog.enterpriseOrgId, enterpriseOrgId))
    .orderBy(desc(auditLog.seq))
    .limit(limit)
    .all();
}

/** Exchange staff and regulators may read and export the whole chain; nobody else. */
export function assertMayReadAudit(actor: Actor): void {
  assertCan(actor, "read:audit:any", undefined);
}

export function listAuditPage(ctx: Pick<AppContext, "db">, actor: Actor, page: number, pageSize = 50) {
  assertMayReadAudit(actor);
  const rows = ctx.db
    .select()
    .from(auditLog)
    .orderBy(desc(auditLog.seq))
    .limit(pageSize + 1)
    .offset((page - 1) * pageSize)
    .all();
  return { rows: rows.slice(0, pageSize), hasMore: rows.length > pageSize };
}

/** The whole chain as JSON Lines, oldest first, in pages so memory stays flat for long chains. */
export function exportAuditChain(ctx: Pick<AppContext, "db">, actor: Actor, pageSize = 5000): Generator<string> {
  assertMayReadAudit(actor);
  return auditLines(ctx, pageSize);
}

function* auditLines(ctx: Pick<AppContext, "db">, pageSize: number): Generator<string> {
  let after = 0;
  for (;;) {
    const rows = ctx.db.select().from(auditLog).where(gt(auditLog.seq, after)).orderBy(asc(auditLog.seq)).limit(pageSize).all();
    if (rows.length === 0) return;
    for (const row of rows) yield `${JSON.stringify(row)}\n`;
    after = rows[rows.length - 1]!.seq;
  }
}

export function verifyAuditChainAs(ctx: Pick<AppContext, "db">, actor: Actor): ChainReport {
  assertMayReadAudit(actor);
  return verifyAuditChain(ctx);
}
