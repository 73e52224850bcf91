import type { TFunction } from "i18next";

/** The `t` of `useTranslation`, as a list's rows call it: a key, and a fallback text or interpolation values. */
type Translate = (key: string, options?: string | Record<string, unknown>) => string;

/** A character no catalogue text or interpolated value holds: where a value goes in a phrase's template. */
const SLOT = "\u0000";

/**
 * Translations for the rows of one list in one render (ADR 0915). A list of twenty search hits asked i18next seven
 * times per row, and each `t()` resolves the key through the namespace and language hierarchy again:
 *
 * - `label(key)` — a catalogue label (an instrument, a tier, a subject) — is looked up once per distinct key;
 * - `fill(key, name, value)` — a phrase with one value in it ("更新于 {{date}}") — asks i18next once per key for the
 *   phrase with a slot where the value goes, and then only puts each row's value in. The catalogues interpolate
 *   without escaping (`escapeValue: false`) and do not interpolate values again, so the text is the same as
 *   `t(key, { [name]: value })`; a phrase whose wording depends on a count is `counted`, not `fill`;
 * - `counted(key, count)` — plural forms — once per distinct count.
 *
 * What it remembers lives as long as the object: make one per render (`useMemo` on `t`), never share it.
 */
export function listText(t: TFunction | Translate) {
  const translate = t as Translate;
  const labels = new Map<string, string>();
  const templates = new Map<string, string[]>();
  const counts = new Map<string, string>();
  return {
    label(key: string, fallback?: string): string {
      const memo = fallback === undefined ? key : `${key}${SLOT}${fallback}`;
      let text = labels.get(memo);
      if (text === undefined) {
        text = fallback === undefined ? translate(key) : translate(key, fallback);
        labels.set(memo, text);
      }
      return text;
    },
    fill(key: string, name: string, value: string | number): string {
      const memo = `${key}${SLOT}${name}`;
      let parts = templates.get(memo);
      if (parts === undefined) {
        parts = translate(key, { [name]: SLOT }).split(SLOT);
        templates.set(memo, parts);
      }
      return parts.length === 2 ? parts[0] + String(value) + parts[1] : parts.join(String(value));
    },
    counted(key: string, count: number): string {
      const memo = `${key}${SLOT}${count}`;
      let text = counts.get(memo);
      if (text === undefined) {
        text = translate(key, { count });
        counts.set(memo, text);
      }
      return text;
    },
  };
}

export type ListText = ReturnType<typeof listText>;
