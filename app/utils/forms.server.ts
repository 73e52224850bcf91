import type { SubmissionResult } from "@conform-to/react";
import type { Submission } from "@conform-to/dom";
import { BOARD_TIME_ZONE } from "./dates";
import { isAppError, type AppError } from "./errors";

/**
 * Turns a service's domain error into a conform reply: errors tied to a field show under that
 * field, others above the form. Anything that is not a domain error is rethrown (→ 500 page).
 */
export function replyWithError(submission: Pick<Submission<unknown, string[], unknown>, "reply">, error: unknown, hideFields: string[] = ["password", "confirm"]): SubmissionResult<string[]> {
  if (!isAppError(error) || error.status >= 500) throw error;
  const e = error as AppError & { field?: string };
  const values = { ...e.values };
  if (typeof values.retryAt === "number") values.time = formatTime(values.retryAt);
  const message = encodeMessage(e.message, values);
  if (e.field) return submission.reply({ fieldErrors: { [e.field]: [message] }, hideFields });
  return submission.reply({ formErrors: [message], hideFields });
}

/** Messages travel as "key" or "key|{json values}" so the form can translate them with values. */
export function encodeMessage(key: string, values: Record<string, string | number> = {}): string {
  return Object.keys(values).length ? `${key}|${JSON.stringify(values)}` : key;
}

function formatTime(ms: number): string {
  return new Intl.DateTimeFormat("zh-CN", { timeZone: BOARD_TIME_ZONE, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(ms);
}
