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
    return `${new Intl.NumberFormat("zh-CN").format(yuan)}元`;
  }
  const abs = Math.abs(yuan);
  if (abs >= 1e6) {
    return `CNY ${trim(yuan / 1e6, 2)}m`;
  }
  return `CNY ${new Intl.NumberFormat("en-US").format(yuan)}`;
}

function trim(n: number, digits: number): string {
  return new Intl.NumberFormat("zh-CN", { maximumFractionDigits: digits, useGrouping: true }).format(n);
}

/** Basis points to a percentage string, e.g. 385 → "3.85%". */
export function formatRate(bp: number): string {
  return `${(bp / 100).toFixed(2)}%`;
}
