import { BOARD_TIME_ZONE } from "~/utils/dates";

/** "2026-03-05 14:00" (or "14:00") in Beijing time, for messages stored in notifications and errors. */
const shanghaiParts = new Intl.DateTimeFormat("en-CA", { timeZone: BOARD_TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
export function formatShanghai(ms: number, opts: { timeOnly?: boolean } = {}): string {
  const parts = Object.fromEntries(
    shanghaiParts
      .formatToParts(ms)
      .map((p) => [p.type, p.value]),
  );
  const time = `${parts.hour}:${parts.minute}`;
  return opts.timeOnly ? time : `${parts.year}-${parts.month}-${parts.day} ${time}`;
}

/** China has kept UTC+8 without daylight saving since 1991, so a Shanghai wall time maps to one instant. */
export const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** "YYYY-MM-DDTHH:mm" (an <input type="datetime-local"> in Beijing time) → unix ms; NaN when malformed. */
export function parseShanghaiLocal(value: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})$/.exec(value.trim());
  if (!m) return Number.NaN;
  const [, y, mo, d, h, mi] = m.map(Number) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59) return Number.NaN;
  const ms = Date.UTC(y, mo - 1, d, h, mi) - SHANGHAI_OFFSET_MS;
  return formatShanghai(ms).slice(0, 10) === `${m[1]}-${m[2]}-${m[3]}` ? ms : Number.NaN;
}

/** The value for a datetime-local input showing `ms` in Beijing time. */
export function toShanghaiLocal(ms: number): string {
  return formatShanghai(ms).replace(" ", "T");
}

/** Midnight (Beijing) of the day holding `ms`. */
export function shanghaiDayStart(ms: number): number {
  return Math.floor((ms + SHANGHAI_OFFSET_MS) / 86_400_000) * 86_400_000 - SHANGHAI_OFFSET_MS;
}
