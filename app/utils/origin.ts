/**
 * Same-origin check for mutations and socket.io handshakes. Browsers always send Origin on
 * cross-site POSTs, so a missing Origin comes from a non-browser client, which cannot carry a
 * victim's cookies by itself; a present Origin must match ours exactly.
 */
export function isAllowedOrigin(origin: string | undefined, expected: string[]): boolean {
  if (!origin) return true;
  if (origin === "null") return false;
  return expected.includes(origin.replace(/\/$/, ""));
}

export function expectedOrigins(appOrigin: string | undefined, protocol: string, host: string | undefined): string[] {
  const list: string[] = [];
  if (appOrigin) list.push(new URL(appOrigin).origin);
  if (host) list.push(`${protocol}://${host}`);
  return list;
}

/**
 * For state-changing requests (ASVS 3.5.x): a present Origin must be ours; without Origin, the browser's
 * Sec-Fetch-Site must say same-origin. A request with neither is refused: every browser in use sends one of them
 * on a POST, and a non-browser client has no business changing state through the pages.
 */
export function isSameOriginMutation(headers: { origin?: string; "sec-fetch-site"?: string | string[] }, expected: string[]): boolean {
  const site = headers["sec-fetch-site"];
  if (site !== undefined && site !== "same-origin") return false;
  if (headers.origin !== undefined) return headers.origin !== "null" && expected.includes(headers.origin.replace(/\/$/, ""));
  return site === "same-origin";
}
