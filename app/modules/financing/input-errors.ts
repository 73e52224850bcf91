import type { ZodError } from "zod";
import { DomainError } from "~/utils/errors";

/** A service-side zod failure as the DomainError the form shows under its field (first issue wins). */
export function invalid(error: ZodError): DomainError {
  const issue = error.issues[0]!;
  // Nested paths keep conform's dotted names (terms.rateBp) so the error lands under that input.
  const field = issue.path.length ? issue.path.join(".") : undefined;
  return new DomainError(issue.message.includes(":") ? issue.message : "financing:matchingErrors.invalid", {}, field);
}
