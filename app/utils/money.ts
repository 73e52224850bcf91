/**
 * Money is stored as integer CNY yuan. People on the board think in 万元 and 亿元, so zh-CN output
 * uses those units; English output keeps plain CNY with thousands separators.
 */
export function formatMoney(yuan: number, locale: string): string {
  if (!Number.isFinite(yuan)) return "—";
  if (locale.startsWith("zh")) {
    const abs = Math.abs(yuan);
    if (abs >= 1e8) return `${trim(yuan / 1e8, 2)}亿元`;
    if (abs >= 1e4) return `${trim(yuan / 1e4, 2)}万元`;
    return `${numberFormat("zh-CN").format(yuan)}元`;
  }
  const abs = Math.abs(yuan);
  if (abs >= 1e6) {
    return `CNY ${trim(yuan / 1e6, 2)}m`;
  }
  return `CNY ${numberFormat("en-US").format(yuan)}`;
}

/**
 * An amount as a plain figure in 万元, for a grid of figures whose caption names the unit (a statement read down a
 * column in one unit, not 亿元 beside 万元): 114,123,456 → "11,412.35", in either language's digits.
 */
export function formatWanFigure(yuan: number, locale: string): string {
  if (!Number.isFinite(yuan)) return "—";
  return numberFormat(locale.startsWith("zh") ? "zh-CN" : "en-US", 2).format(yuan / 1e4);
}

// Building an Intl.NumberFormat costs tens of microseconds; a list of needs formats hundreds of amounts (a bank's
// dashboard spent ~5% of its CPU building them), so each (locale, precision) is built once.
const numberFormats = new Map<string, Intl.NumberFormat>();
function numberFormat(locale: "zh-CN" | "en-US", maximumFractionDigits?: number): Intl.NumberFormat {
  const key = `${locale}|${maximumFractionDigits ?? ""}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, maximumFractionDigits === undefined ? {} : { maximumFractionDigits, useGrouping: true });
    numberFormats.set(key, format);
  }
  return format;
}

function trim(n: number, digits: number): string {
  return numberFormat("zh-CN", digits).format(n);
}

/** Basis points to a percentage string, e.g. 385 → "3.85%". */
export function formatRate(bp: number): string {
  return `${(bp / 100).toFixed(2)}%`;
}

/*
 * Parsing money and rates as people on the board type them. Storage stays integer 元 and basis
 * points; forms take 万元 (元 for small sums such as fees) and % with up to two decimals. Input is
 * read with exact decimal arithmetic on the digits (never floats), so "0.0001万元" is 1元 and
 * "3.655%" is refused rather than rounded.
 */

/** The unit a money field is typed in when the person writes no unit of their own. */
export type MoneyUnit = "wan" | "yuan";

export type MoneyParse = { ok: true; yuan: number } | { ok: false; reason: "empty" | "invalid" | "negative" | "tooPrecise" | "tooLarge" };
export type RateParse = { ok: true; bp: number } | { ok: false; reason: "empty" | "invalid" | "negative" | "tooPrecise" | "tooLarge" };

const UNIT_EXPONENT: Record<string, number> = { 亿元: 8, 亿: 8, 万元: 4, 万: 4, 元: 0 };
const DEFAULT_EXPONENT: Record<MoneyUnit, number> = { wan: 4, yuan: 0 };

/** Full-width digits, points, commas and percent signs (typed with a Chinese IME) to ASCII; spaces out. */
export function normaliseNumberText(input: string): string {
  return input
    .replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[．。]/g, ".")
    .replace(/[，,]/g, ",")
    .replace(/％/g, "%")
    .replace(/[\s\u3000]/g, "");
}

/**
 * A decimal string times 10^exponent as an integer, exactly; null when a fraction would remain.
 * "1.2", 8 → 120000000.
 */
function shiftDecimal(digits: string, exponent: number): number | null {
  const [whole = "", fraction = ""] = digits.split(".");
  const fractionTrimmed = fraction.replace(/0+$/, "");
  if (fractionTrimmed.length > exponent) return null;
  const scaled = `${whole}${fractionTrimmed.padEnd(exponent, "0")}`.replace(/^0+(?=\d)/, "");
  return Number(scaled || "0");
}

/** Digits with optional thousands separators ("3,000" or "3000") and an optional decimal part. */
const NUMBER = /^(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$/;

/**
 * "3000" (万元 by default) → 30,000,000元; also "3,000", "３０００", "0.5万", "1.2亿", "1.2亿元",
 * "2000元", "30,000,000元". A unit written in the text wins over the field's unit.
 */
export function parseMoney(input: string, unit: MoneyUnit = "wan", options: { signed?: boolean } = {}): MoneyParse {
  let text = normaliseNumberText(input);
  if (!text) return { ok: false, reason: "empty" };
  if (text.startsWith("-") || text.startsWith("−")) {
    // A loss or an outflow (net profit, cash flow) is negative; an amount asked or offered never is.
    if (!options.signed) return { ok: false, reason: "negative" };
    const rest = parseMoney(text.slice(1), unit);
    return rest.ok ? { ok: true, yuan: rest.yuan === 0 ? 0 : -rest.yuan } : rest;
  }
  let exponent = DEFAULT_EXPONENT[unit];
  const suffix = Object.keys(UNIT_EXPONENT).find((u) => text.endsWith(u));
  if (suffix) {
    exponent = UNIT_EXPONENT[suffix]!;
    text = text.slice(0, -suffix.length);
  }
  if (!NUMBER.test(text)) return { ok: false, reason: "invalid" };
  const yuan = shiftDecimal(text.replace(/,/g, ""), exponent);
  if (yuan === null) return { ok: false, reason: "tooPrecise" };
  if (!Number.isSafeInteger(yuan)) return { ok: false, reason: "tooLarge" };
  return { ok: true, yuan };
}

/**
 * "3.65", "3.65%", "３．６５％" → 365 basis points; at most two decimals of a percent. Negative only where
 * the form allows it (`signed`: a return on equity after a loss year).
 */
export function parseRate(input: string, options: { signed?: boolean } = {}): RateParse {
  let text = normaliseNumberText(input);
  if (!text) return { ok: false, reason: "empty" };
  if (text.startsWith("-") || text.startsWith("−")) {
    if (!options.signed) return { ok: false, reason: "negative" };
    const rest = parseRate(text.slice(1));
    return rest.ok ? { ok: true, bp: rest.bp === 0 ? 0 : -rest.bp } : rest;
  }
  if (text.endsWith("%")) text = text.slice(0, -1);
  if (!/^\d+(\.\d+)?$/.test(text)) return { ok: false, reason: "invalid" };
  const bp = shiftDecimal(text, 2);
  if (bp === null) return { ok: false, reason: "tooPrecise" };
  if (!Number.isSafeInteger(bp)) return { ok: false, reason: "tooLarge" };
  return { ok: true, bp };
}

/** Integer 元 as the number a form shows in its unit: 30,000,000 → "3000" (万元); 1,234 → "0.1234". */
export function toUnitText(yuan: number | null | undefined, unit: MoneyUnit = "wan"): string {
  if (yuan === null || yuan === undefined || !Number.isFinite(yuan)) return "";
  if (unit === "yuan") return String(yuan);
  const sign = yuan < 0 ? "-" : "";
  const abs = Math.abs(Math.trunc(yuan));
  const whole = Math.floor(abs / 1e4);
  const rest = String(abs % 1e4).padStart(4, "0").replace(/0+$/, "");
  return `${sign}${whole}${rest ? `.${rest}` : ""}`;
}

/** Basis points as the percent a form shows: 365 → "3.65", 400 → "4". */
export function toPercentText(bp: number | null | undefined): string {
  if (bp === null || bp === undefined || !Number.isFinite(bp)) return "";
  const whole = Math.trunc(bp / 100);
  const rest = String(Math.abs(bp % 100)).padStart(2, "0").replace(/0+$/, "");
  return `${bp < 0 && whole === 0 ? "-" : ""}${whole}${rest ? `.${rest}` : ""}`;
}

/**
 * The echo beside a money field: always in 万元/亿元 (the way the board reads amounts), with the
 * plain CNY figure in English. "3000" → "= 3,000万元".
 */
export function echoMoney(input: string, unit: MoneyUnit, locale: string): string | null {
  const parsed = parseMoney(input, unit, { signed: true });
  if (!parsed.ok) return null;
  const y = parsed.yuan;
  const abs = Math.abs(y);
  const zh = abs >= 1e8 ? `${trim(y / 1e8, 4)}亿元` : abs >= 1e4 ? `${trim(y / 1e4, 4)}万元` : `${numberFormat("zh-CN").format(y)}元`;
  return locale.startsWith("zh") ? `= ${zh}` : `= CNY ${numberFormat("en-US").format(y)} (${zh})`;
}

/** The echo beside a rate field: "3.65" → "= 3.65%（365 基点）" / "= 3.65% (365 bp)". */
export function echoRate(input: string, locale: string): string | null {
  const parsed = parseRate(input, { signed: true });
  if (!parsed.ok) return null;
  return locale.startsWith("zh") ? `= ${toPercentText(parsed.bp)}%（${parsed.bp} 基点）` : `= ${toPercentText(parsed.bp)}% (${parsed.bp} bp)`;
}
