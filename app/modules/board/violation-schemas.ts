import { z } from "zod";
import { VIOLATION_KINDS } from "@db/schema/constants";

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A violation as staff record it; shared by the service (the authority) and the page's client-side validation. */
export const violationInput = z.object({
  id: z.string().min(8).max(40).optional(),
  enterpriseOrgId: z.string().min(1),
  kind: z.enum(VIOLATION_KINDS),
  source: z.string().trim().min(2).max(200),
  occurredOn: z.string().regex(DATE, "boardRules:errors.badDate"),
  description: z.string().trim().min(4).max(2000),
  evidence: z.string().trim().min(4).max(4000),
});
