import { z } from "zod";
import { CULTIVATION_STAGES, ESOP_AUDIENCES, ESOP_ENTRY_KINDS, ESOP_KINDS, REPORT_PERIOD_KINDS, SERVICE_REQUEST_KINDS, VISIT_KINDS } from "@db/schema/constants";

/** Form schemas of the service desk (shared by the routes' conform forms and their actions). */

export const newServiceRequestForm = z.object({
  intent: z.literal("raise"),
  id: z.string().min(8).max(64),
  enterpriseOrgId: z.string().max(64).optional(),
  kind: z.enum(SERVICE_REQUEST_KINDS),
  title: z.string({ required_error: "staff:errors.titleRequired" }).trim().min(2).max(120),
  body: z.string({ required_error: "staff:errors.bodyRequired" }).trim().min(2).max(4000),
});

/** One action per button on the request page; `intent` decides which. */
export const serviceRequestActionForm = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("start") }),
  z.object({ intent: z.literal("resolve"), note: z.string({ required_error: "staff:errors.resolutionRequired" }).trim().min(2).max(4000) }),
  z.object({ intent: z.literal("close"), note: z.string().trim().max(4000).optional() }),
  z.object({ intent: z.literal("reopen"), note: z.string().trim().max(4000).optional() }),
  z.object({ intent: z.literal("rate"), rating: z.coerce.number({ invalid_type_error: "staff:errors.ratingRange" }).int(), comment: z.string().trim().max(1000).optional() }),
]);

const participants = z
  .string({ required_error: "staff:errors.participantsRequired" })
  .transform((s) => s.split(/[,，、\n]/).map((p) => p.trim()).filter(Boolean))
  .pipe(z.array(z.string().max(80)).min(1, "staff:errors.participantsRequired").max(20));

export const enterprisePageActionForm = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("reassign"), userId: z.string().min(1).max(64), reason: z.string({ required_error: "staff:errors.reasonRequired" }).trim().min(2).max(500) }),
  z.object({
    intent: z.literal("visit"),
    id: z.string().min(8).max(64),
    kind: z.enum(VISIT_KINDS),
    visitedOn: z.string({ required_error: "staff:errors.dateRequired" }).regex(/^\d{4}-\d{2}-\d{2}$/),
    participants,
    findings: z.string({ required_error: "staff:errors.findingsRequired" }).trim().min(2).max(8000),
    followUpText: z.string().trim().max(1000).optional(),
    followUpKind: z.enum(SERVICE_REQUEST_KINDS).optional(),
    followUpAsRequest: z
      .enum(["on"])
      .optional()
      .transform((v) => v === "on"),
  }),
  z.object({ intent: z.literal("followUp"), followUpId: z.string().min(1).max(64) }),
  z.object({
    intent: z.literal("stage"),
    stage: z.enum(CULTIVATION_STAGES),
    reachedOn: z.string({ required_error: "staff:errors.dateRequired" }).regex(/^\d{4}-\d{2}-\d{2}$/),
    note: z.string().trim().max(1000).optional(),
  }),
]);

export const reportPeriodInput = z.object({
  kind: z.enum(REPORT_PERIOD_KINDS),
  period: z.string().trim().max(10),
});

export const esopActionForm = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("plan"),
    id: z.string().min(8).max(64),
    name: z.string({ required_error: "staff:errors.titleRequired" }).trim().min(2).max(120),
    kind: z.enum(ESOP_KINDS),
    poolShares: z.coerce.number().int().positive(),
    approvedOn: z.string({ required_error: "staff:errors.dateRequired" }).regex(/^\d{4}-\d{2}-\d{2}$/),
    audience: z.enum(ESOP_AUDIENCES),
  }),
  z.object({
    intent: z.literal("entry"),
    id: z.string().min(8).max(64),
    planId: z.string().min(1).max(64),
    kind: z.enum(ESOP_ENTRY_KINDS),
    holderName: z.string({ required_error: "staff:errors.holderRequired" }).trim().min(1).max(80),
    toHolderName: z.string().trim().max(80).optional(),
    shares: z.coerce.number().int().positive(),
    effectiveOn: z.string({ required_error: "staff:errors.dateRequired" }).regex(/^\d{4}-\d{2}-\d{2}$/),
    disclosure: z.string({ required_error: "staff:errors.disclosureRequired" }).trim().min(2).max(2000),
    send: z
      .enum(["1"])
      .optional()
      .transform((v) => v === "1"),
  }),
  z.object({ intent: z.literal("participant"), planId: z.string().min(1).max(64), userId: z.string().min(1).max(64), holderName: z.string({ required_error: "staff:errors.holderRequired" }).trim().min(1).max(80) }),
  z.object({ intent: z.literal("send"), entryId: z.string().min(1).max(64) }),
  z.object({ intent: z.literal("custody"), planId: z.string().min(1).max(64), custodyAccountNo: z.string().trim().min(1).max(40) }),
]);
