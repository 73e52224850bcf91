import { DomainError } from "./errors";

/** A public form whose hidden field came back filled was sent by a bot; refuse it plainly. */
export function assertHoneypotEmpty(formData: FormData): void {
  const value = formData.get("website_url");
  if (typeof value === "string" && value.length > 0) throw new DomainError("errors.spam");
}
