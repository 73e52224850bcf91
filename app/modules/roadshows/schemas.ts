import { z } from "zod";
import { AUDIENCES } from "@db/schema/constants";

export const deckSettingsInput = z.object({
  title: z.string({ invalid_type_error: "roadshows:errors.title", required_error: "roadshows:errors.title" }).trim().min(2, { message: "roadshows:errors.title" }).max(120, { message: "roadshows:errors.title" }),
  audience: z.enum(AUDIENCES),
  directedOrgIds: z.array(z.string().min(1).max(40)).max(50).default([]),
  needId: z.string().max(40).optional(),
  ndaText: z.string().trim().max(5000).optional(),
  allowDownload: z.boolean().default(false),
});

export function deckSettingsFromForm(formData: FormData) {
  return deckSettingsInput.safeParse({
    title: formData.get("title"),
    audience: formData.get("audience"),
    directedOrgIds: formData.getAll("directedOrgIds").map(String),
    needId: formData.get("needId") || undefined,
    ndaText: formData.get("ndaText") || undefined,
    allowDownload: formData.get("allowDownload") === "on",
  });
}

export const shareLinkInput = z.object({
  label: z.string({ invalid_type_error: "roadshows:errors.label" }).trim().min(1, { message: "roadshows:errors.label" }).max(60, { message: "roadshows:errors.label" }),
  expiresOn: z.string({ invalid_type_error: "roadshows:errors.date" }).regex(/^\d{4}-\d{2}-\d{2}$/, { message: "roadshows:errors.date" }),
});

/** Largest deck accepted (the server checks it again on upload). */
export const DECK_MAX_BYTES = 30 * 1024 * 1024;
