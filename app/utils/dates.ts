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

/** The calendar date (YYYY-MM-DD) in Shanghai for an instant: working-day rules count Shanghai days. */
export function shanghaiDate(ms: number): string {
  return formatter("date", "en-CA").format(ms);
}
