import type { TFunction } from "i18next";

/** Decodes "key" or "key|{json}" (see forms.server.ts) and translates it. */
export function translateMessage(t: TFunction, message: string): string {
  const bar = message.indexOf("|");
  if (bar < 0) return t(message);
  let values: Record<string, unknown> = {};
  try {
    values = JSON.parse(message.slice(bar + 1)) as Record<string, unknown>;
  } catch {
    values = {};
  }
  return t(message.slice(0, bar), values);
}
