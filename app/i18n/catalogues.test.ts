import { describe, expect, it } from "vitest";
import { NAMESPACES, SUPPORTED_LOCALES } from "./config";
import { resources } from "./resources";

// The browser loads only its page's language, without a fallback: a key missing in one language would show as a
// raw key there (and differ from nothing the server could render). So both languages hold exactly the same keys,
// counting i18next's plural forms (_one/_other…) as one key.
function leaves(node: unknown, prefix = ""): string[] {
  if (typeof node !== "object" || node === null) return [prefix.replace(/_(zero|one|two|few|many|other)$/, "")];
  return Object.entries(node).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
}

describe("catalogues", () => {
  it.each(SUPPORTED_LOCALES)("%s has exactly the registered namespaces", (lng) => {
    expect(Object.keys(resources[lng]).sort()).toEqual([...NAMESPACES].sort());
  });

  it.each(NAMESPACES)("%s has the same keys in zh-CN and en", (ns) => {
    const zh = new Set(leaves(resources["zh-CN"][ns]));
    const en = new Set(leaves(resources.en[ns]));
    expect([...zh].filter((k) => !en.has(k)), "only in zh-CN").toEqual([]);
    expect([...en].filter((k) => !zh.has(k)), "only in en").toEqual([]);
  });
});
