import type { SubmissionResult } from "@conform-to/react";

/**
 * Every message in an action's reply (form-level first, then each field's), for pages whose forms are
 * single buttons and show one error list above them. Messages are catalogue keys ("key|{json}").
 */
export function replyErrors(result: SubmissionResult<string[]> | undefined | null): string[] | undefined {
  if (!result?.error) return undefined;
  const entries = Object.entries(result.error);
  const ordered = [...entries.filter(([k]) => k === ""), ...entries.filter(([k]) => k !== "")];
  const messages = ordered.flatMap(([, v]) => v ?? []);
  return messages.length ? messages : undefined;
}

/** The messages of one field of a reply (for forms not driven by conform's useForm). */
export function fieldErrors(result: SubmissionResult<string[]> | undefined | null, name: string): string[] | undefined {
  const v = result?.error?.[name];
  return v?.length ? v : undefined;
}

/** A reply's errors keyed by field name ("terms.amount"), for forms that render their own inputs. */
export function errorsByField(result: SubmissionResult<string[]> | undefined | null): Record<string, string[] | undefined> {
  const out: Record<string, string[] | undefined> = {};
  for (const [k, v] of Object.entries(result?.error ?? {})) out[k] = v ?? undefined;
  return out;
}
