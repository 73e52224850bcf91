import type { i18n as I18n } from "i18next";

/** Distinct (key, options) answers kept per instance; past it the oldest go first. */
export const REMEMBERED_TRANSLATIONS_LIMIT = 20_000;

/**
 * Makes an i18next instance remember its answers. Only for an instance whose catalogues never change once it is
 * initialised: the server's, one per language, built from the bundled catalogues and never switched to another
 * language or given more resources (entry.server.tsx). There an answer depends only on the key and the options, and
 * every signed-in page asks the same few hundred (the menu alone is 20–60 labels): i18next resolved each one through
 * its language hierarchy, namespaces and key path again, a tenth of a dashboard's server CPU (ADR 0910).
 *
 * Remembered: calls with a string key (or a list of them) and options whose values are strings, finite numbers,
 * booleans, null or lists of strings (the language, namespaces, key prefix, count, context and interpolation values
 * that components pass; react-i18next's `t` passes `lngs: null`), when the answer is a string. Anything else (an object value, `returnObjects`) is asked each time.
 */
export function rememberTranslations(instance: I18n, limit = REMEMBERED_TRANSLATIONS_LIMIT): void {
  const answers = new Map<string, string>();
  // i18next types `t` by its catalogue keys; this wrapper passes any call through unchanged.
  const translate = instance.t.bind(instance) as unknown as (...args: unknown[]) => unknown;
  const remembering = (...args: unknown[]): unknown => {
    const key = answerKey(args);
    if (key === null) return translate(...args);
    const known = answers.get(key);
    if (known !== undefined) return known;
    const answer = translate(...args);
    if (typeof answer === "string") {
      if (answers.size >= limit) answers.delete(answers.keys().next().value!);
      answers.set(key, answer);
    }
    return answer;
  };
  instance.t = remembering as unknown as I18n["t"];
}

const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === "string");

/**
 * The key of a call: each part written with its length before it, so no text (a name among the values, say) can
 * make two different calls read the same.
 */
function answerKey(args: unknown[]): string | null {
  if (args.length > 2) return null;
  const [key, options] = args;
  let out: string;
  if (typeof key === "string") out = `s${key.length}:${key}`;
  else if (isStringList(key)) out = listPart(key);
  else return null;
  if (options === undefined) return out;
  if (options === null || typeof options !== "object" || Array.isArray(options)) return null;
  if ((options as { returnObjects?: unknown }).returnObjects) return null;
  for (const name in options) {
    const value = (options as Record<string, unknown>)[name];
    if (value === undefined) continue;
    out += `|${name.length}:${name}=`;
    if (value === null) out += "n";
    else if (typeof value === "string") out += `s${value.length}:${value}`;
    else if (typeof value === "boolean") out += value ? "t" : "f";
    else if (typeof value === "number" && Number.isFinite(value)) out += `d${value};`;
    else if (isStringList(value)) out += listPart(value);
    else return null;
  }
  return out;
}

function listPart(list: string[]): string {
  let out = `l${list.length}:`;
  for (const item of list) out += `${item.length}:${item}`;
  return out;
}
