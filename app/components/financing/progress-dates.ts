import type { TimelineStep } from "~/modules/financing/offer-progress.server";
import { formatCalendarDate, formatDate } from "~/utils/dates";

/**
 * When a step of the need's progress happened, in the app's one date format for the language (ADR 0828): the
 * marketplace's own steps carry an instant, approval and funds the date the lender gave.
 */
export function stepDate(step: Pick<TimelineStep, "at" | "on">, locale: string): string | null {
  if (step.at !== null) return formatDate(step.at, locale);
  return step.on ? formatCalendarDate(step.on, locale) : null;
}
