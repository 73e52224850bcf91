import { z } from "zod";
import { LISTING_MARKETS, NEEQ_STATUSES, PE_ROUNDS, SME_SIZES, SRDI_STATUSES } from "@db/schema/constants";

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The facts the tier rules read, as an enterprise or its service person files them; shared by the service and the page. */
export const factSetInput = z
  .object({
    srdiStatus: z.enum(SRDI_STATUSES),
    srdiCertificateNo: z.string().trim().max(60).nullish(),
    smeSize: z.enum(SME_SIZES).nullish(),
    govFundInvested: z.boolean().default(false),
    listingReserve: z.boolean().default(false),
    ipoTutoring: z.boolean().default(false),
    neeqStatus: z.enum(NEEQ_STATUSES).default("never"),
    plansIpo: z.boolean().default(false),
    listingPlanMarket: z.enum(LISTING_MARKETS).nullish(),
    // The form offers a few blank rows; a row without a round is not a round.
    peRounds: z.preprocess(
      (v) => (Array.isArray(v) ? v.filter((r) => r && typeof r === "object" && (r as { round?: unknown }).round) : v),
      z
      .array(z.object({ round: z.enum(PE_ROUNDS), investors: z.string().trim().min(1).max(200), closedOn: z.string().regex(DATE, "boardRules:errors.badDate"), govFund: z.boolean().default(false) }))
      .max(12),
    ).default([]),
  })
  .superRefine((v, ctx) => {
    if (v.srdiStatus !== "none" && !v.srdiCertificateNo) ctx.addIssue({ code: "custom", path: ["srdiCertificateNo"], message: "board:errors.certificateRequired" });
    if (v.peRounds.length > 0 && !v.smeSize) ctx.addIssue({ code: "custom", path: ["smeSize"], message: "boardRules:errors.smeSizeRequired" });
  });
export type FactSet = z.output<typeof factSetInput>;

export const factUpdateInput = z.object({
  id: z.string().min(8).max(40).optional(),
  enterpriseOrgId: z.string().min(1),
  facts: factSetInput,
  evidence: z.string().trim().min(4).max(4000),
});

