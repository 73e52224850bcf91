import { z } from "zod";

/**
 * zod's own messages are English sentences ("Required", "Expected number, received nan"). Every form
 * here translates its messages from the catalogues (see components/ui/message.ts), so zod's defaults
 * are replaced by catalogue keys: a zh-CN page then reads "此项为必填项。" where zod would say
 * "Required". Schemas that name their own key keep it; this map only fills in the defaults.
 */
export const catalogueErrorMap: z.ZodErrorMap = (issue, ctx) => {
  switch (issue.code) {
    case z.ZodIssueCode.invalid_type:
      if (issue.received === "undefined" || issue.received === "null") return { message: key("required") };
      if (issue.expected === "number" || issue.expected === "integer" || issue.expected === "bigint") return { message: key("number") };
      if (issue.expected === "date") return { message: key("date") };
      return { message: key("invalid") };
    case z.ZodIssueCode.too_small:
      if (issue.type === "string") return { message: Number(issue.minimum) <= 1 ? key("required") : key("tooShortN", { min: Number(issue.minimum) }) };
      if (issue.type === "array" || issue.type === "set") return { message: Number(issue.minimum) <= 1 ? key("choose") : key("chooseAtLeast", { min: Number(issue.minimum) }) };
      if (issue.type === "date") return { message: key("date") };
      return { message: key("atLeast", { min: Number(issue.minimum) }) };
    case z.ZodIssueCode.too_big:
      if (issue.type === "string") return { message: key("tooLongN", { max: Number(issue.maximum) }) };
      if (issue.type === "array" || issue.type === "set") return { message: key("chooseAtMost", { max: Number(issue.maximum) }) };
      if (issue.type === "date") return { message: key("date") };
      return { message: key("atMost", { max: Number(issue.maximum) }) };
    case z.ZodIssueCode.invalid_enum_value:
    case z.ZodIssueCode.invalid_union_discriminator:
    case z.ZodIssueCode.invalid_literal:
      return { message: key("choose") };
    case z.ZodIssueCode.invalid_string:
      if (issue.validation === "email") return { message: key("email") };
      if (issue.validation === "url") return { message: key("url") };
      if (issue.validation === "date" || issue.validation === "datetime") return { message: key("date") };
      return { message: key("invalid") };
    case z.ZodIssueCode.invalid_date:
      return { message: key("date") };
    case z.ZodIssueCode.not_multiple_of:
      return { message: key("invalid") };
    default:
      return { message: ctx.data === undefined ? key("required") : key("invalid") };
  }
};

/** "common:validation.x" or "common:validation.x|{json}" — the encoding translateMessage reads. */
function key(name: string, values?: Record<string, number>): string {
  const k = `common:validation.${name}`;
  return values ? `${k}|${JSON.stringify(values)}` : k;
}

let installed = false;
/** Installed once per JavaScript realm (server process, browser tab) from the root route. */
export function installCatalogueErrorMap(): void {
  if (installed) return;
  z.setErrorMap(catalogueErrorMap);
  installed = true;
}
