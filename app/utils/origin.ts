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
