import type { TFunction } from "i18next";

/** The kinds of event the log can be filtered by: the first part of the action code. */
export const AUDIT_KINDS = ["board", "staff", "financing", "offer", "product_application", "enterprise", "roadshow", "organisation", "membership", "user", "jobs", "data"] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];

/** Action prefixes a kind covers besides its own name (need.syndicated_set is a financing-need event). */
const EXTRA_PREFIXES: Partial<Record<AuditKind, readonly string[]>> = { financing: ["need"] };
export function auditKindPrefixes(kind: AuditKind): string[] {
  return [kind, ...(EXTRA_PREFIXES[kind] ?? [])];
}

/** An audit entry in the reader's words: the event's name, and the object's kind with the enterprise it concerns. */
export function auditEventLabel(t: TFunction, action: string): string {
  const label = t(`audit:events.${action}`, { defaultValue: "" });
  return typeof label === "string" && label ? label : t("audit:unknownEvent", { code: action });
}

export function auditSubjectLabel(t: TFunction, row: { subjectType: string; enterpriseName: string | null }): string {
  const kind = t(`audit:subjects.${row.subjectType}`, { defaultValue: row.subjectType });
  return row.enterpriseName ? `${kind} · ${row.enterpriseName}` : kind;
}
