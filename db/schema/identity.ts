import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { ORG_KINDS, INSTITUTION_TYPES, REGULATOR_CODES, ROLES } from "./constants";
export { ORG_KINDS, INSTITUTION_TYPES, REGULATOR_CODES, ROLES, EXCHANGE_ROLES, type OrgKind, type InstitutionType, type RegulatorCode, type Role } from "./constants";

const now = sql`(cast(unixepoch('subsec') * 1000 as integer))`;

/** Prefectures (地州市) whose industry bureaus receive applications. */
export const prefectures = sqliteTable("prefectures", {
  code: text("code").primaryKey(), // 4-digit division code, e.g. 6501
  nameZh: text("name_zh").notNull(),
  nameEn: text("name_en").notNull(),
  sortOrder: integer("sort_order").notNull().default(0),
});

/**
 * Editable routing from a registration division code (chars 3–8 of a USCC) to the prefecture whose
 * bureau handles the enterprise. Longest prefix wins, so XPCC cities (6590xx) can route elsewhere
 * than their 4-digit prefix would say.
 */
export const divisionRoutes = sqliteTable("division_routes", {
  prefix: text("prefix").primaryKey(),
  labelZh: text("label_zh").notNull(),
  labelEn: text("label_en").notNull(),
  prefectureCode: text("prefecture_code")
    .notNull()
    .references(() => prefectures.code),
  updatedAt: integer("updated_at").notNull().default(now),
});

export const organisations = sqliteTable(
  "organisations",
  {
    id: text("id").primaryKey(),
    kind: text("kind", { enum: ORG_KINDS }).notNull(),
    name: text("name").notNull(),
    nameEn: text("name_en"),
    uscc: text("uscc"),
    divisionCode: text("division_code"),
    prefectureCode: text("prefecture_code").references(() => prefectures.code),
    institutionType: text("institution_type", { enum: INSTITUTION_TYPES }),
    regulatorCode: text("regulator_code", { enum: REGULATOR_CODES }),
    industrySection: text("industry_section"),
    createdAt: integer("created_at").notNull().default(now),
  },
  (t) => [
    uniqueIndex("organisations_uscc_unique").on(t.uscc),
    index("organisations_kind_idx").on(t.kind),
    index("organisations_prefecture_idx").on(t.prefectureCode),
  ],
);

export const users = sqliteTable(
  "users",
  {
    id: text("id").primaryKey(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    passwordHash: text("password_hash").notNull(),
    locale: text("locale").notNull().default("zh-CN"),
    createdAt: integer("created_at").notNull().default(now),
    disabledAt: integer("disabled_at"),
    /** TOTP (RFC 6238) secret, base32; set at enrolment, in force once totpEnabledAt is set. */
    totpSecret: text("totp_secret"),
    totpEnabledAt: integer("totp_enabled_at"),
    /** The last TOTP time step accepted: a code is good once (ASVS 6.5.1). */
    totpLastStep: integer("totp_last_step"),
  },
  (t) => [uniqueIndex("users_email_unique").on(t.email)],
);

export const memberships = sqliteTable(
  "memberships",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    orgId: text("org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    role: text("role", { enum: ROLES }).notNull(),
    createdAt: integer("created_at").notNull().default(now),
  },
  (t) => [
    uniqueIndex("memberships_user_org_role_unique").on(t.userId, t.orgId, t.role),
    index("memberships_org_idx").on(t.orgId),
  ],
);

/** Server-side sessions: the cookie only carries the id, so "sign out everywhere" is a delete. */
export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: integer("expires_at").notNull(),
    createdAt: integer("created_at").notNull().default(now),
    userAgent: text("user_agent"),
    ip: text("ip"),
    /** Last request or socket event on this session: the idle timeout runs from here. */
    lastSeenAt: integer("last_seen_at").notNull().default(now),
    /**
     * full: signed in. mfa: password checked, TOTP or recovery code still due. enrol: password checked, the role
     * requires MFA and the user must set it up first. Only a full session acts for the user.
     */
    stage: text("stage", { enum: ["full", "mfa", "enrol"] }).notNull().default("full"),
    /** When the second factor was checked for this session (null: password only). */
    mfaAt: integer("mfa_at"),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

export const invitations = sqliteTable(
  "invitations",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    role: text("role", { enum: ROLES }).notNull(),
    tokenHash: text("token_hash").notNull(),
    invitedBy: text("invited_by")
      .notNull()
      .references(() => users.id),
    expiresAt: integer("expires_at").notNull(),
    usedAt: integer("used_at"),
    revokedAt: integer("revoked_at"),
    createdAt: integer("created_at").notNull().default(now),
  },
  (t) => [uniqueIndex("invitations_token_unique").on(t.tokenHash), index("invitations_org_idx").on(t.orgId)],
);

export const passwordResets = sqliteTable(
  "password_resets",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull(),
    expiresAt: integer("expires_at").notNull(),
    usedAt: integer("used_at"),
    createdAt: integer("created_at").notNull().default(now),
  },
  (t) => [uniqueIndex("password_resets_token_unique").on(t.tokenHash)],
);

/** Fixed-window counters for login throttling, keyed by "account:<email>" or "ip:<address>". */
export const rateLimits = sqliteTable("rate_limits", {
  key: text("key").primaryKey(),
  count: integer("count").notNull(),
  windowStart: integer("window_start").notNull(),
  blockedUntil: integer("blocked_until"),
});

/** One-time recovery codes for a lost authenticator; only their hashes are stored, each works once. */
export const recoveryCodes = sqliteTable(
  "recovery_codes",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    codeHash: text("code_hash").notNull(),
    usedAt: integer("used_at"),
    createdAt: integer("created_at").notNull().default(now),
  },
  (t) => [index("recovery_codes_user_idx").on(t.userId)],
);
