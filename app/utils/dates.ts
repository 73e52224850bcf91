export const BOARD_TIME_ZONE = "Asia/Shanghai";

/** Timestamps are unix ms (UTC) everywhere; they are shown in Asia/Shanghai whatever the viewer's machine says. */
export function formatDateTime(ms: number, locale: string): string {
  return new Intl.DateTimeFormat(locale, {
    timeZone: BOARD_TIME_ZONE,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(ms);
}

export function formatDate(ms: number, locale: string): string {
  return new Intl.DateTimeFormat(locale, {
    timeZone: BOARD_TIME_ZONE,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(ms);
}

/** The calendar date (YYYY-MM-DD) in Shanghai for an instant: working-day rules count Shanghai days. */
export function shanghaiDate(ms: number): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: BOARD_TIME_ZONE,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(ms);
  return parts;
}
