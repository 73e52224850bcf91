export const BOARD_TIME_ZONE = "Asia/Shanghai";

// Building an Intl.DateTimeFormat costs tens of microseconds (time-zone data); formatting with a built one costs
// about one. Pages format hundreds of dates and the dashboards compute "today" per row, so each is built once.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(kind: "dateTime" | "date", locale: string): Intl.DateTimeFormat {
  const key = `${kind}|${locale}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, {
      timeZone: BOARD_TIME_ZONE,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      ...(kind === "dateTime" ? { hour: "2-digit", minute: "2-digit", hourCycle: "h23" } : {}),
    });
    if (formatters.size < 64) formatters.set(key, f); // locales come from a short list; never grow without bound
  }
  return f;
}

/** Timestamps are unix ms (UTC) everywhere; they are shown in Asia/Shanghai whatever the viewer's machine says. */
export function formatDateTime(ms: number, locale: string): string {
  return formatter("dateTime", locale).format(ms);
}

export function formatDate(ms: number, locale: string): string {
  return formatter("date", locale).format(ms);
}

/**
 * A calendar date someone gave (YYYY-MM-DD, a Shanghai day) shown exactly as `formatDate` shows an instant of that day,
 * so a page mixing both (the need's progress: our own timestamps beside the lender's dates) has one format per language.
 */
export function formatCalendarDate(isoDate: string, locale: string): string {
  const noon = Date.parse(`${isoDate}T12:00:00+08:00`);
  return Number.isNaN(noon) ? isoDate : formatDate(noon, locale);
}

/** The calendar date (YYYY-MM-DD) in Shanghai for an instant: working-day rules count Shanghai days. */
export function shanghaiDate(ms: number): string {
  return formatter("date", "en-CA").format(ms);
}

/** 'YYYY-MM-DD' today in Shanghai on the context's clock: the calendar every validity date and deadline is counted in. */
export const todayOf = (ctx: { clock: { now(): number } }): string => shanghaiDate(ctx.clock.now());

/** The last instant (unix ms) of a Shanghai calendar day: a grant or an offer valid "until 2026-06-30" covers all of that day. */
export function endOfShanghaiDay(isoDate: string): number {
  return Date.parse(`${isoDate}T23:59:59.999+08:00`);
}
