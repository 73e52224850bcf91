/**
 * The errors an error summary lists: only those of fields the form's schema validates — conform's constraint map of
 * that schema (`getZodConstraint(schema)`), where a list item's field ("contacts[1].phone") is named as the schema
 * names it ("contacts[].phone"). What the schema does not validate as a field of this form is left out: the form-level
 * message ("" key, shown above the fields), the pressed button's `intent` (checked by the action's union, nothing the
 * person can correct), another form's fields in a reply shared by two forms.
 */
export function summaryEntries(errors: Record<string, string[] | undefined> | undefined, fields: Record<string, unknown>): [string, string[]][] {
  return Object.entries(errors ?? {}).filter((e): e is [string, string[]] => !!e[1]?.length && Object.hasOwn(fields, e[0].replace(/\[\d+\]/g, "[]")));
}
