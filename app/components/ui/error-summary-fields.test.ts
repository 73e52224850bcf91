import { getZodConstraint } from "@conform-to/zod";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { STEP_SCHEMAS } from "~/modules/board/application-schemas";
import { mandateInput } from "~/modules/financing/financing-schemas";
import { summaryEntries } from "./error-summary-fields";

describe("the error summary lists the fields the form's schema validates", () => {
  const schema = z.object({ name: z.string(), terms: z.object({ amount: z.number() }), contacts: z.array(z.object({ phone: z.string() })) });
  const fields = getZodConstraint(schema);

  it("keeps the schema's fields, nested and in lists, and nothing else", () => {
    const errors = {
      "": ["form-level"],
      intent: ["Required"],
      name: ["required"],
      "terms.amount": ["too small"],
      "contacts[1].phone": ["bad phone"],
      elsewhere: ["another form's field"],
      "terms.rate": ["not in this form"],
      empty: [],
    };
    expect(summaryEntries(errors, fields).map(([name]) => name)).toEqual(["name", "terms.amount", "contacts[1].phone"]);
  });

  it("drops a reply's complaint about the pressed button with the forms' real schemas", () => {
    const basics = getZodConstraint(STEP_SCHEMAS.basics);
    expect(summaryEntries({ intent: ["Required"], mainBusiness: ["required"] }, basics).map(([n]) => n)).toEqual(["mainBusiness"]);
    expect(summaryEntries({ intent: ["Required"], name: ["required"] }, getZodConstraint(mandateInput)).map(([n]) => n)).toEqual(["name"]);
  });

  it("has nothing to list without errors", () => {
    expect(summaryEntries(undefined, fields)).toEqual([]);
  });
});
