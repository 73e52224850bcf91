import { z } from "zod";
import { AUDIENCES, EVENT_AUDIENCES, EVENT_FORMATS, VENUE_KINDS } from "@db/schema/constants";
import { parseShanghaiLocal } from "./time";

export const deckSettingsInput = z.object({
  title: z.string({ invalid_type_error: "roadshows:errors.title", required_error: "roadshows:errors.title" }).trim().min(2, { message: "roadshows:errors.title" }).max(120, { message: "roadshows:errors.title" }),
  audience: z.enum(AUDIENCES),
  directedOrgIds: z.array(z.string().min(1).max(40)).max(50).default([]),
  needId: z.string().max(40).optional(),
  ndaText: z.string().trim().max(5000).optional(),
  allowDownload: z.boolean().default(false),
});

export const shareLinkInput = z.object({
  label: z.string({ invalid_type_error: "roadshows:errors.label" }).trim().min(1, { message: "roadshows:errors.label" }).max(60, { message: "roadshows:errors.label" }),
  expiresOn: z.string({ invalid_type_error: "roadshows:errors.date" }).regex(/^\d{4}-\d{2}-\d{2}$/, { message: "roadshows:errors.date" }),
});

/** Largest deck accepted (the server checks it again on upload). */
export const DECK_MAX_BYTES = 30 * 1024 * 1024;

// ---------------------------------------------------------------- roadshow events (staff editor, requests, venues)

const shanghaiTime = (message: string) =>
  z
    .string({ required_error: message, invalid_type_error: message })
    .transform((v, c) => {
      const ms = parseShanghaiLocal(v);
      if (Number.isNaN(ms)) {
        c.addIssue({ code: z.ZodIssueCode.custom, message });
        return z.NEVER;
      }
      return ms;
    });

const optionalId = z.string().max(40).optional();

/** The scheduler's event form: times are typed in Beijing time; empty slot rows are ignored. */
export const eventFormInput = z.object({
  title: z.string({ required_error: "roadshows:errors.eventTitle" }).trim().min(2, { message: "roadshows:errors.eventTitle" }).max(120, { message: "roadshows:errors.eventTitle" }),
  description: z.string().trim().max(4000).optional(),
  format: z.enum(EVENT_FORMATS),
  venueId: z.string({ required_error: "roadshows:errors.venueNotFound" }).max(40),
  startsAt: shanghaiTime("roadshows:errors.time"),
  endsAt: shanghaiTime("roadshows:errors.time"),
  registrationDeadline: shanghaiTime("roadshows:errors.time"),
  audience: z.enum(EVENT_AUDIENCES),
  capacity: z.number({ required_error: "roadshows:errors.capacity", invalid_type_error: "roadshows:errors.capacity" }).int({ message: "roadshows:errors.capacity" }),
  streamUrl: z.string().max(2000).optional(),
  recordingUrl: z.string().max(2000).optional(),
  slots: z
    .array(z.object({ enterpriseOrgId: optionalId, deckId: optionalId }).optional())
    .max(10)
    .default([])
    .transform((rows) => rows.flatMap((r) => (r?.enterpriseOrgId ? [{ enterpriseOrgId: r.enterpriseOrgId, deckId: r.deckId ?? null }] : []))),
  moderatorUserIds: z.array(z.string().max(40)).max(20).default([]),
  invitedOrgIds: z.array(z.string().max(40)).max(200).default([]),
  fromRequestId: optionalId,
});
export type EventFormInput = z.infer<typeof eventFormInput>;

export const venueFormInput = z.object({
  id: optionalId,
  name: z.string({ required_error: "roadshows:errors.venueName" }).trim().min(2, { message: "roadshows:errors.venueName" }).max(80, { message: "roadshows:errors.venueName" }),
  kind: z.enum(VENUE_KINDS),
  address: z.string().trim().max(200).optional(),
  capacity: z.number({ required_error: "roadshows:errors.capacity", invalid_type_error: "roadshows:errors.capacity" }).int({ message: "roadshows:errors.capacity" }),
  archived: z.boolean().default(false),
});

export const requestFormInput = z.object({
  preferredDates: z.array(z.string().max(10)).min(1, { message: "roadshows:errors.preferredDates" }).max(3, { message: "roadshows:errors.preferredDates" }),
  audience: z.enum(EVENT_AUDIENCES),
  deckId: optionalId,
  note: z.string().max(1000, { message: "roadshows:errors.noteTooLong" }).optional(),
});
