import { z } from "zod";
import { INSTITUTION_TYPES, REGULATOR_CODES, ROLES } from "@db/schema/constants";
import { checkUscc } from "./uscc";

// Input schemas shared by the forms (client-side hints) and the services (the real check).
// Messages are i18n keys.

export const emailField = z
  .string({ required_error: "validation.required" })
  .trim()
  .toLowerCase()
  .max(254, "validation.tooLong")
  .email("validation.email");
export const passwordField = z
  .string({ required_error: "validation.required" })
  .min(10, "validation.passwordTooShort")
  .max(200, "validation.tooLong");
export const personNameField = z.string({ required_error: "validation.required" }).trim().min(1, "validation.required").max(60, "validation.tooLong");
export const orgNameField = z.string({ required_error: "validation.required" }).trim().min(2, "validation.tooShort").max(120, "validation.tooLong");

export const usccField = z
  .string({ required_error: "validation.required" })
  .superRefine((value, zctx) => {
    const check = checkUscc(value);
    if (!check.ok) {
      zctx.addIssue({
        code: z.ZodIssueCode.custom,
        // Values travel inside the message ("key|{json}", see forms.server.ts): conform keeps only messages.
        message: `uscc.${check.reason}|${JSON.stringify({ expected: check.expected ?? "", badChar: check.badChar ?? "" })}`,
      });
    }
  })
  .transform((v) => v.trim().toUpperCase().replace(/\s+/g, ""));

const accountFields = { name: personNameField, email: emailField, password: passwordField };

export const enterpriseSignUpInput = z.object({ kind: z.literal("enterprise"), orgName: orgNameField, uscc: usccField, ...accountFields });
export const institutionSignUpInput = z.object({
  kind: z.literal("institution"),
  orgName: orgNameField,
  institutionType: z.enum(INSTITUTION_TYPES, { errorMap: () => ({ message: "validation.choose" }) }),
  ...accountFields,
});
export const signUpInput = z.discriminatedUnion("kind", [enterpriseSignUpInput, institutionSignUpInput]);
export type SignUpInput = z.infer<typeof signUpInput>;

export const loginInput = z.object({ email: emailField, password: z.string().min(1, "validation.required").max(200) });

export const inviteInput = z.object({
  email: emailField,
  role: z.enum(ROLES, { errorMap: () => ({ message: "validation.choose" }) }),
});

export const acceptInvitationInput = z.object({ name: personNameField.optional(), password: passwordField });

export const requestResetInput = z.object({ email: emailField });

export const resetPasswordInput = z
  .object({ password: passwordField, confirm: z.string() })
  .refine((v) => v.password === v.confirm, { message: "validation.passwordsDiffer", path: ["confirm"] });

/** Organisations that only an exchange admin may create: they are authorities, not self-declared. */
export const createAuthorityInput = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("bureau"),
    name: orgNameField,
    prefectureCode: z.string().regex(/^\d{4}$/, "validation.choose"),
    adminEmail: emailField,
  }),
  z.object({
    kind: z.literal("regulator"),
    name: orgNameField,
    regulatorCode: z.enum(REGULATOR_CODES, { errorMap: () => ({ message: "validation.choose" }) }),
    adminEmail: emailField,
  }),
]);

export const staffInviteInput = z.object({ email: emailField, role: z.enum(ROLES) });

export const orgListQuery = z.object({
  kind: z.enum(["enterprise", "institution", "bureau", "regulator", "exchange"]).optional(),
  q: z.string().trim().max(100).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});

export const divisionRouteInput = z.object({
  prefix: z.string().regex(/^\d{4,6}$/, "routing.prefixFormat"),
  labelZh: z.string().trim().min(1).max(40),
  labelEn: z.string().trim().min(1).max(60),
  prefectureCode: z.string().regex(/^\d{4}$/),
});
