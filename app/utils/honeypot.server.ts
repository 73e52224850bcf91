import { DomainError } from "./errors";

/** A public form whose hidden field came back filled was sent by a bot; refuse it plainly. */
export function assertHoneypotEmpty(form: FormData | Record<string, unknown>): void {
  const value = form instanceof FormData ? form.get("website_url") : form.website_url;
  if (typeof value === "string" && value.length > 0) throw new DomainError("errors.spam");
}
